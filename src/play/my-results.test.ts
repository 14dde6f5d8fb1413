// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParticipantView } from '../engine/view';
import { keepResult, MAX_MY_RESULTS, MY_RESULTS_KEY, myResults } from './my-results';

const ended = (code: string, score: number, rank = 1): ParticipantView => ({
  code,
  title: `Tasting ${code}`,
  phase: 'ended',
  pseudonym: 'DRY-OWL',
  wineIndex: 0,
  wineName: null,
  wineCount: 1,
  players: 2,
  maxPlayers: 10,
  question: null,
  selectedOptionId: null,
  lastPoints: null,
  score,
  rank,
  leaderboard: [
    { pseudonym: 'OAKY-FOX', score: 300, rank: 1 },
    { pseudonym: 'DRY-OWL', score, rank },
  ],
});

beforeEach(() => localStorage.clear());

describe('a phone’s kept results', () => {
  it('keeps the final result with its leaderboard, newest first', () => {
    keepResult(ended('1111', 200, 2), 1000);
    keepResult(ended('2222', 500), 2000);
    expect(myResults().map((r) => [r.code, r.rank, r.score, r.at])).toEqual([
      ['2222', 1, 500, 2000],
      ['1111', 2, 200, 1000],
    ]);
    expect(myResults()[1]).toEqual({
      code: '1111',
      title: 'Tasting 1111',
      pseudonym: 'DRY-OWL',
      rank: 2,
      score: 200,
      board: [
        { pseudonym: 'OAKY-FOX', score: 300, rank: 1 },
        { pseudonym: 'DRY-OWL', score: 200, rank: 2 },
      ],
      at: 1000,
    });
  });

  it('the same session seen ending again (a rejoin) replaces its entry and keeps its first time', () => {
    keepResult(ended('1111', 200, 2), 1000);
    keepResult(ended('1111', 200, 2), 5000);
    expect(myResults().map((r) => [r.code, r.at])).toEqual([['1111', 1000]]);
  });

  it(`keeps at most ${MAX_MY_RESULTS}, dropping the oldest`, () => {
    for (let i = 0; i < MAX_MY_RESULTS + 3; i++) keepResult(ended(String(1000 + i), i), i);
    const kept = myResults();
    expect(kept).toHaveLength(MAX_MY_RESULTS);
    expect(kept[0]!.code).toBe(String(1000 + MAX_MY_RESULTS + 2));
    expect(kept.map((r) => r.code)).not.toContain('1000');
  });

  it('reads nothing from storage it does not understand, and never throws', () => {
    localStorage.setItem(MY_RESULTS_KEY, '{not json');
    expect(myResults()).toEqual([]);
    localStorage.setItem(MY_RESULTS_KEY, JSON.stringify([{ code: 5 }, 'x', null, ended('1', 0)]));
    expect(myResults()).toEqual([]);
    keepResult(ended('3333', 100), 1);
    expect(myResults().map((r) => r.code)).toEqual(['3333']);
  });
});
