/** Scores and leaderboards (docs/game-rules.md: 100 per correct answer; equal scores share a rank, 1, 1, 3). */
import type { Answer, Question, SessionState } from './types';

/** Points for a correct answer. */
export const POINTS_CORRECT = 100;

/**
 * Points one answer wins at its question's reveal: POINTS_CORRECT for the correct option, else 0 (also for no
 * answer). The one scoring rule: `reveal` writes what it returns, and every total (leaderboards, wine results, CSV)
 * sums what was written.
 */
export function pointsFor(question: Question, answer: Answer | undefined): number {
  return answer?.optionId === question.correctOptionId ? POINTS_CORRECT : 0;
}

/** One leaderboard row. `rank` is 1-based, shared by equal scores (standard competition ranking). */
export interface LeaderboardRow {
  participantId: string;
  score: number;
  rank: number;
  connected: boolean;
}

/** Total score of each participant: the sum of their points over every revealed question. */
export function scores(state: SessionState): Map<string, number> {
  const totals = new Map<string, number>(state.participants.map((p) => [p.id, 0]));
  for (const perQuestion of Object.values(state.points)) {
    for (const [pid, pts] of Object.entries(perQuestion)) {
      if (totals.has(pid)) totals.set(pid, totals.get(pid)! + pts);
    }
  }
  return totals;
}

/** Points each participant won on wine `wineIndex` (0-based): the sum over its revealed questions. */
export function winePoints(state: SessionState, wineIndex: number): Map<string, number> {
  const totals = new Map<string, number>(state.participants.map((p) => [p.id, 0]));
  for (const q of state.tasting.wines[wineIndex]?.questions ?? []) {
    for (const [pid, pts] of Object.entries(state.points[q.id] ?? {})) {
      if (totals.has(pid)) totals.set(pid, totals.get(pid)! + pts);
    }
  }
  return totals;
}

/**
 * The leaderboard, best first; ties share a rank and are listed by pseudonym so the order is stable.
 */
export function leaderboard(state: SessionState): LeaderboardRow[] {
  const totals = scores(state);
  const rows = state.participants
    .map((p) => ({ participantId: p.id, score: totals.get(p.id) ?? 0, rank: 0, connected: p.connected }))
    .sort((a, b) => b.score - a.score || a.participantId.localeCompare(b.participantId));
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    row.rank = prev && prev.score === row.score ? prev.rank : i + 1;
  });
  return rows;
}
