/**
 * Answers this host typed that the built-in catalogue lacks (docs/game-rules.md#answer-suggestions), kept on this device so the suggestions
 * grow. Own database, like the stores in db.ts: key = category, value = string[] (newest first).
 */
import { createStore, entries, update, type UseStore } from 'idb-keyval';
import { answerKey, CATEGORIES, MAX_TEXT_LENGTH, type Category } from '../engine';
import { guarded } from './db';

/** Learned answers per category, newest first. */
export type LearnedAnswers = Partial<Record<Category, string[]>>;

/** Most answers kept per category; the oldest go first. */
export const MAX_LEARNED = 200;

let store: UseStore | undefined;

/** The learned-answers store on this device: key = category, value = string[]. */
export function catalogueStore(): UseStore {
  return (store ??= createStore('sommelier-arena-catalogue', 'answers'));
}


/** Keeps only non-blank strings of acceptable length from whatever was stored, trimmed. */
export function cleanList(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  return stored
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '' && v.length <= MAX_TEXT_LENGTH);
}

/**
 * `added` (in order) in front of `existing`, without duplicates by `answerKey` (the newer spelling wins),
 * blanks or over-long values, at most `max` long.
 */
export function mergeLearned(existing: readonly string[], added: readonly string[], max = MAX_LEARNED): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of cleanList([...added, ...existing])) {
    const k = answerKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
    if (out.length >= max) break;
  }
  return out;
}

/** Every learned answer on this device. @throws StorageError */
export async function loadLearned(): Promise<LearnedAnswers> {
  const rows = await guarded(() => entries<IDBValidKey, unknown>(catalogueStore()));
  const out: LearnedAnswers = {};
  for (const [key, value] of rows) {
    if (typeof key !== 'string' || !(CATEGORIES as readonly string[]).includes(key)) continue;
    const list = mergeLearned(cleanList(value), []);
    if (list.length) out[key as Category] = list;
  }
  return out;
}

/** Adds answers to the learned lists (one atomic read-modify-write per category). @throws StorageError */
export async function rememberAnswers(added: LearnedAnswers): Promise<void> {
  const jobs = CATEGORIES.filter((c) => cleanList(added[c]).length > 0).map((c) =>
    guarded(() => update<unknown>(c, (old) => mergeLearned(cleanList(old), added[c]!), catalogueStore())),
  );
  await Promise.all(jobs);
}
