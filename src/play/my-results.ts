/**
 * A phone's own final results, kept on the device to show again later from the home screen (the host has the whole
 * session; this is the guest's keepsake). localStorage, not IndexedDB: a few small records, read synchronously by
 * the home screen without any library (docs/local-vs-production.md#what-is-stored-where).
 */
import type { ParticipantView } from '../engine/view';

/** localStorage key of the list, newest first. */
export const MY_RESULTS_KEY = 'sommelier-results';
/** Most results kept; the oldest go first. */
export const MAX_MY_RESULTS = 20;

/** One finished tasting as this phone saw it. `at`: when it ended on this device, ms since epoch. */
export interface MyResult {
  code: string;
  title: string;
  pseudonym: string;
  rank: number;
  score: number;
  /** The final leaderboard: pseudonym, score and rank of every player. */
  board: { pseudonym: string; score: number; rank: number }[];
  at: number;
}

/** Every kept result, newest first (nothing when storage is blocked or holds something else). */
export function myResults(): MyResult[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(MY_RESULTS_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((r): r is MyResult => typeof r?.code === 'string' && Array.isArray(r.board)) : [];
  } catch {
    return [];
  }
}

/**
 * Keeps the final result shown in `view` (phase `ended`) at device time `now`: replaces the one of the same
 * session and seat, at most MAX_MY_RESULTS. Storage refusing is not an error: the result is simply not kept.
 */
export function keepResult(view: ParticipantView, now: number): void {
  const mine: MyResult = {
    code: view.code,
    title: view.title,
    pseudonym: view.pseudonym,
    rank: view.rank,
    score: view.score,
    board: view.leaderboard.map(({ pseudonym, score, rank }) => ({ pseudonym, score, rank })),
    at: now,
  };
  const same = (r: MyResult) => r.code === mine.code && r.pseudonym === mine.pseudonym;
  const old = myResults();
  const previous = old.find(same);
  // The same ending seen again (a rejoin after the end) keeps its first time.
  if (previous) mine.at = previous.at;
  try {
    localStorage.setItem(MY_RESULTS_KEY, JSON.stringify([mine, ...old.filter((r) => !same(r))].slice(0, MAX_MY_RESULTS)));
  } catch {
    // private mode or quota: nothing kept
  }
}
