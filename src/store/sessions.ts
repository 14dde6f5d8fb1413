/**
 * The host's sessions on this device (docs/local-vs-production.md#what-is-stored-where): full state, the PeerJS token, kept until the host deletes them.
 *
 * Every record is saved with SESSION_VERSION and read back through `readRecord`: records of earlier versions are
 * migrated step by step, then checked against `SessionStateSchema`. A record that cannot be read is never dropped:
 * it is moved to a separate store (`listUnreadable` reports it on the dashboard, where it can be downloaded), and a
 * record saved by a newer build is left where it is for that build.
 *
 * Adding a persistent field (to `SessionState` in the engine, or to `HostRecord`):
 *   1. add it to the type and to the schema below: the typecheck fails until both agree (`StateMatchesEngine`);
 *   2. bump SESSION_VERSION and add the step `MIGRATIONS[old version]` that gives records of the previous version
 *      the field's value (usually its default): `sessions.test.ts` keeps a fingerprint of the schema per version and
 *      fails until you do, then tells you the line to record;
 *   3. add a saved record of the previous shape to `SAVED_BY_EARLIER_BUILDS` in `sessions.test.ts`.
 */
import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import * as v from 'valibot';
import { CATEGORIES, PHASES, type SessionState } from '../engine';
import type { Equals } from '../lib/type-equals';
import { guarded, sessionStore } from './db';

/** Everything the host persists for one session. `peerToken` reclaims `sa-<code>-host` after a reload. */
export interface HostRecord {
  state: SessionState;
  peerToken: string;
}

/**
 * Version of the saved record's shape. Records saved before versions existed have none: they are version 1.
 * History: 1 (no version field; `latecomers` missing until it was added), 2 (`version`, `latecomers` always set),
 * 3 (`removedTokens`: who the host removed, so they cannot rejoin), 4 (`joinsLocked`: "Lock: no new players").
 */
export const SESSION_VERSION = 4;

/** A record as it sits in IndexedDB. */
type StoredRecord = HostRecord & { version: number };

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * `MIGRATIONS[n]` turns a record of version n into one of version n + 1. It may assume the record had version n's
 * shape (the schema check after the last step catches anything else) and must not mutate its input.
 */
const MIGRATIONS: Record<number, (record: Loose) => Loose> = {
  /** 1 -> 2: `latecomers` was added without a version; records saved before it get its default (on). */
  1: (record) => {
    const state = isObject(record.state) ? record.state : {};
    return { ...record, state: { latecomers: true, ...state } };
  },
  /** 2 -> 3: `removedTokens` is new; nobody was removed for good before it. */
  2: (record) => {
    const state = isObject(record.state) ? record.state : {};
    return { ...record, state: { ...state, removedTokens: [] } };
  },
  /** 3 -> 4: `joinsLocked` is new; no session was locked before it. */
  3: (record) => {
    const state = isObject(record.state) ? record.state : {};
    return { ...record, state: { ...state, joinsLocked: false } };
  },
};

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Time = v.number();
const OptionSchema = v.strictObject({ id: v.string(), text: v.string() });
const QuestionSchema = v.strictObject({
  id: v.string(),
  category: v.picklist(CATEGORIES),
  options: v.array(OptionSchema),
  correctOptionId: v.string(),
});
const SessionStateSchema = v.strictObject({
  code: v.string(),
  createdAt: Time,
  updatedAt: Time,
  tasting: v.strictObject({
    title: v.string(),
    timerSeconds: v.number(),
    wines: v.array(v.strictObject({ name: v.string(), questions: v.array(QuestionSchema) })),
  }),
  maxParticipants: Count,
  latecomers: v.boolean(),
  joinsLocked: v.boolean(),
  phase: v.picklist(PHASES),
  wineIndex: Count,
  questionIndex: Count,
  deadline: v.nullable(Time),
  remainingMs: v.nullable(v.number()),
  participants: v.array(
    v.strictObject({ id: v.string(), token: v.string(), joinedAt: Time, connected: v.boolean() }),
  ),
  answers: v.record(v.string(), v.record(v.string(), v.strictObject({ optionId: v.string(), firstAt: Time, at: Time }))),
  points: v.record(v.string(), v.record(v.string(), v.number())),
  removedTokens: v.array(v.string()),
});
/** The saved record of SESSION_VERSION (exported for the schema fingerprint test). */
export const StoredRecordSchema = v.strictObject({
  version: v.literal(SESSION_VERSION),
  state: SessionStateSchema,
  peerToken: v.string(),
});

/** Compile-time check: the schema describes exactly the engine's `SessionState`; a field on one side only fails here. */
const stateMatchesEngine: Equals<v.InferOutput<typeof SessionStateSchema>, SessionState> = true;
void stateMatchesEngine;

/** What reading one saved value gave. */
export type ReadResult =
  | { ok: true; record: HostRecord }
  /** Saved by a newer build of the app (its `version` is above SESSION_VERSION): leave it for that build. */
  | { ok: false; newer: true; version: number }
  /** Not a session this build can read; `reason` says why, for the person and for a bug report. */
  | { ok: false; newer: false; reason: string };

