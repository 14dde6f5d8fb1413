/** The host's sessions on this device (DESIGN §4): full state, the PeerJS token, kept until the host deletes them. */
import { del, get, set, values } from 'idb-keyval';
import type { SessionState } from '../engine';
import { guarded, sessionStore } from './db';

/** Everything the host persists for one session. `peerToken` reclaims `sa-<code>-host` after a reload. */
export interface HostRecord {
  state: SessionState;
  peerToken: string;
}

/** Saves a session; resolves only once IndexedDB committed it. @throws StorageError */
export function saveSession(record: HostRecord): Promise<void> {
  return guarded(() => set(record.state.code, record, sessionStore()));
}

/** Loads one session by code, or undefined. @throws StorageError */
export function loadSession(code: string): Promise<HostRecord | undefined> {
  return guarded(() => get<HostRecord>(code, sessionStore()));
}

/** Every session on this device, newest first. @throws StorageError */
export async function listSessions(): Promise<HostRecord[]> {
  const all = await guarded(() => values<HostRecord>(sessionStore()));
  return all.sort((a, b) => b.state.createdAt - a.state.createdAt);
}

/** Deletes one session. @throws StorageError */
export function deleteSession(code: string): Promise<void> {
  return guarded(() => del(code, sessionStore()));
}
