/** The host's sessions on this device (DESIGN §4): full state, the PeerJS token, kept until the host deletes them. */
import { del, get, set, values } from 'idb-keyval';
import type { SessionState } from '../engine';
import { guarded, sessionStore } from './db';

/** Everything the host persists for one session. `peerToken` reclaims `sa-<code>-host` after a reload. */
export interface HostRecord {
  state: SessionState;
  peerToken: string;
}

/**
 * A record as saved by an earlier build brought to today's shape: sessions saved before the latecomers setting
 * existed get its default (on). Records already in today's shape come back unchanged.
 */
export function upgradeRecord(record: HostRecord): HostRecord {
  if (typeof record.state.latecomers === 'boolean') return record;
  return { ...record, state: { ...record.state, latecomers: true } };
}

/** Saves a session; resolves only once IndexedDB committed it. @throws StorageError */
export function saveSession(record: HostRecord): Promise<void> {
  return guarded(() => set(record.state.code, record, sessionStore()));
}

/** Loads one session by code, or undefined. @throws StorageError */
export async function loadSession(code: string): Promise<HostRecord | undefined> {
  const record = await guarded(() => get<HostRecord>(code, sessionStore()));
  return record && upgradeRecord(record);
}

/** Every session on this device, newest first. @throws StorageError */
export async function listSessions(): Promise<HostRecord[]> {
  const all = (await guarded(() => values<HostRecord>(sessionStore()))).map(upgradeRecord);
  return all.sort((a, b) => b.state.createdAt - a.state.createdAt);
}

/** Deletes one session. @throws StorageError */
export function deleteSession(code: string): Promise<void> {
  return guarded(() => del(code, sessionStore()));
}
