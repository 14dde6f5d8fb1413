/**
 * Property tests of the session state machine (docs/architecture.md): random command sequences from a fresh session
 * keep the game's invariants after every single step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scores } from './ranking';
import { answeredCount, apply, createSession, currentQuestion } from './session';
import { T0, tastingOf, token } from '../../tests/support/engine';
import { PHASES, type Command, type Phase, type SessionState, type Tasting, type Transition } from './types';
import { participantView } from './view';

/** Every phase change the state machine allows (docs/game-rules.md); staying in a phase is always allowed. */
const EDGES: ReadonlySet<string> = new Set([
  'waiting -> question_open',
  'waiting -> ended',
  'question_open -> question_paused',
  'question_open -> question_revealed',
  'question_open -> ended',
  'question_paused -> question_open',
  'question_paused -> question_revealed',
  'question_paused -> ended',
  'question_revealed -> question_leaderboard',
  'question_revealed -> ended',
  'question_leaderboard -> question_open',
  'question_leaderboard -> round_leaderboard',
  'question_leaderboard -> ended',
  'round_leaderboard -> question_open',
  'round_leaderboard -> ended',
]);

/** Tokens handed out by joins: a small pool, so the same token is sometimes reused and rejoins often hit. */
const TOKEN_POOL = 14;

/** A command described independently of the state; `resolve` turns it into a real command against the state. */
type Abstract =
  | { kind: 'host'; type: 'start' | 'pause' | 'resume' | 'reveal' | 'next' | 'end' }
  | { kind: 'tick' }
  | { kind: 'edit'; n: number }
  | { kind: 'setMax'; max: number }
  | { kind: 'latecomers'; allowed: boolean }
  | { kind: 'lock'; locked: boolean }
  | { kind: 'remove'; who: number }
  | { kind: 'join'; tok: number; pick: number }
  | { kind: 'rejoin'; tok: number }
  | { kind: 'answer'; who: number; question: 'current' | 'past' | 'any' | 'unknown'; option: string; any: number }
  | { kind: 'leave'; who: number }
  | { kind: 'disconnected'; who: number };

const who = fc.nat({ max: 40 });
const abstractCommand: fc.Arbitrary<Abstract> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('host' as const), type: fc.constantFrom('start', 'pause', 'resume', 'reveal', 'next') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'host' as const, type: 'end' as const }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edit' as const), n: fc.nat({ max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('setMax' as const), max: fc.integer({ min: -2, max: 35 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('latecomers' as const), allowed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lock' as const), locked: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), who }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('join' as const),
      tok: fc.nat({ max: TOKEN_POOL - 1 }),
      pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('rejoin' as const), tok: fc.nat({ max: TOKEN_POOL + 2 }) }) },
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      who,
      question: fc.constantFrom('current', 'current', 'current', 'past', 'any', 'unknown'),
      option: fc.constantFrom('correct', 'a', 'b', 'c', 'd', 'e', 'A', ''),
      any: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('disconnected' as const), who }) },
);

/** A step: a command and how much host time passes before it (mostly short, sometimes past any deadline). */
const stepArb = fc.record({
  command: abstractCommand,
  dt: fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 3_000 }) }, { weight: 1, arbitrary: fc.nat({ max: 150_000 }) }),
});

/** Someone in the session (by index), or, one time in (n + 1), nobody. */
function participantId(s: SessionState, i: number): string {
  const n = s.participants.length;
  return i % (n + 1) < n ? s.participants[i % (n + 1)]!.id : 'NOBODY-HERE';
}

