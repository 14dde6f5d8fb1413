/** A participant's seat on this device (docs/local-vs-production.md#what-is-stored-where): enough to rejoin, nothing more. */
import { del, get, set } from 'idb-keyval';
import { credentialStore, guarded } from './db';

/** `token` is the 128-bit rejoin secret the host gave at join. */
export interface Credential {
  code: string;
  pseudonym: string;
  token: string;
  savedAt: number;
}

/** @throws StorageError */
export function saveCredential(c: Credential): Promise<void> {
  return guarded(() => set(c.code, c, credentialStore()));
}

/** The saved seat for session `code`, or undefined (also when storage is unavailable: then we just join anew). */
export async function loadCredential(code: string): Promise<Credential | undefined> {
  try {
    return await get<Credential>(code, credentialStore());
  } catch {
    return undefined;
  }
}

/** Forgets the seat for `code` (after INVALID_REJOIN or removal). Never throws. */
export async function forgetCredential(code: string): Promise<void> {
  try {
    await del(code, credentialStore());
  } catch {
    // nothing to forget
  }
}
