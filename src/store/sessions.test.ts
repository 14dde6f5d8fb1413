import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../engine';
import { T0, tastingOf } from '../../tests/support/engine';
import { fingerprint, fingerprintProblem } from '../../tests/support/schema';

/** idb-keyval over one Map per store (no IndexedDB in this environment). */
const db = vi.hoisted(() => ({ stores: new Map<string, Map<IDBValidKey, unknown>>() }));
vi.mock('idb-keyval', () => {
  const store = (name: string) => db.stores.get(name) ?? db.stores.set(name, new Map()).get(name)!;
  return {
    createStore: (dbName: string) => dbName,
    get: async (key: IDBValidKey, s: string) => structuredClone(store(s).get(key)),
    set: async (key: IDBValidKey, value: unknown, s: string) => void store(s).set(key, structuredClone(value)),
    del: async (key: IDBValidKey, s: string) => void store(s).delete(key),
    entries: async (s: string) => [...store(s).entries()].map(([k, v]) => [k, structuredClone(v)]),
  };
});

const {
  hasSession,
  listSessions,
  listUnreadable,
  loadSession,
  readRecord,
  saveSession,
  SESSION_VERSION,
  StoredRecordSchema,
  UnreadableSessionError,
  discardUnreadable,
} = await import('./sessions');
const SESSIONS = 'sommelier-arena-sessions';
const ASIDE = 'sommelier-arena-sessions-set-aside';
const raw = (store: string) => db.stores.get(store) ?? db.stores.set(store, new Map()).get(store)!;

/** The fingerprint of the saved record's schema, per SESSION_VERSION (the failing test prints the line to add). */
const SAVED_FINGERPRINTS: Record<number, string> = {
  2: 'b24d7f0785f01203',
  3: '64da5929806513b0',
  4: '7a1b7cc21a029150',
};

/** Sessions exactly as earlier builds saved them, with the version each was saved as (tests/fixtures/saved-sessions). */
const SAVED_BY_EARLIER_BUILDS: { file: string; version: number }[] = [
  { file: 'version-1.json', version: 1 },
  { file: 'version-1-latecomers.json', version: 1 },
  { file: 'version-2.json', version: 2 },
  { file: 'version-3.json', version: 3 },
];
const saved = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../tests/fixtures/saved-sessions/${file}`, import.meta.url), 'utf8'));

beforeEach(() => db.stores.clear());

describe('the saved-session format', () => {
  it('changes only with a new SESSION_VERSION (and a migration step to it)', () => {
    const now = fingerprint(StoredRecordSchema);
    expect(fingerprintProblem(SAVED_FINGERPRINTS, SESSION_VERSION, now, 'SAVED_FINGERPRINTS', 'SESSION_VERSION')).toBeUndefined();
  });

  it('has a saved record of every earlier version to test its migration with', () => {
    const versions = new Set(SAVED_BY_EARLIER_BUILDS.map((s) => s.version));
    for (let n = 1; n < SESSION_VERSION; n++) expect(versions.has(n), `a saved session of version ${n}`).toBe(true);
  });
});

describe('readRecord: sessions saved by earlier builds', () => {
  it.each(SAVED_BY_EARLIER_BUILDS)('reads $file (version $version) with nothing lost', ({ file }) => {
    const stored = saved(file);
    const result = readRecord(stored);
    if (!result.ok) throw new Error(`not read: ${JSON.stringify(result)}`);
    const { latecomers, removedTokens, joinsLocked, ...state } = result.record.state;
    // Everything that was saved is there, unchanged; only what did not exist yet was added.
    const old = stored.state as Record<string, unknown>;
    expect(state).toEqual(Object.fromEntries(Object.entries(old).filter(([k]) => !['latecomers', 'removedTokens', 'joinsLocked'].includes(k))));
    expect(result.record.peerToken).toBe(stored.peerToken);
    expect(latecomers).toBe('latecomers' in old ? old.latecomers : true);
    expect(removedTokens).toEqual('removedTokens' in old ? old.removedTokens : []);
    expect(joinsLocked).toBe(false);
  });

  it('reads what saveSession writes, as it was', async () => {
    const state = createSession('1234', tastingOf('one-wine'), T0);
    await saveSession({ state, peerToken: 'tok' });
    expect(raw(SESSIONS).get('1234')).toMatchObject({ version: SESSION_VERSION });
    expect(await loadSession('1234')).toEqual({ state, peerToken: 'tok' });
  });

  it.each([
    ['not an object', 'hello', /not a saved session/],
    ['an unknown version', { version: 'two', state: {}, peerToken: 'x' }, /unknown version/],
    ['a missing field', { version: SESSION_VERSION, peerToken: 'x' }, /state/],
    ['a field of the wrong type', { ...saved('version-1.json'), peerToken: 7 }, /peerToken/],
  ])('refuses %s, saying why', (_name, stored, reason) => {
    const result = readRecord(stored);
    expect(result.ok).toBe(false);
    expect(!result.ok && !result.newer && result.reason).toMatch(reason);
  });

  it('refuses a field it does not know (no silent drop of data a newer field carried)', () => {
    const stored = saved('version-1-latecomers.json');
    const result = readRecord({ ...stored, state: { ...(stored.state as object), speedBonus: true } });
    expect(result.ok).toBe(false);
  });
});

describe('unreadable sessions are kept aside and reported, never dropped', () => {
  const broken = { state: { code: '5555', phase: 'nonsense' }, peerToken: 'x' };

  it('listSessions lists the good ones and moves a broken one aside, intact', async () => {
    await saveSession({ state: createSession('1234', tastingOf('one-wine'), T0), peerToken: 'tok' });
    raw(SESSIONS).set('5555', broken);
    raw(SESSIONS).set('6666', saved('version-1.json'));
    const records = await listSessions();
    expect(records.map((r) => r.state.code).sort()).toEqual(['1234', '4321']);
    expect(raw(SESSIONS).has('5555')).toBe(false);
    const aside = await listUnreadable();
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatchObject({ code: '5555', newer: false, saved: broken });
    expect(aside[0]!.reason).toMatch(/\S/);
    expect(await hasSession('5555')).toBe(false); // the code is free again
    await discardUnreadable(aside[0]!);
    expect(await listUnreadable()).toEqual([]);
  });

  it('loadSession of a broken session throws UnreadableSessionError and sets it aside', async () => {
    raw(SESSIONS).set('5555', broken);
    await expect(loadSession('5555')).rejects.toBeInstanceOf(UnreadableSessionError);
    expect(raw(ASIDE).size).toBe(1);
    expect(await loadSession('5555')).toBeUndefined();
  });

  it('a session saved by a newer build stays where it is, reported as newer', async () => {
    const newer = { ...saved('version-1.json'), version: SESSION_VERSION + 1 };
    raw(SESSIONS).set('7777', newer);
    expect(await listSessions()).toEqual([]);
    await expect(loadSession('7777')).rejects.toMatchObject({ newer: true });
    expect(raw(SESSIONS).get('7777')).toEqual(newer);
    expect(raw(ASIDE).size).toBe(0);
    expect(await listUnreadable()).toMatchObject([{ code: '7777', newer: true }]);
  });
});