function resolve(s: SessionState, a: Abstract): Command {
  switch (a.kind) {
    case 'host':
      return { type: a.type };
    case 'tick':
      return { type: 'tick' };
    case 'edit':
      return { type: 'edit_tasting', tasting: EDITS[a.n]! };
    case 'setMax':
      return { type: 'set_max_participants', max: a.max };
    case 'latecomers':
      return { type: 'set_latecomers', allowed: a.allowed };
    case 'lock':
      return { type: 'set_joins_locked', locked: a.locked };
    case 'remove':
      return { type: 'remove_participant', participantId: participantId(s, a.who) };
    case 'join':
      return { type: 'join', connectionId: `conn-${a.tok}`, token: token(a.tok), pick: a.pick };
    case 'rejoin':
      return { type: 'rejoin', connectionId: `re-${a.tok}`, token: token(a.tok) };
    case 'leave':
      return { type: 'leave', participantId: participantId(s, a.who) };
    case 'disconnected':
      return { type: 'disconnected', participantId: participantId(s, a.who) };
    case 'answer': {
      const all = s.tasting.wines.flatMap((w) => w.questions);
      const current = currentQuestion(s);
      const at = current ? all.findIndex((q) => q.id === current.id) : -1;
      const question =
        a.question === 'current' && current
          ? current
          : a.question === 'past' && at > 0
            ? all[a.any % at]!
            : a.question === 'unknown'
              ? { id: `w${s.tasting.wines.length}-color`, correctOptionId: 'a' }
              : all[a.any % all.length]!;
      const optionId = a.option === 'correct' ? question.correctOptionId : a.option;
      return { type: 'answer', participantId: participantId(s, a.who), questionId: question.id, optionId };
    }
  }
}

const unique = (xs: string[]) => new Set(xs).size === xs.length;

/** A cheap assertion for the hot loop (vitest's `expect` is too slow for ~10⁵ checks per run). */
function check(condition: boolean, what: string, step: string): void {
  if (!condition) throw new Error(`invariant broken: ${what} (after ${step})`);
}

