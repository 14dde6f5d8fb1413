/** IndexedDB stores (idb-keyval), one per concern, each in its own database so they never block each other. */
import { createStore, type UseStore } from 'idb-keyval';

let sessions: UseStore | undefined;
let credentials: UseStore | undefined;

/** Host sessions on this device: key = code, value = HostRecord. */
export function sessionStore(): UseStore {
  return (sessions ??= createStore('sommelier-arena-sessions', 'sessions'));
}

/** Participant credentials on this device: key = code, value = Credential. */
export function credentialStore(): UseStore {
  return (credentials ??= createStore('sommelier-arena-play', 'credentials'));
}

/** Thrown when the browser refuses to store (private mode, quota, blocked database). */
export class StorageError extends Error {
  constructor(cause: unknown) {
    super('this browser refused to save data (private mode or storage full?)', { cause });
    this.name = 'StorageError';
  }
}

/** Runs an IndexedDB operation, turning any failure into a StorageError. */
export async function guarded<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw new StorageError(e);
  }
}