/** Brings a saved value of any earlier version to today's shape and checks it. Never throws. */
export function readRecord(stored: unknown): ReadResult {
  if (!isObject(stored)) return { ok: false, newer: false, reason: 'not a saved session' };
  const version = stored.version ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { ok: false, newer: false, reason: `unknown version ${JSON.stringify(version)}` };
  if (version > SESSION_VERSION) return { ok: false, newer: true, version };
  let record: Loose = stored;
  try {
    for (let n = version; n < SESSION_VERSION; n++) record = { ...MIGRATIONS[n]!(record), version: n + 1 };
  } catch (e) {
    return { ok: false, newer: false, reason: `migration from version ${version} failed: ${String(e)}` };
  }
  const parsed = v.safeParse(StoredRecordSchema, record);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, newer: false, reason: `${path ? `${path}: ` : ''}${issue.message}` };
  }
  const { state, peerToken } = parsed.output;
  return { ok: true, record: { state, peerToken } };
}

/** Thrown by `loadSession` when the saved session cannot be used by this build. */
export class UnreadableSessionError extends Error {
  constructor(
    readonly code: string,
    /** True when a newer build saved it (update the app to open it); false when it was set aside. */
    readonly newer: boolean,
    reason: string,
  ) {
    super(newer ? `tasting ${code} was saved by a newer version of the app` : `tasting ${code} could not be read: ${reason}`);
    this.name = 'UnreadableSessionError';
  }
}

/** A saved session this build could not read: kept aside (or, if `newer`, left in place for a newer build). */
export interface UnreadableSession {
  /** The key it was saved under (the session code). */
  code: string;
  newer: boolean;
  reason: string;
  /** Host ms when it was set aside (0 for `newer`, which stays in place). */
  setAsideAt: number;
  /** The saved value exactly as found, for a download or a bug report. */
  saved: unknown;
}

let asideStore: UseStore | undefined;
/** Sessions set aside because they could not be read: key = `<code>@<ms>`, value = UnreadableSession. */
function setAsideStore(): UseStore {
  return (asideStore ??= createStore('sommelier-arena-sessions-set-aside', 'sessions'));
}

/** Moves an unreadable saved value out of the session store (first copied aside, then removed). */
async function setAside(code: string, saved: unknown, reason: string): Promise<void> {
  const entry: UnreadableSession = { code, newer: false, reason, setAsideAt: Date.now(), saved };
  await guarded(() => set(`${code}@${entry.setAsideAt}`, entry, setAsideStore()));
  await guarded(() => del(code, sessionStore()));
}

/** Reads one stored value; an unreadable one is set aside. Returns the record or why there is none. */
async function readStored(code: string, stored: unknown): Promise<ReadResult> {
  const result = readRecord(stored);
  if (!result.ok && !result.newer) await setAside(code, stored, result.reason);
  return result;
}

/** Saves a session (as SESSION_VERSION); resolves only once IndexedDB committed it. @throws StorageError */
export function saveSession(record: HostRecord): Promise<void> {
  const stored: StoredRecord = { version: SESSION_VERSION, state: record.state, peerToken: record.peerToken };
  return guarded(() => set(record.state.code, stored, sessionStore()));
}

/** True when something is saved under `code` (readable or not). @throws StorageError */
export async function hasSession(code: string): Promise<boolean> {
  return (await guarded(() => get(code, sessionStore()))) !== undefined;
}

/**
 * Loads one session by code (migrated to today's shape), or undefined.
 * @throws UnreadableSessionError (the record was set aside, or is a newer build's); StorageError.
 */
export async function loadSession(code: string): Promise<HostRecord | undefined> {
  const stored = await guarded(() => get<unknown>(code, sessionStore()));
  if (stored === undefined) return undefined;
  const result = await readStored(code, stored);
  if (result.ok) return result.record;
  throw new UnreadableSessionError(code, result.newer, result.newer ? `version ${result.version}` : result.reason);
}

/** Every readable session on this device, newest first; unreadable ones are set aside on the way. @throws StorageError */
export async function listSessions(): Promise<HostRecord[]> {
  const all = await guarded(() => entries<IDBValidKey, unknown>(sessionStore()));
  const records: HostRecord[] = [];
  for (const [key, stored] of all) {
    const result = await readStored(String(key), stored);
    if (result.ok) records.push(result.record);
  }
  return records.sort((a, b) => b.state.createdAt - a.state.createdAt);
}

/** Sessions this build cannot open: those set aside, then those a newer build saved. @throws StorageError */
export async function listUnreadable(): Promise<UnreadableSession[]> {
  const aside = (await guarded(() => entries<IDBValidKey, UnreadableSession>(setAsideStore()))).map(([, e]) => e);
  const newer: UnreadableSession[] = [];
  for (const [key, stored] of await guarded(() => entries<IDBValidKey, unknown>(sessionStore()))) {
    const result = readRecord(stored);
    if (!result.ok && result.newer)
      newer.push({ code: String(key), newer: true, reason: `saved by version ${result.version}`, setAsideAt: 0, saved: stored });
  }
  return [...aside.sort((a, b) => b.setAsideAt - a.setAsideAt), ...newer];
}

/** Forgets a set-aside session for good (the host chose to discard it). @throws StorageError */
export function discardUnreadable(entry: UnreadableSession): Promise<void> {
  return guarded(() => del(`${entry.code}@${entry.setAsideAt}`, setAsideStore()));
}

/** Deletes one session. @throws StorageError */
export function deleteSession(code: string): Promise<void> {
  return guarded(() => del(code, sessionStore()));
}