/** Deep equality through a JSON rendering (engine state is plain JSON data). */
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Checks every invariant for one step `prev --command--> t.state`. */
function checkStep(prev: SessionState, command: Command, t: Transition, now: number): void {
  const next = t.state;
  const step = `${JSON.stringify(command).slice(0, 160)} in ${prev.phase} at +${now - T0} ms -> ${next.phase}`;
  const is = (condition: boolean, what: string) => check(condition, what, step);

  // Ignored commands leave the state identical.
  if (t.ignored !== undefined) is(next === prev && t.effects.length === 0, 'ignored command changed nothing');

  // The phase only moves along the state machine's edges; questions advance one at a time, wines in order.
  is(next.phase === prev.phase || EDGES.has(`${prev.phase} -> ${next.phase}`), 'phase moves along an edge');
  if (next.wineIndex !== prev.wineIndex || next.questionIndex !== prev.questionIndex) {
    is(next.phase === 'question_open', 'a new question opens');
    if (prev.phase === 'question_leaderboard')
      is(next.wineIndex === prev.wineIndex && next.questionIndex === prev.questionIndex + 1, 'next question of the wine');
    else is(prev.phase === 'round_leaderboard' && next.wineIndex === prev.wineIndex + 1 && next.questionIndex === 0, "next wine's first question");
  }
  if (prev.phase === 'question_leaderboard' && next.phase === 'round_leaderboard') is(prev.questionIndex === 4, 'round ends after the 5th');
  if (prev.phase === 'round_leaderboard' && next.phase === 'ended' && command.type === 'next')
    is(prev.wineIndex === prev.tasting.wines.length - 1, 'the game ends by itself after the last wine only');

  // The timer: a deadline iff open, a frozen remaining time iff paused; the engine wakes at the deadline.
  is((next.deadline !== null) === (next.phase === 'question_open'), 'deadline set iff question_open');
  is((next.remainingMs !== null) === (next.phase === 'question_paused'), 'remainingMs set iff question_paused');
  if (next.remainingMs !== null)
    is(next.remainingMs > 0 && next.remainingMs <= next.tasting.timerSeconds * 1000, 'remaining time within the timer');
  is(t.wakeAt === (next.phase === 'question_open' ? next.deadline : null), 'wakes at the deadline only');

  // Scores change only on a transition into question_revealed, by 0 or 100 per participant, per the last answer.
  const intoReveal = prev.phase !== 'question_revealed' && next.phase === 'question_revealed';
  const before = scores(prev);
  const after = scores(next);
  if (!intoReveal) {
    is(same(next.points, prev.points), 'points change only at a reveal');
    for (const [id, score] of after) if (before.has(id)) is(score === before.get(id), 'scores change only at a reveal');
  } else {
    const q = currentQuestion(prev)!;
    is(!(q.id in prev.points), 'each question is scored once');
    is(same(Object.keys(next.points).sort(), [...Object.keys(prev.points), q.id].sort()), 'a reveal scores exactly its question');
    is(same(Object.keys(next.points[q.id]!).sort(), prev.participants.map((p) => p.id).sort()), 'a reveal scores every participant');
    for (const p of prev.participants) {
      const expected = prev.answers[q.id]?.[p.id]?.optionId === q.correctOptionId ? 100 : 0;
      is(next.points[q.id]![p.id] === expected, 'points are 100 for the last answer when correct, else 0');
      is(after.get(p.id)! - before.get(p.id)! === expected, 'a score moves by the points of the reveal');
    }
  }
  const revealedQuestions = Object.keys(next.points).length;
  for (const score of after.values())
    is(score >= 0 && score <= 100 * revealedQuestions && score % 100 === 0, 'score in 0..100 × revealed questions, steps of 100');

  // Answers change only by an answer to the current, open question, before its deadline.
  if (command.type !== 'answer') is(same(next.answers, prev.answers), 'answers change only by an answer');
  else if (!same(next.answers, prev.answers)) {
    is(prev.phase === 'question_open' || prev.phase === 'question_paused', 'answers only while a question is open');
    is(command.questionId === currentQuestion(prev)!.id, 'answers only for the current question');
    if (prev.phase === 'question_open') is(now < prev.deadline!, 'answers only before the deadline');
    is(next.answers[command.questionId]![command.participantId]!.optionId === command.optionId, 'the last answer is kept');
  }

  // No participant is lost after the start: same seats, same tokens, same order. Someone new only by a join with
  // latecomers allowed (never after the end), one seat at the end of the list, at 0 points.
  if (prev.phase !== 'waiting') {
    const seats = (x: SessionState) => x.participants.map((p) => `${p.id}/${p.token}/${p.joinedAt}`);
    const added = next.participants.length - prev.participants.length;
    is(same(seats(next).slice(0, prev.participants.length), seats(prev)), 'no participant lost after the start');
    is(added === 0 || added === 1, 'at most one seat added at a time');
    if (added === 1) {
      is(command.type === 'join' && prev.latecomers && !prev.joinsLocked && prev.phase !== 'ended', 'a seat is added after the start only for a latecomer');
      const late = next.participants[next.participants.length - 1]!;
      is(after.get(late.id) === 0, 'a latecomer starts at 0 for what they missed');
    }
  }
  if (command.type === 'join' && prev.phase !== 'waiting' && (!prev.latecomers || prev.phase === 'ended'))
    is(t.effects.length === 1 && t.effects[0]!.type === 'refused' && t.effects[0]!.code === 'GAME_STARTED', 'GAME_STARTED when the door is closed');
  is(next.latecomers === prev.latecomers || command.type === 'set_latecomers', 'only the host opens or closes the door');
  is(next.joinsLocked === prev.joinsLocked || command.type === 'set_joins_locked', 'only the host locks or unlocks joining');
  if (command.type === 'join' && prev.joinsLocked)
    is(next.participants.length === prev.participants.length && next.participants.every((p, i) => p === prev.participants[i]), 'no seat taken or given away while locked');

  // Pseudonyms (and tokens) are unique; never more seats than the limit.
  is(unique(next.participants.map((p) => p.id)), 'pseudonyms unique');
  is(unique(next.participants.map((p) => p.token)), 'tokens unique');
  is(next.participants.every((p) => /^[A-Z]+-[A-Z]+$/.test(p.id)), 'pseudonyms well formed');
  is(next.participants.length <= next.maxParticipants, 'no more seats than the limit');

  const { answered, total } = answeredCount(next);
  is(answered <= total && total === next.participants.filter((p) => p.connected).length, 'X / Y answered counts connected players');
}

