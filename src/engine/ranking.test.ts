import { describe, expect, it } from 'vitest';
import { POINTS_CORRECT, leaderboard, pointsFor, scores, winePoints } from './ranking';
import { lobby } from '../../tests/support/engine';
import type { SessionState } from './types';

/** A waiting session with participants and made-up points (ranking reads only participants and points). */
function withPoints(points: Record<string, Record<string, number>>, n = 4): { state: SessionState; ids: string[] } {
  const { state, ids } = lobby(n);
  const named = Object.fromEntries(
    Object.entries(points).map(([q, per]) => [q, Object.fromEntries(Object.entries(per).map(([i, p]) => [ids[+i]!, p]))]),
  );
  return { state: { ...state, points: named }, ids };
}

describe('scores', () => {
  it('sums points over every revealed question, 0 for those with none', () => {
    const { state, ids } = withPoints({ q1: { 0: 100, 1: 0, 2: 100 }, q2: { 0: 100, 1: 100, 2: 0 } });
    const s = scores(state);
    expect(ids.map((id) => s.get(id))).toEqual([200, 100, 100, 0]);
    expect(POINTS_CORRECT).toBe(100);
  });

  it('ignores points of someone who is no longer a participant', () => {
    const { state } = withPoints({ q1: { 0: 100 } }, 2);
    const s = scores({ ...state, points: { q1: { ...state.points.q1, 'GONE-FOX': 100 } } });
    expect(s.has('GONE-FOX')).toBe(false);
    expect(s.size).toBe(2);
  });
});

describe('winePoints', () => {
  it('sums only the questions of that wine', () => {
    const { state, ids } = lobby(2);
    const [w0, w1] = state.tasting.wines;
    const points = {
      [w0!.questions[0]!.id]: { [ids[0]!]: 100, [ids[1]!]: 0 },
      [w0!.questions[4]!.id]: { [ids[0]!]: 100, [ids[1]!]: 100 },
      [w1!.questions[0]!.id]: { [ids[0]!]: 0, [ids[1]!]: 100 },
    };
    const s = { ...state, points };
    expect(ids.map((id) => winePoints(s, 0).get(id))).toEqual([200, 100]);
    expect(ids.map((id) => winePoints(s, 1).get(id))).toEqual([0, 100]);
  });
});

describe('leaderboard', () => {
  it('sorts by total, best first; equal totals share a rank (1, 1, 3)', () => {
    const { state, ids } = withPoints({ q1: { 0: 100, 1: 100, 2: 0, 3: 0 }, q2: { 0: 0, 1: 0, 2: 100, 3: 0 } });
    const board = leaderboard(state);
    expect(board.map((r) => [r.score, r.rank])).toEqual([
      [100, 1],
      [100, 1],
      [100, 1],
      [0, 4],
    ]);
    expect(board[3]!.participantId).toBe(ids[3]);
  });

  it('gives 1, 1, 3 for two leaders and a third', () => {
    const { state, ids } = withPoints({ q1: { 0: 100, 1: 0, 2: 100 }, q2: { 0: 100, 1: 100, 2: 100 } }, 3);
    const board = leaderboard(state);
    expect(board.map((r) => r.rank)).toEqual([1, 1, 3]);
    expect(board[2]!.participantId).toBe(ids[1]);
    expect(board.slice(0, 2).map((r) => r.participantId).sort()).toEqual([ids[0], ids[2]].sort());
  });

  it('lists ties by pseudonym, so the order never depends on join order', () => {
    const { state } = withPoints({}, 5);
    const board = leaderboard(state);
    expect(board.every((r) => r.rank === 1 && r.score === 0)).toBe(true);
    const names = board.map((r) => r.participantId);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const reversed = leaderboard({ ...state, participants: [...state.participants].reverse() });
    expect(reversed.map((r) => r.participantId)).toEqual(names);
  });

  it('keeps disconnected players, flagged', () => {
    const { state, ids } = withPoints({ q1: { 1: 100 } }, 2);
    const s = { ...state, participants: state.participants.map((p) => (p.id === ids[1] ? { ...p, connected: false } : p)) };
    expect(leaderboard(s)[0]).toEqual({ participantId: ids[1], score: 100, rank: 1, connected: false });
  });
});

describe('pointsFor', () => {
  it('gives POINTS_CORRECT for the correct option, 0 for another option or no answer', () => {
    const q = { id: 'w0-color', category: 'color' as const, options: [], correctOptionId: 'c' };
    expect(pointsFor(q, { optionId: 'c', firstAt: 0, at: 5 })).toBe(POINTS_CORRECT);
    expect(pointsFor(q, { optionId: 'a', firstAt: 0, at: 5 })).toBe(0);
    expect(pointsFor(q, undefined)).toBe(0);
  });
});
