/**
 * The session state machine: `apply(state, command, now)` is the only way a session changes (docs/architecture.md, docs/game-rules.md).
 * Pure: no clock, no randomness, no I/O. `now` is host ms since epoch.
 *
 * Phases: waiting -> question_open <-> question_paused -> question_revealed -> question_leaderboard ->
 * (question_open of the next question | round_leaderboard after the 5th) -> (next wine | ended); `end` from any phase.
 */
import { pickPseudonym } from './pseudonym';
import { pointsFor } from './ranking';
import type { Command, Effect, Phase, Question, SessionState, Tasting, Transition } from './types';

/**
 * Seats of a new session (docs/game-rules.md#players-and-seats): enough for a table of friends, and few enough that a
 * code read over someone's shoulder does not fill a big room; the host raises it in the lobby with one choice.
 */
export const DEFAULT_MAX_PARTICIPANTS = 10;
/**
 * Most seats a host may set, from `npm run bench` (docs/performance.md#capacity): one host page (Chromium, 2 EPYC
 * cores shared with other work, load average 8-22) served 100 phones, 1-3 of them real Chromium pages, in two
 * runs: the host's own share of a transition (tap → last snapshot handed to a data channel) p99 33-73 ms, all 100
 * back in the question 2.0-3.2 s (p50 of 3 tries) after a host reload, 100 answers within 100 ms all counted and
 * saved. End to end (tap → phone has the phase) p50 31-52 ms, p99 146-214 ms: that tail is the simulated phones on
 * the loaded machine (the real Chromium phones p50 16-19 ms; 50 phones did no better). Nothing above 100 was
 * measured. The transport's caps follow this number (src/host/capacity.test.ts): open and negotiating channels
 * (src/net/host-peer.ts) and the signaling Worker's per-session and per-address budgets (signaling/src/limits.ts).
 */
export const MAX_PARTICIPANTS_LIMIT = 100;
/** Removed participants' tokens a session remembers (the oldest are forgotten past this; 32 bytes each). */
export const MAX_REMOVED_TOKENS = 500;

/** A new session in `waiting`. */
export function createSession(code: string, tasting: Tasting, now: number): SessionState {
  return {
    code,
    createdAt: now,
    updatedAt: now,
    tasting,
    maxParticipants: DEFAULT_MAX_PARTICIPANTS,
    latecomers: true,
    joinsLocked: false,
    phase: 'waiting',
    wineIndex: 0,
    questionIndex: 0,
    deadline: null,
    remainingMs: null,
    participants: [],
    answers: {},
    points: {},
    removedTokens: [],
  };
}

/**
 * True when no newcomer can take a seat whatever the seats left: the host locked joining, the tasting ended, or it
 * started with latecomers off. Players with a seat still come back. The projector stops showing the way in.
 */
export function joinsClosed(state: SessionState): boolean {
  return state.joinsLocked || state.phase === 'ended' || (state.phase !== 'waiting' && !state.latecomers);
}

/** The question on screen (also during its reveal and leaderboard), or null while waiting/after the end. */
export function currentQuestion(state: SessionState): Question | null {
  if (state.phase === 'waiting' || state.phase === 'ended') return null;
  return state.tasting.wines[state.wineIndex]?.questions[state.questionIndex] ?? null;
}

/** Time left on the current question in ms (0 when not running or expired). */
export function remainingMs(state: SessionState, now: number): number {
  if (state.phase === 'question_open' && state.deadline !== null) return Math.max(0, state.deadline - now);
  if (state.phase === 'question_paused' && state.remainingMs !== null) return state.remainingMs;
  return 0;
}

/** "X / Y answered": connected participants who answered the current question / connected participants. */
export function answeredCount(state: SessionState): { answered: number; total: number } {
  const q = currentQuestion(state);
  const connected = state.participants.filter((p) => p.connected);
  const answers = q ? (state.answers[q.id] ?? {}) : {};
  return { answered: connected.filter((p) => answers[p.id] !== undefined).length, total: connected.length };
}

