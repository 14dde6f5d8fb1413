/**
 * Helpers for tests of the engine and of what sits on it (runtimes, protocol): fixtures, a seeded random source,
 * sessions in a given phase. Test-only: nothing outside `*.test.ts` imports this file.
 * Fixtures are the tasting files in `tests/fixtures/`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { apply, buildTasting, createSession, currentQuestion, type Command, type SessionState, type Tasting, type Transition } from '../../src/engine';

export const FIXTURE_NAMES = ['one-wine', 'two-wines', 'five-wines'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A fixture as parsed JSON (a fresh copy each call, so tests may mutate it). */
export function fixture(name: FixtureName): {
  title: string;
  timerSeconds: number;
  wines: { name: string; questions: { category: string; correct: string; distractors: string[] }[] }[];
} {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}${name}.json`, 'utf8'));
}

/** A deterministic random source in [0, 1) (mulberry32), so failures replay. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A built fixture tasting, shuffled with a fixed seed. */
export function tastingOf(name: FixtureName, seed = 1): Tasting {
  return buildTasting(fixture(name), seeded(seed));
}

/** A 128-bit hex token that is unique per `i`. */
export const token = (i: number): string => `${i.toString(16).padStart(8, '0')}${'c0ffee'.repeat(4)}`;

/** Host time used as "the beginning" in tests. */
export const T0 = 1_700_000_000_000;

/** Applies `command` and fails the test if the engine ignored it. */
export function ok(state: SessionState, command: Command, now = T0): Transition {
  const t = apply(state, command, now);
  expect(t.ignored, `${command.type} should be accepted in ${state.phase}`).toBeUndefined();
  return t;
}

/** Applies `command` and fails the test unless the engine ignored it and returned the very same state. */
export function ignored(state: SessionState, command: Command, now = T0): Transition {
  const t = apply(state, command, now);
  expect(t.ignored, `${command.type} should be ignored in ${state.phase}`).toBeTypeOf('string');
  expect(t.state).toBe(state);
  expect(t.effects).toEqual([]);
  return t;
}

/** A session in `waiting` on `tasting` with `n` connected participants (tokens `token(0)`…); returns their ids. */
export function lobby(n: number, tasting: Tasting = tastingOf('two-wines')): { state: SessionState; ids: string[] } {
  let state = createSession('4321', tasting, T0);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = ok(state, { type: 'join', connectionId: `conn-${i}`, token: token(i), pick: (i * 0.37) % 1 }, T0);
    state = t.state;
    ids.push(state.participants[state.participants.length - 1]!.id);
  }
  return { state, ids };
}

/** Applies host commands in order, each required to be accepted, all at time `now`. */
export function run(state: SessionState, commands: Command['type'][], now = T0): SessionState {
  let s = state;
  for (const type of commands) s = ok(s, { type } as Command, now).state;
  return s;
}

/** Every state of a whole game where 3 players answer every question (one right, one wrong, one silent). */
export function wholeGame(tasting: Tasting): { states: SessionState[]; ids: string[] } {
  const { state, ids } = lobby(3, tasting);
  const states = [state];
  let s = state;
  let now = T0;
  const push = (c: Command) => {
    now += 1000;
    s = ok(s, c, now).state;
    states.push(s);
  };
  push({ type: 'start' });
  while (s.phase !== 'ended') {
    const q = currentQuestion(s)!;
    const wrong = q.options.find((o) => o.id !== q.correctOptionId)!.id;
    push({ type: 'answer', participantId: ids[0]!, questionId: q.id, optionId: q.correctOptionId });
    push({ type: 'answer', participantId: ids[1]!, questionId: q.id, optionId: wrong });
    push({ type: 'pause' });
    push({ type: 'resume' });
    push({ type: 'reveal' });
    push({ type: 'next' });
    push({ type: 'next' });
    if (s.phase === 'round_leaderboard') push({ type: 'next' });
  }
  return { states, ids };
}
