import { describe, expect, it } from 'vitest';
import { leaderboard, scores } from './ranking';
import {
  DEFAULT_MAX_PARTICIPANTS,
  MAX_PARTICIPANTS_LIMIT,
  MAX_REMOVED_TOKENS,
  answeredCount,
  apply,
  canHost,
  createSession,
  currentQuestion,
  joinsClosed,
  remainingMs,
  wakeAt,
} from './session';
import { T0, ignored, lobby, ok, run, tastingOf, token } from '../../tests/support/engine';
import type { Command, Phase, Question, SessionState } from './types';
import { participantView } from './view';

const HOST_BUTTONS = ['start', 'pause', 'resume', 'reveal', 'next', 'end'] as const;
type HostButton = (typeof HOST_BUTTONS)[number];

/** docs/game-rules.md#phases-and-what-the-host-may-do: the buttons each phase offers. */
const ALLOWED: Record<Phase, HostButton[]> = {
  waiting: ['start', 'end'],
  question_open: ['pause', 'reveal', 'end'],
  question_paused: ['resume', 'reveal', 'end'],
  question_revealed: ['next', 'end'],
  question_leaderboard: ['next', 'end'],
  round_leaderboard: ['next', 'end'],
  ended: [],
};

/** A session (2 connected players, two-wines tasting, 30 s timer) brought to `phase` of the first question. */
function inPhase(phase: Phase): SessionState {
  return run(lobby(2).state, pathTo(phase));
}

/** The host buttons that bring a fresh lobby to `phase` of the first question (the first wine's results for round_leaderboard). */
function pathTo(phase: Phase): Command['type'][] {
  const throughWine1: Command['type'][] = ['start', ...Array<Command['type'][]>(5).fill(['reveal', 'next', 'next']).flat()];
  const path: Record<Phase, Command['type'][]> = {
    waiting: [],
    question_open: ['start'],
    question_paused: ['start', 'pause'],
    question_revealed: ['start', 'reveal'],
    question_leaderboard: ['start', 'reveal', 'next'],
    // 5 × (reveal, next to the standings, next out of them): the last next leads to the wine's results.
    round_leaderboard: throughWine1,
    ended: ['end'],
  };
  return path[phase];
}

const q = (s: SessionState): Question => currentQuestion(s)!;
const wrongOf = (question: Question, n = 0): string => question.options.filter((o) => o.id !== question.correctOptionId)[n]!.id;
const answer = (participantId: string, question: Question, optionId: string): Command => ({
  type: 'answer',
  participantId,
  questionId: question.id,
  optionId,
});

describe('createSession', () => {
  it('starts in waiting, empty, default limit 10, no timer', () => {
    const s = createSession('1234', tastingOf('one-wine'), T0);
    expect(s).toMatchObject({ code: '1234', phase: 'waiting', participants: [], maxParticipants: 10, deadline: null, remainingMs: null });
    expect(DEFAULT_MAX_PARTICIPANTS).toBe(10);
    expect(currentQuestion(s)).toBeNull();
    expect(wakeAt(s)).toBeNull();
  });
});