/** Host actions allowed in each phase (docs/game-rules.md#phases-and-what-the-host-may-do). */
const HOST_ACTIONS: Record<Phase, ReadonlyArray<'start' | 'pause' | 'resume' | 'reveal' | 'next' | 'end'>> = {
  waiting: ['start', 'end'],
  question_open: ['pause', 'reveal', 'end'],
  question_paused: ['resume', 'reveal', 'end'],
  question_revealed: ['next', 'end'],
  question_leaderboard: ['next', 'end'],
  round_leaderboard: ['next', 'end'],
  ended: [],
};

/**
 * True when the host may press `action` now (Start also needs at least one connected participant).
 * Time-blind: `apply` also refuses Pause once the deadline has passed and the reveal's `tick` is due.
 */
export function canHost(state: SessionState, action: 'start' | 'pause' | 'resume' | 'reveal' | 'next' | 'end'): boolean {
  if (!HOST_ACTIONS[state.phase].includes(action)) return false;
  if (action === 'start') return state.participants.some((p) => p.connected);
  return true;
}

/** When the engine wants a `tick`: the open question's deadline, else never. */
export function wakeAt(state: SessionState): number | null {
  return state.phase === 'question_open' ? state.deadline : null;
}

/**
 * Applies one command at time `now`. Never throws for a command that is not allowed: it returns the input
 * state unchanged with `ignored` saying why, so the caller can count it.
 */
export function apply(state: SessionState, command: Command, now: number): Transition {
  const result = step(state, command, now);
  if (typeof result === 'string') return { state, effects: [], wakeAt: wakeAt(state), ignored: result };
  // A command that changed nothing (a refused join, a repeated answer) keeps the very same state object,
  // so the runtime neither saves nor re-renders.
  if (result.state === state) return { state, effects: result.effects, wakeAt: wakeAt(state) };
  const next = { ...result.state, updatedAt: now };
  return { state: next, effects: result.effects, wakeAt: wakeAt(next) };
}

type Step = { state: SessionState; effects: Effect[] } | string;
const BROADCAST: Effect[] = [{ type: 'broadcast' }];

