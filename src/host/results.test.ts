import { describe, expect, it } from 'vitest';
import { apply, currentQuestion, leaderboard, winePoints, type SessionState } from '../engine';
import { lobby, ok, run, T0, tastingOf, wholeGame } from '../../tests/support/engine';
import { resultsCsv, resultsLines } from './results';

/** Two wines: player 0 right on every question of wine 1, player 1 right on wine 2's first question only; then ended. */
function played(): { state: SessionState; ids: string[] } {
  const { state, ids } = lobby(2, tastingOf('two-wines'));
  let s = run(state, ['start']);
  const answer = (who: number, right: boolean) => {
    const q = currentQuestion(s)!;
    const option = right ? q.correctOptionId : q.options.find((o) => o.id !== q.correctOptionId)!.id;
    s = ok(s, { type: 'answer', participantId: ids[who]!, questionId: q.id, optionId: option }).state;
  };
  for (let i = 0; i < 5; i++) {
    answer(0, true);
    answer(1, false);
    s = run(s, i < 4 ? ['reveal', 'next', 'next'] : ['reveal', 'next', 'next', 'next']);
  }
  answer(0, false);
  answer(1, true);
  s = run(s, ['reveal']);
  s = apply(s, { type: 'end' }, T0).state;
  return { state: s, ids };
}

describe('resultsLines', () => {
  it('rank, pseudonym, total and points per wine in the tasting\'s order, best first', () => {
    const { state, ids } = played();
    expect(state.phase).toBe('ended');
    expect(resultsLines(state)).toEqual([
      { rank: 1, pseudonym: ids[0], score: 500, perWine: [500, 0] },
      { rank: 2, pseudonym: ids[1], score: 100, perWine: [0, 100] },
    ]);
  });
});

describe('resultsCsv', () => {
  it('has a row per player with the leaderboard total and the engine\'s points per wine, which add up to it', () => {
    const { states } = wholeGame(tastingOf('two-wines'));
    const end = states.at(-1)!;
    const lines = resultsCsv(end).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^rank,pseudonym,score,wine 1: .+,wine 2: .+$/);
    const board = leaderboard(end);
    expect(lines.slice(1)).toEqual(
      board.map((r) => [r.rank, r.participantId, r.score, winePoints(end, 0).get(r.participantId), winePoints(end, 1).get(r.participantId)].join(',')),
    );
    for (const r of board) expect(winePoints(end, 0).get(r.participantId)! + winePoints(end, 1).get(r.participantId)!).toBe(r.score);
    expect(board.some((r) => r.score > 0)).toBe(true);
  });
});