describe('host controls per phase (docs/game-rules.md#phases-and-what-the-host-may-do)', () => {
  for (const phase of Object.keys(ALLOWED) as Phase[]) {
    it(`${phase}: allows exactly ${ALLOWED[phase].join(', ') || 'nothing'}`, () => {
      const s = inPhase(phase);
      expect(s.phase).toBe(phase);
      for (const button of HOST_BUTTONS) {
        expect(canHost(s, button), button).toBe(ALLOWED[phase].includes(button));
        if (!ALLOWED[phase].includes(button)) ignored(s, { type: button });
      }
    });
  }

  it('waiting: start needs at least one connected participant', () => {
    const empty = createSession('1234', tastingOf('one-wine'), T0);
    expect(ignored(empty, { type: 'start' }).ignored).toBe('no participant connected');
    const { state, ids } = lobby(1);
    const gone = ok(state, { type: 'disconnected', participantId: ids[0]! }).state;
    expect(canHost(gone, 'start')).toBe(false);
    ignored(gone, { type: 'start' });
    const back = ok(gone, { type: 'rejoin', connectionId: 'c', token: token(0) }).state;
    expect(ok(back, { type: 'start' }).state.phase).toBe('question_open');
  });

  it('waiting -> start opens wine 1 question 1 with a deadline of timer seconds', () => {
    const { state } = lobby(2);
    const t = ok(state, { type: 'start' }, T0 + 500);
    expect(t.state).toMatchObject({ phase: 'question_open', wineIndex: 0, questionIndex: 0, deadline: T0 + 500 + 30_000, remainingMs: null });
    expect(t.effects).toEqual([{ type: 'broadcast' }]);
    expect(t.wakeAt).toBe(T0 + 30_500);
    expect(t.state.updatedAt).toBe(T0 + 500);
    expect(q(t.state).id).toBe('w0-color');
  });

  it('open -> pause / reveal / end; paused -> resume / reveal / end', () => {
    const open = inPhase('question_open');
    expect(ok(open, { type: 'pause' }).state.phase).toBe('question_paused');
    expect(ok(open, { type: 'reveal' }).state.phase).toBe('question_revealed');
    expect(ok(open, { type: 'end' }).state.phase).toBe('ended');
    const paused = inPhase('question_paused');
    expect(ok(paused, { type: 'resume' }).state.phase).toBe('question_open');
    expect(ok(paused, { type: 'reveal' }).state.phase).toBe('question_revealed');
    expect(ok(paused, { type: 'end' }).state.phase).toBe('ended');
  });

  it('revealed -> next -> question leaderboard -> next question, and round leaderboard after the 5th', () => {
    let s = inPhase('question_open');
    for (let qi = 0; qi < 5; qi++) {
      expect(s).toMatchObject({ phase: 'question_open', wineIndex: 0, questionIndex: qi });
      s = ok(s, { type: 'reveal' }).state;
      s = ok(s, { type: 'next' }).state;
      expect(s.phase).toBe('question_leaderboard');
      expect(s.questionIndex).toBe(qi);
      s = ok(s, { type: 'next' }, T0 + 1000).state;
    }
    expect(s).toMatchObject({ phase: 'round_leaderboard', wineIndex: 0, questionIndex: 4, deadline: null });
  });

  it('a next question gets a fresh deadline from the time of next', () => {
    const lb = inPhase('question_leaderboard');
    const t = ok(lb, { type: 'next' }, T0 + 99_000);
    expect(t.state).toMatchObject({ phase: 'question_open', questionIndex: 1, deadline: T0 + 99_000 + 30_000 });
    expect(q(t.state).id).toBe('w0-region');
  });

  it("round leaderboard -> next wine's first question, then ended after the last wine", () => {
    const round1 = inPhase('round_leaderboard');
    const wine2 = ok(round1, { type: 'next' }, T0 + 5).state;
    expect(wine2).toMatchObject({ phase: 'question_open', wineIndex: 1, questionIndex: 0, deadline: T0 + 5 + 30_000 });
    expect(q(wine2).id).toBe('w1-color');
    const round2 = run(wine2, Array<Command['type'][]>(5).fill(['reveal', 'next', 'next']).flat());
    expect(round2).toMatchObject({ phase: 'round_leaderboard', wineIndex: 1 });
    const end = ok(round2, { type: 'next' });
    expect(end.state).toMatchObject({ phase: 'ended', deadline: null, remainingMs: null });
  });

  it('a one-wine tasting ends after its round leaderboard', () => {
    const { state } = lobby(1, tastingOf('one-wine'));
    const round = run(state, ['start', ...Array<Command['type'][]>(5).fill(['reveal', 'next', 'next']).flat()]);
    expect(round.phase).toBe('round_leaderboard');
    expect(ok(round, { type: 'next' }).state.phase).toBe('ended');
  });

  it('end works from every phase and clears the timer', () => {
    for (const phase of ['waiting', 'question_open', 'question_paused', 'question_revealed', 'question_leaderboard', 'round_leaderboard'] as Phase[]) {
      const t = ok(inPhase(phase), { type: 'end' });
      expect(t.state).toMatchObject({ phase: 'ended', deadline: null, remainingMs: null });
      expect(t.wakeAt).toBeNull();
      expect(t.effects).toEqual([{ type: 'broadcast' }]);
    }
  });

  it('nothing moves an ended session', () => {
    const s = inPhase('ended');
    const { ids } = lobby(2);
    const commands: Command[] = [
      ...HOST_BUTTONS.map((type) => ({ type }) as Command),
      { type: 'tick' },
      { type: 'edit_tasting', tasting: tastingOf('one-wine') },
      { type: 'set_max_participants', max: 20 },
      { type: 'remove_participant', participantId: ids[0]! },
      { type: 'answer', participantId: ids[0]!, questionId: 'w0-color', optionId: 'a' },
    ];
    for (const c of commands) ignored(s, c, T0 + 10 ** 9);
    const join = apply(s, { type: 'join', connectionId: 'late', token: token(99), pick: 0 }, T0);
    expect(join.effects).toEqual([{ type: 'refused', connectionId: 'late', code: 'GAME_STARTED' }]);
    expect(join.state.phase).toBe('ended');
    expect(join.state.participants).toEqual(s.participants);
  });
});