/** What each participant sees keeps the secrets (checked on a sample of steps to stay fast). */
function checkViews(s: SessionState, now: number): void {
  const tokens = s.participants.map((p) => p.token);
  const q = currentQuestion(s);
  for (const p of s.participants) {
    const view = participantView(s, p.id, now);
    const json = JSON.stringify(view);
    const is = (condition: boolean, what: string) => check(condition, what, `view of ${p.id} in ${s.phase}`);
    is(tokens.every((tok) => !json.includes(tok)), 'no token in a view');
    if (s.phase === 'question_open' || s.phase === 'question_paused') is(view.question!.correctOptionId === null, 'no correct option before the reveal');
    is(view.selectedOptionId === (q ? (s.answers[q.id]?.[p.id]?.optionId ?? null) : null), 'own selection only');
  }
}

/** Tastings an `edit_tasting` may switch to (built once: building reads the fixture file). */
const EDITS = [1, 2, 3].map((seed) => tastingOf('one-wine', seed));

/** Phases reached over all runs, to prove the generators explore the whole machine. */
const reached = new Set<Phase>();
/** Seats taken after the start (latecomers) and joins refused with GAME_STARTED, over all runs. */
const lateness = { seated: 0, refused: 0 };

/** Runs the steps from a fresh session, checking every step; returns the final state. */
function play(tasting: Tasting, steps: { command: Abstract; dt: number }[]): SessionState {
  let s = createSession('1234', tasting, T0);
  let now = T0;
  steps.forEach(({ command: a, dt }, i) => {
    now += dt;
    const command = resolve(s, a);
    const t = apply(s, command, now);
    checkStep(s, command, t, now);
    if (command.type === 'join' && s.phase !== 'waiting') {
      if (t.state.participants.length > s.participants.length) lateness.seated++;
      else if (t.effects[0]?.type === 'refused' && t.effects[0].code === 'GAME_STARTED') lateness.refused++;
    }
    if (i % 4 === 0) checkViews(t.state, now);
    s = t.state;
    reached.add(s.phase);
  });
  return s;
}

/** The games played: short and long timers, one and two wines, two different shuffles each. */
const TASTINGS = (['one-wine', 'two-wines'] as const).flatMap((name) => [tastingOf(name, 1), tastingOf(name, 2)]);
const tastingArb = fc.constantFrom(...TASTINGS);

describe('session properties (random command sequences)', () => {
  it('keep every invariant after every step', () => {
    reached.clear();
    lateness.seated = lateness.refused = 0;
    fc.assert(
      fc.property(tastingArb, fc.array(stepArb, { minLength: 10, maxLength: 150, size: 'max' }), (tasting, steps) => {
        play(tasting, steps);
      }),
      { numRuns: 150 },
    );
    // The generator must explore the machine, or the property proves little (whole games: next test).
    for (const phase of PHASES.filter((p) => p !== 'round_leaderboard')) expect(reached, phase).toContain(phase);
    // Latecomers were both seated and turned away (door closed) along the way.
    expect(lateness.seated).toBeGreaterThan(0);
    expect(lateness.refused).toBeGreaterThan(0);
  });

  it('keep every invariant in host-driven games, which get played to the end', () => {
    // Mostly the buttons that move a game forward, mixed with every other command.
    const driven = fc.record({
      command: fc.oneof(
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('host' as const), type: fc.constantFrom('start', 'reveal', 'next', 'next', 'pause', 'resume') }) },
        { weight: 3, arbitrary: abstractCommand },
      ),
      dt: fc.nat({ max: 20_000 }),
    });
    let endings = 0;
    reached.clear();
    fc.assert(
      fc.property(tastingArb, fc.array(driven, { minLength: 100, maxLength: 250, size: 'max' }), (tasting, steps) => {
        const join = { command: { kind: 'join' as const, tok: 0, pick: 0.5 }, dt: 0 };
        if (play(tasting, [join, ...steps]).phase === 'ended') endings++;
      }),
      { numRuns: 60 },
    );
    expect(endings).toBeGreaterThan(0);
    expect([...reached].sort()).toEqual([...PHASES].sort());
  });

  it('are deterministic, and the state survives a JSON round trip (what the host persists)', () => {
    fc.assert(
      fc.property(tastingArb, fc.array(stepArb, { maxLength: 80, size: 'max' }), (tasting, steps) => {
        const a = play(tasting, steps);
        const b = play(tasting, steps);
        expect(b).toEqual(a);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      { numRuns: 30 },
    );
  });
});
