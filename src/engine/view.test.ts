import { describe, expect, it } from 'vitest';
import { leaderboard } from './ranking';
import { apply, createSession, currentQuestion } from './session';
import { T0, fixture, lobby, ok, run, seeded, tastingOf, token, wholeGame } from '../../tests/support/engine';
import { buildTasting } from './tasting';
import type { Phase, SessionState, Tasting } from './types';
import { BOARD_TOP, BOARD_WHOLE_UP_TO, participantView, participantViews } from './view';

/** two-wines with wine names that appear nowhere else, and an explicit title (or none, left to the default). */
function secretTasting(title = 'Friday flight'): Tasting {
  const input = fixture('two-wines');
  input.title = title;
  input.wines[0]!.name = 'Secret Label One';
  input.wines[1]!.name = 'Secret Label Two';
  return buildTasting(input, seeded(3));
}

describe('participantView: what a participant must never see', () => {
  const tasting = secretTasting();
  const { states, ids } = wholeGame(tasting);
  const tokens = states[0]!.participants.map((p) => p.token);

  it('covers every phase of a game', () => {
    expect(new Set(states.map((s) => s.phase))).toEqual(
      new Set(['waiting', 'question_open', 'question_paused', 'question_revealed', 'question_leaderboard', 'round_leaderboard', 'ended']),
    );
  });

  it('never contains a token; the wine name appears only on that wine\'s results, after its 5 questions', () => {
    for (const s of states)
      for (const id of ids) {
        const json = JSON.stringify(participantView(s, id, T0));
        for (const t of tokens) expect(json).not.toContain(t);
        if (s.phase !== 'round_leaderboard') expect(json).not.toContain('Secret Label');
        else expect(participantView(s, id, T0).wineName).toBe(s.tasting.wines[s.wineIndex]!.name);
        expect(json).not.toContain('"token"');
      }
  });

  it('never names a wine before its results, even when the host left the title blank', () => {
    const untitled = wholeGame(secretTasting(''));
    for (const s of untitled.states)
      for (const id of untitled.ids) {
        const json = JSON.stringify(participantView(s, id, T0));
        s.tasting.wines.forEach((wine, wi) => {
          const revealed = wi < s.wineIndex || (wi === s.wineIndex && s.phase === 'round_leaderboard') || s.phase === 'ended';
          if (!revealed) expect(json, `${wine.name} in ${s.phase} of wine ${s.wineIndex}`).not.toContain(wine.name);
        });
      }
  });

  it('never contains the correct option before the reveal', () => {
    for (const s of states.filter((x) => x.phase === 'question_open' || x.phase === 'question_paused'))
      for (const id of ids) {
        const view = participantView(s, id, T0);
        expect(view.question!.correctOptionId).toBeNull();
        expect(JSON.stringify(view)).not.toMatch(/"correctOptionId":"/);
      }
  });

  it("never contains other players' answers: another player's choice leaves my view unchanged", () => {
    const { state, ids: [me, other] } = lobby(2, tasting);
    const open = ok(state, { type: 'start' }).state;
    const q = currentQuestion(open)!;
    const before = participantView(open, me!, T0 + 10);
    for (const o of q.options) {
      const answered = ok(open, { type: 'answer', participantId: other!, questionId: q.id, optionId: o.id }).state;
      expect(participantView(answered, me!, T0 + 10)).toEqual(before);
      expect(participantView(run(answered, ['pause']), me!, T0)).toEqual(participantView(run(open, ['pause']), me!, T0));
    }
  });

  it('shows the correct option from the reveal on', () => {
    const s = states.find((x) => x.phase === 'question_revealed')!;
    expect(participantView(s, ids[0]!, T0).question!.correctOptionId).toBe(currentQuestion(s)!.correctOptionId);
  });
});

describe('participantView: what a participant sees', () => {
  it('the same options in the same order for every participant', () => {
    const { state, ids } = lobby(3);
    const open = ok(state, { type: 'start' }).state;
    const [a, b, c] = ids.map((id) => participantView(open, id, T0).question!.options);
    expect(a).toEqual(currentQuestion(open)!.options);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('after a rejoin: the selected option and the time left from the deadline', () => {
    const { state, ids } = lobby(2);
    let s = ok(state, { type: 'start' }).state; // 30 s question, deadline T0 + 30 000
    const q = currentQuestion(s)!;
    s = ok(s, { type: 'answer', participantId: ids[0]!, questionId: q.id, optionId: 'c' }, T0 + 3000).state;
    s = ok(s, { type: 'disconnected', participantId: ids[0]! }, T0 + 4000).state;
    const t = ok(s, { type: 'rejoin', connectionId: 'new-phone', token: token(0) }, T0 + 8000);
    const view = participantView(t.state, ids[0]!, T0 + 8000);
    expect(view.selectedOptionId).toBe('c');
    expect(view.question!.remainingMs).toBe(22_000);
    expect(view.phase).toBe('question_open');
    expect(participantView(t.state, ids[1]!, T0 + 8000).selectedOptionId).toBeNull();
  });

  it('after a rejoin while paused: the frozen time left', () => {
    const { state, ids } = lobby(1);
    let s = ok(state, { type: 'start' }).state;
    s = ok(s, { type: 'pause' }, T0 + 10_000).state;
    s = ok(s, { type: 'disconnected', participantId: ids[0]! }, T0 + 11_000).state;
    s = ok(s, { type: 'rejoin', connectionId: 'x', token: token(0) }, T0 + 900_000).state;
    const view = participantView(s, ids[0]!, T0 + 900_000);
    expect(view.phase).toBe('question_paused');
    expect(view.question!.remainingMs).toBe(20_000);
  });

  it('the leaderboard only in the leaderboard phases and at the end', () => {
    const { states, ids } = wholeGame(secretTasting());
    const withBoard: Phase[] = ['question_leaderboard', 'round_leaderboard', 'ended'];
    for (const s of states) {
      const board = participantView(s, ids[0]!, T0).leaderboard;
      if (withBoard.includes(s.phase)) expect(board.map((r) => r.pseudonym).sort()).toEqual([...ids].sort());
      else expect(board).toEqual([]);
    }
  });

  it('scores, ranks and points as the game goes (last points: 100, 0, or null with no answer)', () => {
    const { states, ids } = wholeGame(secretTasting());
    const revealed = states.filter((s) => s.phase === 'question_revealed');
    expect(revealed).toHaveLength(10);
    revealed.forEach((s, i) => {
      const [right, wrong, silent] = ids.map((id) => participantView(s, id, T0));
      expect([right!.lastPoints, wrong!.lastPoints, silent!.lastPoints]).toEqual([100, 0, null]);
      expect(right!.score).toBe(100 * (i + 1));
      expect(right!.rank).toBe(1);
      expect([wrong!.score, silent!.score, wrong!.rank, silent!.rank]).toEqual([0, 0, 2, 2]);
    });
    const final = participantView(states[states.length - 1]!, ids[1]!, T0);
    expect(final.phase).toBe('ended');
    expect(final.question).toBeNull();
    expect(final.leaderboard).toEqual([
      { pseudonym: ids[0], score: 1000, rank: 1 },
      ...[ids[1]!, ids[2]!].sort((a, b) => a.localeCompare(b)).map((p) => ({ pseudonym: p, score: 0, rank: 2 })),
    ]);
  });

  it('no points before the reveal, even with an answer', () => {
    const { state, ids } = lobby(1);
    const open = ok(state, { type: 'start' }).state;
    const q = currentQuestion(open)!;
    const answered = ok(open, { type: 'answer', participantId: ids[0]!, questionId: q.id, optionId: q.correctOptionId }).state;
    const view = participantView(answered, ids[0]!, T0);
    expect(view.lastPoints).toBeNull();
    expect(view.score).toBe(0);
    expect(view.selectedOptionId).toBe(q.correctOptionId);
  });

  it('progress: wine r of R, question q of 5, players and limit, code and title', () => {
    const { state, ids } = lobby(2);
    const s = run(state, ['start', 'reveal', 'next', 'next']);
    const view = participantView(s, ids[1]!, T0);
    expect(view).toMatchObject({
      code: '4321',
      title: 'Soirée dégustation — rouges et blancs',
      pseudonym: ids[1],
      wineIndex: 0,
      wineCount: 2,
      players: 2,
      maxPlayers: 10,
      question: { id: 'w0-region', category: 'region', index: 1, count: 5 },
    });
    expect(participantView(state, ids[0]!, T0).question).toBeNull();
  });

  it('refuses to build a view for someone who has no seat', () => {
    const { state } = lobby(1);
    expect(() => participantView(state, 'NOBODY-HERE', T0)).toThrow();
    const refused = apply(state, { type: 'rejoin', connectionId: 'x', token: token(5) }, T0);
    expect(refused.effects[0]).toMatchObject({ code: 'INVALID_REJOIN' });
  });
});

describe('participantViews: a broadcast builds the shared parts once', () => {
  const { states, ids } = wholeGame(secretTasting());

  it('gives everyone exactly the snapshot built for them alone, in every phase', () => {
    for (const s of states) {
      const views = participantViews(s, [...ids].reverse(), T0 + 1234);
      expect([...views.keys()]).toEqual([...ids].reverse());
      for (const id of ids) expect(views.get(id)).toEqual(participantView(s, id, T0 + 1234));
    }
  });

  it('shares one leaderboard and one question between the snapshots, and skips ids with no seat', () => {
    const board = states.find((s) => s.phase === 'question_leaderboard')!;
    const views = participantViews(board, [ids[0]!, 'NOBODY-HERE', ids[1]!], T0);
    expect(views.size).toBe(2);
    const [a, b] = [views.get(ids[0]!)!, views.get(ids[1]!)!];
    expect(a.leaderboard.length).toBe(ids.length);
    expect(a.leaderboard).toBe(b.leaderboard);
    expect(a.question).toBe(b.question);
    expect([a.pseudonym, b.pseudonym]).toEqual([ids[0], ids[1]]);
  });
});

describe('leaderboards on phones in a big game', () => {
  /** `n` players at standings after question 1, where every third one answered right. */
  function standings(n: number): SessionState {
    let s: SessionState = { ...createSession('4321', tastingOf('two-wines'), T0), maxParticipants: n };
    for (let i = 0; i < n; i++) s = ok(s, { type: 'join', connectionId: `c${i}`, token: token(i), pick: (i * 0.37) % 1 }).state;
    s = ok(s, { type: 'start' }).state;
    const q = currentQuestion(s)!;
    s.participants.forEach((p, i) => {
      if (i % 3 === 0) s = ok(s, { type: 'answer', participantId: p.id, questionId: q.id, optionId: q.correctOptionId }).state;
    });
    return run(s, ['reveal', 'next']);
  }

  it(`up to ${BOARD_WHOLE_UP_TO} players, everyone gets the whole board`, () => {
    const s = standings(BOARD_WHOLE_UP_TO);
    for (const view of participantViews(s, s.participants.map((p) => p.id), T0).values()) expect(view.leaderboard).toHaveLength(BOARD_WHOLE_UP_TO);
  });

  it(`beyond, the top ${BOARD_TOP} and the player's own row with its neighbours, ranks as on the whole board`, () => {
    const s = standings(40);
    expect(s.phase).toBe('question_leaderboard');
    const board = leaderboard(s);
    const rankOf = new Map(board.map((r) => [r.participantId, r.rank]));
    const top = board.slice(0, BOARD_TOP).map((r) => r.participantId);
    const views = participantViews(s, s.participants.map((p) => p.id), T0);
    board.forEach((row, i) => {
      const view = views.get(row.participantId)!;
      const shown = view.leaderboard.map((r) => r.pseudonym);
      const near = board.slice(Math.max(0, i - 1), i + 2).map((r) => r.participantId);
      expect(shown).toEqual([...new Set([...top, ...near])]);
      for (const r of view.leaderboard) expect(r.rank).toBe(rankOf.get(r.pseudonym));
      expect(view.rank).toBe(row.rank);
    });
    // 40 players: at most 13 rows each instead of 40.
    expect(Math.max(...[...views.values()].map((v) => v.leaderboard.length))).toBe(BOARD_TOP + 3);
  });

  it('the final results stay whole', () => {
    const s = run(standings(40), ['end']);
    expect(participantView(s, s.participants[39]!.id, T0).leaderboard).toHaveLength(40);
  });
});