describe('timer', () => {
  it('pause stores the remaining ms and clears the deadline; resume continues from it', () => {
    const open = inPhase('question_open'); // deadline T0 + 30 s
    const paused = ok(open, { type: 'pause' }, T0 + 12_345);
    expect(paused.state).toMatchObject({ phase: 'question_paused', remainingMs: 17_655, deadline: null });
    expect(paused.wakeAt).toBeNull();
    expect(remainingMs(paused.state, T0 + 10 ** 7)).toBe(17_655);
    const resumed = ok(paused.state, { type: 'resume' }, T0 + 500_000);
    expect(resumed.state).toMatchObject({ phase: 'question_open', deadline: T0 + 500_000 + 17_655, remainingMs: null });
    expect(resumed.wakeAt).toBe(T0 + 517_655);
    expect(remainingMs(resumed.state, T0 + 510_000)).toBe(7_655);
  });

  it('tick before the deadline does nothing; at or after it reveals', () => {
    const open = inPhase('question_open');
    expect(ignored(open, { type: 'tick' }, T0 + 29_999).ignored).toBe('nothing due');
    expect(ok(open, { type: 'tick' }, T0 + 30_000).state.phase).toBe('question_revealed');
    expect(ok(open, { type: 'tick' }, T0 + 3_600_000).state.phase).toBe('question_revealed');
  });

  it('tick never reveals a paused question, however late', () => {
    ignored(inPhase('question_paused'), { type: 'tick' }, T0 + 10 ** 9);
  });

  it('tick in phases without a timer is ignored', () => {
    for (const phase of ['waiting', 'question_revealed', 'question_leaderboard', 'round_leaderboard', 'ended'] as Phase[])
      ignored(inPhase(phase), { type: 'tick' }, T0 + 10 ** 9);
  });

  it('a resumed question reveals at its new deadline, not the old one', () => {
    const paused = ok(inPhase('question_open'), { type: 'pause' }, T0 + 10_000).state; // 20 s left
    const resumed = ok(paused, { type: 'resume' }, T0 + 60_000).state; // new deadline T0 + 80 s
    ignored(resumed, { type: 'tick' }, T0 + 79_999);
    expect(ok(resumed, { type: 'tick' }, T0 + 80_000).state.phase).toBe('question_revealed');
  });

  it('remaining time is 0 outside a running or paused question', () => {
    expect(remainingMs(inPhase('question_revealed'), T0)).toBe(0);
    expect(remainingMs(inPhase('question_open'), T0 + 40_000)).toBe(0);
  });

  it('regression: an answer arriving at or after the deadline, before the late tick, does not count', () => {
    // Background tabs throttle timers, so the tick can come seconds late (docs/game-rules.md#time): compare `now`, never count ticks.
    const { state, ids } = lobby(1);
    const open = ok(state, { type: 'start' }).state;
    const late = ignored(open, answer(ids[0]!, q(open), q(open).correctOptionId), T0 + 30_000);
    expect(late.ignored).toBe('time is up');
    const revealed = ok(open, { type: 'tick' }, T0 + 31_000).state;
    expect(revealed.points[q(open).id]![ids[0]!]).toBe(0);
    ok(open, answer(ids[0]!, q(open), q(open).correctOptionId), T0 + 29_999);
  });

  it('regression: pause after the deadline, before the late tick, does not freeze an expired question', () => {
    const open = inPhase('question_open');
    expect(ignored(open, { type: 'pause' }, T0 + 30_000).ignored).toBe('time is up');
    expect(ok(open, { type: 'pause' }, T0 + 29_999).state.remainingMs).toBe(1);
  });
});

describe('scoring', () => {
  it('100 for the last selected option when correct, 0 otherwise, 0 for no answer', () => {
    const { state, ids } = lobby(4);
    let s = ok(state, { type: 'start' }).state;
    const question = q(s);
    const [a, b, c, d] = ids as [string, string, string, string];
    s = ok(s, answer(a, question, wrongOf(question)), T0 + 1).state;
    s = ok(s, answer(a, question, question.correctOptionId), T0 + 2).state; // wrong, then right
    s = ok(s, answer(b, question, question.correctOptionId), T0 + 3).state;
    s = ok(s, answer(b, question, wrongOf(question, 1)), T0 + 4).state; // right, then wrong
    s = ok(s, answer(c, question, wrongOf(question, 2)), T0 + 5).state;
    // d never answers
    const revealed = ok(s, { type: 'reveal' }, T0 + 6).state;
    expect(revealed.points[question.id]).toEqual({ [a]: 100, [b]: 0, [c]: 0, [d]: 0 });
    const totals = scores(revealed);
    expect([a, b, c, d].map((id) => totals.get(id))).toEqual([100, 0, 0, 0]);
    expect(participantView(revealed, a, T0).lastPoints).toBe(100);
    expect(participantView(revealed, b, T0).lastPoints).toBe(0);
    expect(participantView(revealed, c, T0).lastPoints).toBe(0);
    expect(participantView(revealed, d, T0).lastPoints).toBeNull();
  });

  it('no speed bonus: answering at the last millisecond scores like answering first', () => {
    const { state, ids } = lobby(2);
    let s = ok(state, { type: 'start' }).state;
    s = ok(s, answer(ids[0]!, q(s), q(s).correctOptionId), T0 + 1).state;
    s = ok(s, answer(ids[1]!, q(s), q(s).correctOptionId), T0 + 29_999).state;
    s = ok(s, { type: 'tick' }, T0 + 30_000).state;
    expect(Object.values(s.points[q(s).id]!)).toEqual([100, 100]);
  });

  it('points accumulate over questions and wines; equal totals share a rank (1, 1, 3)', () => {
    const { state, ids } = lobby(3);
    const [a, b, c] = ids as [string, string, string];
    let s = ok(state, { type: 'start' }).state;
    // Q1: a and b right, c wrong.
    s = ok(s, answer(a, q(s), q(s).correctOptionId)).state;
    s = ok(s, answer(b, q(s), q(s).correctOptionId)).state;
    s = ok(s, answer(c, q(s), wrongOf(q(s)))).state;
    s = run(s, ['reveal', 'next']);
    expect(leaderboard(s).map((r) => [r.participantId === c ? 'c' : 'ab', r.score, r.rank])).toEqual([
      ['ab', 100, 1],
      ['ab', 100, 1],
      ['c', 0, 3],
    ]);
    // Q2: only c right -> 100, 100, 100: everyone first.
    s = ok(s, { type: 'next' }).state;
    s = ok(s, answer(c, q(s), q(s).correctOptionId)).state;
    s = run(s, ['reveal', 'next']);
    expect(leaderboard(s).map((r) => [r.score, r.rank])).toEqual([
      [100, 1],
      [100, 1],
      [100, 1],
    ]);
  });

  it('an answer changed while paused counts (answers stay open until the reveal)', () => {
    const { state, ids } = lobby(1);
    let s = run(state, ['start', 'pause']);
    s = ok(s, answer(ids[0]!, q(s), q(s).correctOptionId)).state;
    s = ok(s, { type: 'reveal' }).state;
    expect(scores(s).get(ids[0]!)).toBe(100);
  });
});