function step(s: SessionState, c: Command, now: number): Step {
  switch (c.type) {
    case 'start':
      if (!canHost(s, 'start')) return s.phase === 'waiting' ? 'no participant connected' : `cannot start in ${s.phase}`;
      return { state: openQuestion(s, 0, 0, now), effects: BROADCAST };
    case 'pause':
      if (!canHost(s, 'pause')) return `cannot pause in ${s.phase}`;
      if (timeIsUp(s, now)) return 'time is up';
      return {
        state: { ...s, phase: 'question_paused', remainingMs: remainingMs(s, now), deadline: null },
        effects: BROADCAST,
      };
    case 'resume':
      if (!canHost(s, 'resume')) return `cannot resume in ${s.phase}`;
      return {
        state: { ...s, phase: 'question_open', deadline: now + (s.remainingMs ?? 0), remainingMs: null },
        effects: BROADCAST,
      };
    case 'reveal':
      if (!canHost(s, 'reveal')) return `cannot reveal in ${s.phase}`;
      return { state: reveal(s), effects: BROADCAST };
    case 'tick':
      if (s.phase !== 'question_open' || s.deadline === null || now < s.deadline) return 'nothing due';
      return { state: reveal(s), effects: BROADCAST };
    case 'next':
      if (!canHost(s, 'next')) return `cannot go next in ${s.phase}`;
      return { state: next(s, now), effects: BROADCAST };
    case 'end':
      if (!canHost(s, 'end')) return 'already ended';
      return { state: { ...s, phase: 'ended', deadline: null, remainingMs: null }, effects: BROADCAST };
    case 'edit_tasting':
      if (s.phase !== 'waiting') return 'the tasting can only be edited before the start';
      return { state: { ...s, tasting: c.tasting }, effects: BROADCAST };
    case 'set_max_participants': {
      if (s.phase !== 'waiting') return 'the limit can only change before the start';
      const max = Math.floor(c.max);
      if (!(max >= 1 && max <= MAX_PARTICIPANTS_LIMIT)) return `limit must be 1–${MAX_PARTICIPANTS_LIMIT}`;
      if (max < s.participants.length) return 'more participants already joined';
      return { state: { ...s, maxParticipants: max }, effects: BROADCAST };
    }
    case 'set_latecomers':
      if (s.phase === 'ended') return 'the tasting has ended';
      if (s.latecomers === c.allowed) return { state: s, effects: [] };
      return { state: { ...s, latecomers: c.allowed }, effects: BROADCAST };
    case 'set_joins_locked':
      if (s.phase === 'ended') return 'the tasting has ended';
      if (s.joinsLocked === c.locked) return { state: s, effects: [] };
      return { state: { ...s, joinsLocked: c.locked }, effects: BROADCAST };
    case 'remove_participant': {
      if (s.phase !== 'waiting') return 'participants can only be removed before the start';
      const gone = s.participants.find((p) => p.id === c.participantId);
      if (!gone) return 'no such participant';
      return {
        state: {
          ...s,
          participants: s.participants.filter((p) => p !== gone),
          // Their token can never take a seat here again (REMOVED), however they come back.
          removedTokens: [...s.removedTokens, gone.token].slice(-MAX_REMOVED_TOKENS),
        },
        effects: [{ type: 'removed', participantId: c.participantId }, ...BROADCAST],
      };
    }
    case 'join':
      return join(s, c.connectionId, c.token, c.pick, now);
    case 'rejoin': {
      const p = s.participants.find((x) => x.token === c.token);
      if (!p) {
        const code = s.removedTokens.includes(c.token) ? 'REMOVED' : 'INVALID_REJOIN';
        return { state: s, effects: [{ type: 'refused', connectionId: c.connectionId, code }] };
      }
      const accepted: Effect = { type: 'accepted', connectionId: c.connectionId, participantId: p.id, rejoined: true };
      if (p.connected) return { state: s, effects: [accepted] };
      return { state: setConnected(s, p.id, true), effects: [accepted, ...BROADCAST] };
    }
    case 'answer':
      return answer(s, c.participantId, c.questionId, c.optionId, now);
    case 'leave':
      if (!s.participants.some((p) => p.id === c.participantId)) return 'no such participant';
      if (s.phase === 'waiting')
        return { state: { ...s, participants: s.participants.filter((p) => p.id !== c.participantId) }, effects: BROADCAST };
      return { state: setConnected(s, c.participantId, false), effects: BROADCAST };
    case 'disconnected': {
      const p = s.participants.find((x) => x.id === c.participantId);
      if (!p) return 'no such participant';
      if (!p.connected) return 'already disconnected';
      return { state: setConnected(s, p.id, false), effects: BROADCAST };
    }
    default:
      return 'unknown command';
  }
}

/**
 * True when the open question's deadline has passed but its `tick` has not come yet (timers in background tabs
 * fire late, docs/game-rules.md#time): the question is over, so it takes no more answers and cannot be paused.
 */
function timeIsUp(s: SessionState, now: number): boolean {
  return s.phase === 'question_open' && s.deadline !== null && now >= s.deadline;
}

function setConnected(s: SessionState, id: string, connected: boolean): SessionState {
  return { ...s, participants: s.participants.map((p) => (p.id === id ? { ...p, connected } : p)) };
}

function openQuestion(s: SessionState, wineIndex: number, questionIndex: number, now: number): SessionState {
  return {
    ...s,
    phase: 'question_open',
    wineIndex,
    questionIndex,
    deadline: now + s.tasting.timerSeconds * 1000,
    remainingMs: null,
  };
}

