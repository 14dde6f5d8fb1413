/**
 * The host's tasting library on this device: tastings kept to serve again, next week, to another group
 * (docs/local-vs-production.md#what-is-stored-where). Own database, like the other stores: key = id, value =
 * SavedTasting. Tastings are kept as the form holds them (a blank title stays blank); serving one builds it then.
 *
 * Records carry `version` (LIBRARY_VERSION); one that does not read as a saved tasting is left where it is and not
 * listed, never deleted.
 */
import { createStore, del, get, set, values, type UseStore } from 'idb-keyval';
import type { TastingInput } from '../engine';
import { guarded } from './db';

/** Version of the saved shape, for migrations to come. */
export const LIBRARY_VERSION = 1;

/** A tasting in the library. Times in ms since epoch. */
export interface SavedTasting {
  id: string;
  tasting: TastingInput;
  createdAt: number;
  updatedAt: number;
}

let store: UseStore | undefined;

/** The library store on this device: key = id, value = SavedTasting & { version }. */
export function libraryStore(): UseStore {
  return (store ??= createStore('sommelier-arena-library', 'tastings'));
}

/** A fresh id for a library entry (random, 16 hex digits). */
export function newTastingId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** True when `x` reads as a saved tasting (its wines are checked when it is served). */
function isSaved(x: unknown): x is SavedTasting {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Partial<SavedTasting>;
  return (
    typeof r.id === 'string' &&
    typeof r.createdAt === 'number' &&
    typeof r.updatedAt === 'number' &&
    typeof r.tasting === 'object' &&
    r.tasting !== null &&
    Array.isArray(r.tasting.wines)
  );
}

/** Every readable tasting of the library, most recently changed first. @throws StorageError */
export async function listTastings(): Promise<SavedTasting[]> {
  const all = await guarded(() => values<unknown>(libraryStore()));
  return all.filter(isSaved).sort((a, b) => b.updatedAt - a.updatedAt);
}

/** One tasting of the library, or undefined. @throws StorageError */
export async function loadTasting(id: string): Promise<SavedTasting | undefined> {
  const x = await guarded(() => get<unknown>(id, libraryStore()));
  return isSaved(x) ? x : undefined;
}

/** Saves (adds or replaces) a tasting of the library; resolves once committed. @throws StorageError */
export function saveTasting(saved: SavedTasting): Promise<void> {
  return guarded(() => set(saved.id, { ...saved, version: LIBRARY_VERSION }, libraryStore()));
}

/** Removes a tasting from the library. @throws StorageError */
export function deleteTasting(id: string): Promise<void> {
  return guarded(() => del(id, libraryStore()));
}