describe('answers', () => {
  it('records the first and the last selection times; the same option again changes nothing', () => {
    const { state, ids } = lobby(1);
    let s = ok(state, { type: 'start' }).state;
    const qq = q(s);
    s = ok(s, answer(ids[0]!, qq, 'a'), T0 + 100).state;
    s = ok(s, answer(ids[0]!, qq, 'b'), T0 + 200).state;
    const same = ok(s, answer(ids[0]!, qq, 'b'), T0 + 300);
    expect(same.state.answers).toBe(s.answers);
    expect(same.effects).toEqual([{ type: 'update', participantId: ids[0] }]);
    expect(s.answers[qq.id]![ids[0]!]).toEqual({ optionId: 'b', firstAt: T0 + 100, at: T0 + 200 });
  });

  it('ignores answers for an unknown question, an unknown option, or a past question', () => {
    const { state, ids } = lobby(1);
    const s1 = ok(state, { type: 'start' }).state;
    const q1 = q(s1);
    const p = ids[0]!;
    for (const questionId of ['w9-color', 'w0-region', 'w1-color', '', '__proto__'])
      expect(ignored(s1, { type: 'answer', participantId: p, questionId, optionId: 'a' }).ignored).toBe('not the current question');
    const correctText = q1.options.find((o) => o.id === q1.correctOptionId)!.text;
    for (const optionId of ['e', 'A', '', correctText, 'toString', '__proto__'])
      expect(ignored(s1, answer(p, q1, optionId)).ignored).toBe('no such option');
    expect(ignored(s1, answer('NOBODY-HERE', q1, 'a')).ignored).toBe('no such participant');

    const s2 = run(s1, ['reveal', 'next', 'next']);
    expect(q(s2).id).toBe('w0-region');
    ignored(s2, answer(p, q1, q1.correctOptionId)); // Q1 is past
    expect(s2.answers[q1.id]).toBeUndefined();
  });

  it('ignores answers outside an open or paused question', () => {
    const { state, ids } = lobby(1);
    ignored(state, { type: 'answer', participantId: ids[0]!, questionId: 'w0-color', optionId: 'a' });
    for (const phase of ['question_revealed', 'question_leaderboard', 'round_leaderboard', 'ended'] as Phase[]) {
      const s = inPhase(phase);
      const id = s.participants[0]!.id;
      const questionId = currentQuestion(s)?.id ?? 'w0-color';
      expect(ignored(s, { type: 'answer', participantId: id, questionId, optionId: 'a' }).ignored).toMatch(/^no open question/);
    }
  });

  it('after the reveal the recorded points never change', () => {
    const { state, ids } = lobby(1);
    let s = ok(state, { type: 'start' }).state;
    const qq = q(s);
    s = ok(s, answer(ids[0]!, qq, wrongOf(qq))).state;
    s = ok(s, { type: 'reveal' }).state;
    ignored(s, answer(ids[0]!, qq, qq.correctOptionId));
    s = run(s, ['next', 'next', 'reveal']);
    expect(s.points[qq.id]).toEqual({ [ids[0]!]: 0 });
  });
});

describe('answered count (X / Y)', () => {
  it('counts first answers only, among connected participants', () => {
    const { state, ids } = lobby(3);
    const [a, b, c] = ids as [string, string, string];
    let s = ok(state, { type: 'start' }).state;
    const qq = q(s);
    expect(answeredCount(s)).toEqual({ answered: 0, total: 3 });
    s = ok(s, answer(a, qq, 'a')).state;
    expect(answeredCount(s)).toEqual({ answered: 1, total: 3 });
    s = ok(s, answer(a, qq, 'b')).state;
    s = ok(s, answer(a, qq, 'c')).state;
    expect(answeredCount(s)).toEqual({ answered: 1, total: 3 });
    s = ok(s, answer(b, qq, 'a')).state;
    expect(answeredCount(s)).toEqual({ answered: 2, total: 3 });
    s = ok(s, { type: 'disconnected', participantId: b }).state; // answered, then gone: out of X and Y
    expect(answeredCount(s)).toEqual({ answered: 1, total: 2 });
    s = ok(s, { type: 'leave', participantId: c }).state; // never answered, gone: out of Y
    expect(answeredCount(s)).toEqual({ answered: 1, total: 1 });
    s = ok(s, { type: 'rejoin', connectionId: 'again', token: token(1) }).state;
    expect(answeredCount(s)).toEqual({ answered: 2, total: 2 });
  });

  it('starts again from 0 on the next question', () => {
    const { state, ids } = lobby(2);
    let s = ok(state, { type: 'start' }).state;
    s = ok(s, answer(ids[0]!, q(s), 'a')).state;
    s = run(s, ['reveal', 'next', 'next']);
    expect(answeredCount(s)).toEqual({ answered: 0, total: 2 });
  });
});

