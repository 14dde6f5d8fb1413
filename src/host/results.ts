/** Results of a session as the host keeps and exports them. */
import { leaderboard, winePoints, type SessionState } from '../engine';
import { isolate } from '../ui/bidi';
import type { BoardRow } from '../ui/Leaderboard';

/** Dashboard status of a session (docs/screens.md `data-status`). */
export type ListStatus = 'waiting' | 'active' | 'ended';

export function listStatus(state: SessionState): ListStatus {
  return state.phase === 'waiting' ? 'waiting' : state.phase === 'ended' ? 'ended' : 'active';
}

/** The final (or current) ranking as leaderboard rows: pseudonym, total score, shared rank. */
export function rankingRows(state: SessionState): BoardRow[] {
  return leaderboard(state).map((r) => ({ pseudonym: r.participantId, score: r.score, rank: r.rank }));
}

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line of the results: rank, pseudonym, total score and the points won on each wine (in the tasting's order). */
export interface ResultsLine {
  rank: number;
  pseudonym: string;
  score: number;
  perWine: number[];
}

/** The ranking with each player's points per wine: what the printable page and the CSV show. */
export function resultsLines(state: SessionState): ResultsLine[] {
  const wines = state.tasting.wines.map((_, wi) => winePoints(state, wi));
  return leaderboard(state).map((r) => ({
    rank: r.rank,
    pseudonym: r.participantId,
    score: r.score,
    perWine: wines.map((points) => points.get(r.participantId) ?? 0),
  }));
}

/**
 * The leaderboard as CSV: `rank,pseudonym,score` then one column per wine with that wine's points, headed
 * `wine <n>: <name>` with the name between U+2068 and U+2069 (bidi isolation, src/ui/bidi.tsx).
 * Lines end with CRLF (RFC 4180).
 */
export function resultsCsv(state: SessionState): string {
  const wines = state.tasting.wines;
  // A wine's name inside the header sentence is isolated (FSI … PDI), as on screen: docs/robustness.md.
  const header = ['rank', 'pseudonym', 'score', ...wines.map((w, i) => `wine ${i + 1}: ${isolate(w.name)}`)];
  const rows = resultsLines(state).map((r) => [r.rank, r.pseudonym, r.score, ...r.perWine]);
  return [header, ...rows].map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}