/** Scores the current question with `pointsFor` each participant's last selected option; written once. */
function reveal(s: SessionState): SessionState {
  const q = currentQuestion(s)!;
  const answers = s.answers[q.id] ?? {};
  const pts: Record<string, number> = {};
  for (const p of s.participants) pts[p.id] = pointsFor(q, answers[p.id]);
  return { ...s, phase: 'question_revealed', deadline: null, remainingMs: null, points: { ...s.points, [q.id]: pts } };
}

function next(s: SessionState, now: number): SessionState {
  const wine = s.tasting.wines[s.wineIndex]!;
  if (s.phase === 'question_revealed') return { ...s, phase: 'question_leaderboard' };
  if (s.phase === 'question_leaderboard') {
    if (s.questionIndex + 1 < wine.questions.length) return openQuestion(s, s.wineIndex, s.questionIndex + 1, now);
    return { ...s, phase: 'round_leaderboard' };
  }
  // round_leaderboard
  if (s.wineIndex + 1 < s.tasting.wines.length) return openQuestion(s, s.wineIndex + 1, 0, now);
  return { ...s, phase: 'ended' };
}

/**
 * A newcomer asks for a seat. Before the start: a seat if one is free (a seat left by a player who never came back
 * is given away). After the start, only with `latecomers` on and a free seat: the newcomer enters at the current
 * question with 0 for every question already revealed (those were scored without them). Never after the end, never
 * while the host has locked joining (SESSION_LOCKED).
 */
function join(s: SessionState, connectionId: string, token: string, pick: number, now: number): Step {
  const refuse = (code: 'GAME_STARTED' | 'SESSION_FULL' | 'SESSION_LOCKED'): Step => ({
    state: s,
    effects: [{ type: 'refused', connectionId, code }],
  });
  const started = s.phase !== 'waiting';
  if (s.phase === 'ended' || (started && !s.latecomers)) return refuse('GAME_STARTED');
  if (s.joinsLocked) return refuse('SESSION_LOCKED');
  if (s.participants.some((p) => p.token === token)) return 'token already in use';
  let participants = s.participants;
  if (participants.length >= s.maxParticipants) {
    // A seat frees only if its player left before the start and never came back: give the oldest such seat away.
    // After the start every seat is kept (its player may come back and keeps their points).
    const gone = started ? undefined : participants.find((p) => !p.connected);
    if (!gone) return refuse('SESSION_FULL');
    participants = participants.filter((p) => p !== gone);
  }
  const id = pickPseudonym(new Set(participants.map((p) => p.id)), pick);
  if (!id) return refuse('SESSION_FULL');
  return {
    state: { ...s, participants: [...participants, { id, token, joinedAt: now, connected: true }] },
    effects: [{ type: 'accepted', connectionId, participantId: id, rejoined: false }, ...BROADCAST],
  };
}

function answer(s: SessionState, pid: string, questionId: string, optionId: string, now: number): Step {
  if (s.phase !== 'question_open' && s.phase !== 'question_paused') return `no open question in ${s.phase}`;
  if (timeIsUp(s, now)) return 'time is up';
  const q = currentQuestion(s)!;
  if (q.id !== questionId) return 'not the current question';
  if (!q.options.some((o) => o.id === optionId)) return 'no such option';
  const p = s.participants.find((x) => x.id === pid);
  if (!p) return 'no such participant';
  const perQuestion = s.answers[q.id] ?? {};
  const prev = perQuestion[pid];
  if (prev?.optionId === optionId) return { state: s, effects: [{ type: 'update', participantId: pid }] };
  const entry = { optionId, firstAt: prev?.firstAt ?? now, at: now };
  return {
    state: { ...s, answers: { ...s.answers, [q.id]: { ...perQuestion, [pid]: entry } } },
    effects: [{ type: 'update', participantId: pid }],
  };
}