describe('joining', () => {
  it('a refused join returns the very same state object, so nothing is saved for it', () => {
    const { state } = lobby(1);
    const started = ok(ok(state, { type: 'set_latecomers', allowed: false }).state, { type: 'start' }).state;
    const t = apply(started, { type: 'join', connectionId: 'late', token: token(99), pick: 0 }, T0 + 5);
    expect(t.state).toBe(started);
    expect(t.effects).toEqual([{ type: 'refused', connectionId: 'late', code: 'GAME_STARTED' }]);
  });

  it('gives each joiner a unique pseudonym and an accepted effect', () => {
    let s = createSession('1234', tastingOf('one-wine'), T0);
    for (let i = 0; i < 10; i++) {
      const t = ok(s, { type: 'join', connectionId: `c${i}`, token: token(i), pick: 0 }, T0 + i);
      s = t.state;
      const me = s.participants[i]!;
      expect(me).toEqual({ id: me.id, token: token(i), joinedAt: T0 + i, connected: true });
      expect(t.effects).toEqual([{ type: 'accepted', connectionId: `c${i}`, participantId: me.id, rejoined: false }, { type: 'broadcast' }]);
    }
    expect(new Set(s.participants.map((p) => p.id)).size).toBe(10);
    for (const p of s.participants) expect(p.id).toMatch(/^[A-Z]+-[A-Z]+$/);
  });

  it('refuses the 11th with SESSION_FULL by default', () => {
    const { state } = lobby(10);
    const t = apply(state, { type: 'join', connectionId: 'eleventh', token: token(10), pick: 0.5 }, T0);
    expect(t.ignored).toBeUndefined();
    expect(t.effects).toEqual([{ type: 'refused', connectionId: 'eleventh', code: 'SESSION_FULL' }]);
    expect(t.state.participants).toEqual(state.participants);
  });

  it("gives a disconnected player's seat away in waiting (the oldest such seat)", () => {
    const { state, ids } = lobby(10);
    let s = ok(state, { type: 'disconnected', participantId: ids[6]! }).state;
    s = ok(s, { type: 'disconnected', participantId: ids[3]! }).state;
    const t = ok(s, { type: 'join', connectionId: 'new', token: token(10), pick: 0.5 });
    expect(t.state.participants).toHaveLength(10);
    expect(t.state.participants.map((p) => p.id)).not.toContain(ids[3]);
    expect(t.state.participants.map((p) => p.id)).toContain(ids[6]);
    // The seat is gone for good: its old token no longer rejoins.
    const back = apply(t.state, { type: 'rejoin', connectionId: 'old', token: token(3) }, T0);
    expect(back.effects).toEqual([{ type: 'refused', connectionId: 'old', code: 'INVALID_REJOIN' }]);
  });

  it('a disconnected player keeps the seat while the session is not full', () => {
    const { state, ids } = lobby(3);
    let s = ok(state, { type: 'disconnected', participantId: ids[0]! }).state;
    s = ok(s, { type: 'join', connectionId: 'x', token: token(3), pick: 0 }).state;
    expect(s.participants.map((p) => p.id)).toContain(ids[0]);
    expect(s.participants).toHaveLength(4);
  });

  it('the host may change the limit in waiting, from 1 to the measured maximum, not below the players already in', () => {
    const { state } = lobby(3);
    const three = ok(state, { type: 'set_max_participants', max: 3 }).state;
    expect(apply(three, { type: 'join', connectionId: 'x', token: token(3), pick: 0 }, T0).effects[0]).toMatchObject({ code: 'SESSION_FULL' });
    expect(ok(state, { type: 'set_max_participants', max: MAX_PARTICIPANTS_LIMIT }).state.maxParticipants).toBe(MAX_PARTICIPANTS_LIMIT);
    for (const max of [2, 0, -1, MAX_PARTICIPANTS_LIMIT + 1, Number.NaN]) ignored(state, { type: 'set_max_participants', max });
    ignored(inPhase('question_open'), { type: 'set_max_participants', max: 20 });
  });

  it('at the largest limit: every seat gets its own pseudonym, and the next phone is SESSION_FULL before and after the start', () => {
    let s = ok(createSession('1234', tastingOf('one-wine'), T0), { type: 'set_max_participants', max: MAX_PARTICIPANTS_LIMIT }).state;
    // Picks that collide often: the pseudonym space (25 × 25 words) must still give every seat a fresh name.
    for (let i = 0; i < MAX_PARTICIPANTS_LIMIT; i++) s = ok(s, { type: 'join', connectionId: `c${i}`, token: token(i), pick: (i % 7) / 7 }).state;
    expect(new Set(s.participants.map((p) => p.id)).size).toBe(MAX_PARTICIPANTS_LIMIT);
    const extra = { type: 'join', connectionId: 'extra', token: token(MAX_PARTICIPANTS_LIMIT), pick: 0.5 } as const;
    expect(apply(s, extra, T0).effects).toEqual([{ type: 'refused', connectionId: 'extra', code: 'SESSION_FULL' }]);
    const started = ok(s, { type: 'start' }).state;
    expect(apply(started, extra, T0).effects).toEqual([{ type: 'refused', connectionId: 'extra', code: 'SESSION_FULL' }]);
    expect(apply(started, extra, T0).state.participants).toHaveLength(MAX_PARTICIPANTS_LIMIT);
  });

  it('with latecomers off, closes when the game starts (GAME_STARTED), in every phase after waiting', () => {
    for (const phase of ['question_open', 'question_paused', 'question_revealed', 'question_leaderboard', 'round_leaderboard', 'ended'] as Phase[]) {
      const s = ok(inPhase('waiting'), { type: 'set_latecomers', allowed: false }).state;
      const there = phase === 'ended' ? run(s, ['end']) : run(s, pathTo(phase));
      const t = apply(there, { type: 'join', connectionId: 'late', token: token(50), pick: 0 }, T0);
      expect(t.effects).toEqual([{ type: 'refused', connectionId: 'late', code: 'GAME_STARTED' }]);
      expect(t.state).toBe(there);
    }
  });

  it('never seats anyone after the end, latecomers or not (GAME_STARTED)', () => {
    const s = inPhase('ended');
    expect(s.latecomers).toBe(true);
    const t = apply(s, { type: 'join', connectionId: 'late', token: token(50), pick: 0 }, T0);
    expect(t.effects).toEqual([{ type: 'refused', connectionId: 'late', code: 'GAME_STARTED' }]);
    expect(t.state).toBe(s);
  });

  it('ignores a join that reuses a token already holding a seat', () => {
    const { state } = lobby(2);
    ignored(state, { type: 'join', connectionId: 'x', token: token(1), pick: 0 });
  });
});

