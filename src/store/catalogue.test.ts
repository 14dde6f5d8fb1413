import { beforeEach, describe, expect, it, vi } from 'vitest';

/** idb-keyval over a Map (no IndexedDB in this environment); `fail` makes the next call reject like a blocked DB. */
const db = vi.hoisted(() => ({ data: new Map<IDBValidKey, unknown>(), fail: false }));
vi.mock('idb-keyval', () => {
  const check = () => {
    if (db.fail) throw new DOMException('blocked', 'InvalidStateError');
  };
  return {
    createStore: () => 'store',
    entries: async () => {
      check();
      return [...db.data.entries()];
    },
    update: async (key: IDBValidKey, fn: (old: unknown) => unknown) => {
      check();
      db.data.set(key, fn(db.data.get(key)));
    },
  };
});

const { cleanList, loadLearned, mergeLearned, rememberAnswers, MAX_LEARNED } = await import('./catalogue');
const { StorageError } = await import('./db');

beforeEach(() => {
  db.data.clear();
  db.fail = false;
});

describe('mergeLearned', () => {
  it('puts new values first and drops case-insensitive duplicates (the newer spelling wins)', () => {
    expect(mergeLearned(['Domaine X', 'Négrette'], ['négrette', 'Clos Y'])).toEqual(['négrette', 'Clos Y', 'Domaine X']);
  });

  it('trims, drops blanks and over-long values, and keeps at most the limit', () => {
    expect(mergeLearned([], ['  a ', '', '   ', 'x'.repeat(121)])).toEqual(['a']);
    const many = Array.from({ length: MAX_LEARNED + 5 }, (_, i) => `v${i}`);
    expect(mergeLearned([], many)).toHaveLength(MAX_LEARNED);
    expect(mergeLearned(['old'], ['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
  });
});

describe('cleanList', () => {
  it('accepts only lists of strings', () => {
    expect(cleanList(undefined)).toEqual([]);
    expect(cleanList('Merlot')).toEqual([]);
    expect(cleanList(['Merlot', 3, null, ' Syrah '])).toEqual(['Merlot', 'Syrah']);
  });
});

describe('rememberAnswers / loadLearned', () => {
  it('stores new answers per category and reads them back, newest first', async () => {
    await rememberAnswers({ grape_variety: ['Négrette'], wine_name: ['Domaine X'] });
    await rememberAnswers({ grape_variety: ['Fer Servadou', 'négrette'], region: [] });
    expect(await loadLearned()).toEqual({ grape_variety: ['Fer Servadou', 'négrette'], wine_name: ['Domaine X'] });
    expect(db.data.has('region')).toBe(false);
  });

  it('ignores unknown keys and malformed values left in the database', async () => {
    db.data.set('color', ['Gris', 7]);
    db.data.set('not-a-category', ['x']);
    db.data.set('region', { bad: true });
    expect(await loadLearned()).toEqual({ color: ['Gris'] });
  });

  it('turns a refusing database into a StorageError', async () => {
    db.fail = true;
    await expect(loadLearned()).rejects.toBeInstanceOf(StorageError);
    await expect(rememberAnswers({ color: ['Gris'] })).rejects.toBeInstanceOf(StorageError);
  });
});
