import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { buildTasting, createSession, defaultTastingInput } from '../engine';
import { claim } from './active';
import type { ClaimOutcome, HostRuntime } from './runtime';

/** A runtime stand-in whose claims wait for `finish` and count how often they were made. */
function fakeRuntime() {
  let finish: (outcome: ClaimOutcome) => void = () => undefined;
  const runtime = {
    code: '1234',
    state: signal(createSession('1234', buildTasting(defaultTastingInput(), () => 0.3), 0)),
    claims: 0,
    claim: () => {
      runtime.claims++;
      return new Promise<ClaimOutcome>((resolve) => (finish = resolve));
    },
  };
  return { runtime, finish: (outcome: ClaimOutcome) => finish(outcome) };
}

describe('claim', () => {
  it('callers that keep trying for one runtime at once share one claim (a reload resumes while the screen opens)', async () => {
    const { runtime, finish } = fakeRuntime();
    const first = claim(runtime as unknown as HostRuntime, true);
    const second = claim(runtime as unknown as HostRuntime, true);
    expect(second).toBe(first);
    finish('online');
    expect(await first).toEqual({ runtime, outcome: 'online' });
    expect(runtime.claims).toBe(1);
    // Once it settled, a new claim is a new attempt.
    const again = claim(runtime as unknown as HostRuntime, true);
    expect(again).not.toBe(first);
    expect(runtime.claims).toBe(2);
    finish('offline');
    expect((await again).outcome).toBe('offline');
  });
});