describe('rejoining', () => {
  it('by token only: restores the same seat, connected', () => {
    const { state, ids } = lobby(2);
    let s = ok(state, { type: 'start' }).state;
    s = ok(s, { type: 'disconnected', participantId: ids[1]! }).state;
    expect(s.participants[1]!.connected).toBe(false);
    const t = ok(s, { type: 'rejoin', connectionId: 'phone-2', token: token(1) });
    expect(t.effects).toEqual([{ type: 'accepted', connectionId: 'phone-2', participantId: ids[1], rejoined: true }, { type: 'broadcast' }]);
    expect(t.state.participants[1]).toEqual({ ...s.participants[1], connected: true });
  });

  it('a wrong token, or a pseudonym used as a token, gets INVALID_REJOIN', () => {
    const { state, ids } = lobby(2);
    const s = ok(ok(state, { type: 'start' }).state, { type: 'disconnected', participantId: ids[0]! }).state;
    for (const bad of [token(7), ids[0]!, '', token(0).toUpperCase()]) {
      const t = apply(s, { type: 'rejoin', connectionId: 'thief', token: bad }, T0);
      expect(t.effects).toEqual([{ type: 'refused', connectionId: 'thief', code: 'INVALID_REJOIN' }]);
      expect(t.state.participants).toEqual(s.participants);
    }
  });

  it('a rejoin while still connected (second device) is accepted without a broadcast', () => {
    const { state, ids } = lobby(1);
    const t = ok(state, { type: 'rejoin', connectionId: 'tablet', token: token(0) });
    expect(t.effects).toEqual([{ type: 'accepted', connectionId: 'tablet', participantId: ids[0], rejoined: true }]);
    expect(t.state.participants).toEqual(state.participants);
  });

  it('works in the ended phase, to see the final leaderboard', () => {
    const { state } = lobby(1);
    const ended = run(state, ['start', 'end']);
    expect(ok(ended, { type: 'rejoin', connectionId: 'c', token: token(0) }).effects[0]).toMatchObject({ type: 'accepted' });
  });
});

describe('leaving, disconnecting, removing', () => {
  it('leave in waiting frees the seat; after the start it only marks the player disconnected', () => {
    const { state, ids } = lobby(2);
    expect(ok(state, { type: 'leave', participantId: ids[0]! }).state.participants.map((p) => p.id)).toEqual([ids[1]]);
    const started = ok(state, { type: 'start' }).state;
    const left = ok(started, { type: 'leave', participantId: ids[0]! }).state;
    expect(left.participants).toEqual([{ ...started.participants[0], connected: false }, started.participants[1]]);
  });

  it('disconnected twice, or for nobody, is ignored', () => {
    const { state, ids } = lobby(1);
    const gone = ok(state, { type: 'disconnected', participantId: ids[0]! }).state;
    ignored(gone, { type: 'disconnected', participantId: ids[0]! });
    ignored(state, { type: 'disconnected', participantId: 'NOBODY' });
    ignored(state, { type: 'leave', participantId: 'NOBODY' });
  });

  it('the host removes a player only before the start', () => {
    const { state, ids } = lobby(2);
    const t = ok(state, { type: 'remove_participant', participantId: ids[0]! });
    expect(t.state.participants.map((p) => p.id)).toEqual([ids[1]]);
    expect(t.effects).toEqual([{ type: 'removed', participantId: ids[0] }, { type: 'broadcast' }]);
    ignored(state, { type: 'remove_participant', participantId: 'NOBODY' });
    const started = ok(state, { type: 'start' }).state;
    ignored(started, { type: 'remove_participant', participantId: ids[0]! });
  });

  it('a removed player cannot rejoin that session: REMOVED, while an unknown token stays INVALID_REJOIN', () => {
    const { state, ids } = lobby(2);
    const removedToken = state.participants[0]!.token;
    const after = ok(state, { type: 'remove_participant', participantId: ids[0]! }).state;
    expect(after.removedTokens).toEqual([removedToken]);
    expect(ok(after, { type: 'rejoin', connectionId: 'c9', token: removedToken }).effects).toEqual([
      { type: 'refused', connectionId: 'c9', code: 'REMOVED' },
    ]);
    expect(ok(after, { type: 'rejoin', connectionId: 'c9', token: token(99) }).effects).toEqual([
      { type: 'refused', connectionId: 'c9', code: 'INVALID_REJOIN' },
    ]);
  });

  it('remembers at most MAX_REMOVED_TOKENS removals, forgetting the oldest', () => {
    const { state, ids } = lobby(1);
    const full = { ...state, removedTokens: Array.from({ length: MAX_REMOVED_TOKENS }, (_, i) => token(1000 + i)) };
    const after = ok(full, { type: 'remove_participant', participantId: ids[0]! }).state;
    expect(after.removedTokens).toHaveLength(MAX_REMOVED_TOKENS);
    expect(after.removedTokens!.at(-1)).toBe(state.participants[0]!.token);
    expect(after.removedTokens![0]).toBe(token(1001));
  });
});

