import { describe, expect, it } from 'vitest';
import { leaderboard, winePoints } from '../engine';
import { tastingOf, wholeGame } from '../../tests/support/engine';
import { resultsCsv } from './results';

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