describe('editing the tasting', () => {
  it('is allowed only in waiting, keeping the code and the players', () => {
    const { state } = lobby(2);
    const other = tastingOf('five-wines');
    const t = ok(state, { type: 'edit_tasting', tasting: other });
    expect(t.state.tasting).toBe(other);
    expect(t.state.code).toBe(state.code);
    expect(t.state.participants).toBe(state.participants);
    for (const phase of ['question_open', 'question_paused', 'question_revealed', 'question_leaderboard', 'round_leaderboard', 'ended'] as Phase[])
      ignored(inPhase(phase), { type: 'edit_tasting', tasting: other });
  });
});

describe('ignored commands', () => {
  it('return the very same state, no effects, the current wake time and a reason', () => {
    const open = inPhase('question_open');
    const t = apply(open, { type: 'start' }, T0 + 5);
    expect(t).toEqual({ state: open, effects: [], wakeAt: open.deadline, ignored: 'cannot start in question_open' });
    expect(t.state).toBe(open);
  });

  it('never throw on commands that make no sense', () => {
    const s = inPhase('question_open');
    const odd = [
      { type: 'answer', participantId: undefined, questionId: null, optionId: 3 },
      { type: 'remove_participant' },
      { type: 'set_max_participants', max: '12' },
      { type: 'what' },
    ] as unknown as Command[];
    for (const c of odd) expect(() => apply(s, c, T0)).not.toThrow();
  });
});

describe('latecomers (docs/game-rules.md: on by default, 0 for what they missed)', () => {
  it('are allowed by default', () => {
    expect(createSession('1234', tastingOf('one-wine'), T0).latecomers).toBe(true);
  });

  it('a phone joining at question 3 gets a seat, answers it, and has 0 for questions 1 and 2', () => {
    const { state, ids } = lobby(1, tastingOf('one-wine'));
    let s = ok(state, { type: 'start' }).state;
    for (let i = 0; i < 2; i++) {
      s = ok(s, answer(ids[0]!, q(s), q(s).correctOptionId)).state;
      s = run(s, ['reveal', 'next', 'next']);
    }
    expect(s.questionIndex).toBe(2);
    expect(s.phase).toBe('question_open');
    const t = ok(s, { type: 'join', connectionId: 'late', token: token(9), pick: 0.3 }, T0 + 1);
    s = t.state;
    const late = s.participants[1]!;
    expect(late).toEqual({ id: late.id, token: token(9), joinedAt: T0 + 1, connected: true });
    expect(t.effects).toEqual([{ type: 'accepted', connectionId: 'late', participantId: late.id, rejoined: false }, { type: 'broadcast' }]);
    expect(answeredCount(s)).toEqual({ answered: 0, total: 2 });
    const view = participantView(s, late.id, T0 + 1);
    expect(view).toMatchObject({ phase: 'question_open', score: 0, selectedOptionId: null, lastPoints: null });
    expect(view.question!.index).toBe(2);

    s = ok(s, answer(late.id, q(s), q(s).correctOptionId)).state;
    s = ok(s, answer(ids[0]!, q(s), wrongOf(q(s)))).state;
    s = run(s, ['reveal']);
    expect(scores(s)).toEqual(new Map([[ids[0]!, 200], [late.id, 100]]));
    s = run(s, ['next', 'next', 'reveal', 'next', 'next', 'reveal', 'next', 'next', 'next']);
    expect(s.phase).toBe('ended');
    expect(leaderboard(s).map((r) => [r.participantId, r.score, r.rank])).toEqual([
      [ids[0], 200, 1],
      [late.id, 100, 2],
    ]);
  });

  it('may join during a pause, a reveal and between questions; after a reveal they have 0 for it', () => {
    for (const phase of ['question_paused', 'question_revealed', 'question_leaderboard', 'round_leaderboard'] as Phase[]) {
      const s = inPhase(phase);
      const t = ok(s, { type: 'join', connectionId: 'late', token: token(50), pick: 0 });
      const late = t.state.participants[2]!;
      expect(t.state.phase).toBe(phase);
      expect(scores(t.state).get(late.id)).toBe(0);
      const view = participantView(t.state, late.id, T0);
      expect(view.score).toBe(0);
      if (phase === 'question_revealed') expect(view.lastPoints).toBeNull();
    }
  });

  it('the seat limit holds after the start, and no seat is given away (its player keeps their points)', () => {
    const { state, ids } = lobby(2);
    let s = ok(state, { type: 'set_max_participants', max: 3 }).state;
    s = ok(s, { type: 'start' }).state;
    s = ok(s, { type: 'disconnected', participantId: ids[0]! }).state;
    s = ok(s, { type: 'join', connectionId: 'third', token: token(7), pick: 0.1 }).state;
    expect(s.participants).toHaveLength(3);
    const t = apply(s, { type: 'join', connectionId: 'fourth', token: token(8), pick: 0.2 }, T0);
    expect(t.effects).toEqual([{ type: 'refused', connectionId: 'fourth', code: 'SESSION_FULL' }]);
    expect(t.state).toBe(s);
    expect(s.participants.map((p) => p.id)).toContain(ids[0]);
  });

  it('the host may close and reopen the door in any phase but ended; turning it to its current value changes nothing', () => {
    const open = inPhase('question_open');
    const closed = ok(open, { type: 'set_latecomers', allowed: false });
    expect(closed.state.latecomers).toBe(false);
    expect(closed.effects).toEqual([{ type: 'broadcast' }]);
    const same = apply(closed.state, { type: 'set_latecomers', allowed: false }, T0);
    expect(same.state).toBe(closed.state);
    expect(same.effects).toEqual([]);
    expect(ok(closed.state, { type: 'set_latecomers', allowed: true }).state.latecomers).toBe(true);
    ignored(inPhase('ended'), { type: 'set_latecomers', allowed: false });
  });

  it('a latecomer rejoins with their token like anyone else', () => {
    let s = inPhase('question_open');
    s = ok(s, { type: 'join', connectionId: 'late', token: token(50), pick: 0 }).state;
    const late = s.participants[2]!;
    s = ok(s, { type: 'disconnected', participantId: late.id }).state;
    const back = ok(s, { type: 'rejoin', connectionId: 'again', token: token(50) });
    expect(back.effects[0]).toEqual({ type: 'accepted', connectionId: 'again', participantId: late.id, rejoined: true });
  });
});

describe('"Lock: no new players" (docs/security.md#lobby-bots)', () => {
  const newcomer = { type: 'join', connectionId: 'new', token: token(60), pick: 0.4 } as const;

  it('is off by default; while on, a newcomer is refused with SESSION_LOCKED in the lobby and during the game', () => {
    expect(createSession('1234', tastingOf('one-wine'), T0).joinsLocked).toBe(false);
    for (const phase of ['waiting', 'question_open', 'question_paused', 'question_revealed', 'question_leaderboard', 'round_leaderboard'] as Phase[]) {
      const s = ok(inPhase(phase), { type: 'set_joins_locked', locked: true }).state;
      const t = apply(s, newcomer, T0);
      expect(t.effects, phase).toEqual([{ type: 'refused', connectionId: 'new', code: 'SESSION_LOCKED' }]);
      expect(t.state).toBe(s);
    }
  });

  it('never keeps a seated player out: a rejoin with their token is accepted while locked', () => {
    const { state, ids } = lobby(2);
    let s = ok(state, { type: 'set_joins_locked', locked: true }).state;
    s = ok(s, { type: 'disconnected', participantId: ids[0]! }).state;
    const back = ok(s, { type: 'rejoin', connectionId: 'again', token: token(0) });
    expect(back.effects[0]).toEqual({ type: 'accepted', connectionId: 'again', participantId: ids[0], rejoined: true });
  });

  it('keeps a removed bot out for good: its seat stays free, no fresh join takes it, unlocking lets a guest in', () => {
    const { state, ids } = lobby(2);
    let s = ok(state, { type: 'set_max_participants', max: 2 }).state;
    s = ok(s, { type: 'set_joins_locked', locked: true }).state;
    s = ok(s, { type: 'remove_participant', participantId: ids[1]! }).state;
    expect(apply(s, { type: 'rejoin', connectionId: 'bot', token: token(1) }, T0).effects).toEqual([
      { type: 'refused', connectionId: 'bot', code: 'REMOVED' },
    ]);
    expect(apply(s, newcomer, T0).effects).toEqual([{ type: 'refused', connectionId: 'new', code: 'SESSION_LOCKED' }]);
    s = ok(s, { type: 'set_joins_locked', locked: false }).state;
    const guest = ok(s, newcomer);
    expect(guest.state.participants).toHaveLength(2);
    expect(guest.effects[0]).toMatchObject({ type: 'accepted', connectionId: 'new', rejoined: false });
  });

  it('may change in any phase but ended, and setting it to what it is changes nothing', () => {
    const open = inPhase('question_open');
    const locked = ok(open, { type: 'set_joins_locked', locked: true });
    expect(locked.state.joinsLocked).toBe(true);
    expect(locked.effects).toEqual([{ type: 'broadcast' }]);
    const same = apply(locked.state, { type: 'set_joins_locked', locked: true }, T0);
    expect(same.state).toBe(locked.state);
    expect(same.effects).toEqual([]);
    ignored(inPhase('ended'), { type: 'set_joins_locked', locked: true });
  });

  it('joinsClosed: locked, ended, or started with latecomers off; otherwise open', () => {
    expect(joinsClosed(inPhase('waiting'))).toBe(false);
    expect(joinsClosed(inPhase('question_open'))).toBe(false);
    expect(joinsClosed(inPhase('ended'))).toBe(true);
    expect(joinsClosed(ok(inPhase('waiting'), { type: 'set_joins_locked', locked: true }).state)).toBe(true);
    const noLatecomers = ok(inPhase('waiting'), { type: 'set_latecomers', allowed: false }).state;
    expect(joinsClosed(noLatecomers)).toBe(false);
    expect(joinsClosed(ok(noLatecomers, { type: 'start' }).state)).toBe(true);
  });
});
