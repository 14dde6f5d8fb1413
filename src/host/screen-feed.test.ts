import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import { lobby, run } from '../../tests/support/engine';
import type { SessionState } from '../engine';
import type { HostRuntime } from './runtime';
import { forScreen, isScreenMessage, publishToScreens, screenChannel, type ScreenMessage } from './screen-feed';

/** A projector's end of the channel: every message it receives, and a way to wait for the next ones. */
function screen(code: string) {
  const channel = new BroadcastChannel(screenChannel(code));
  const got: ScreenMessage[] = [];
  const waiters: (() => void)[] = [];
  channel.onmessage = (e: MessageEvent) => {
    got.push(e.data as ScreenMessage);
    waiters.splice(0).forEach((w) => w());
  };
  const next = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (got.length >= n ? resolve() : waiters.push(check));
      check();
    });
  return { channel, got, next };
}

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

describe('projector feed', () => {
  const { state } = lobby(2);

  it('sends the state at once, on every change and to a screen saying hello; says when the tab stops', async () => {
    const runtime = { code: state.code, state: signal<SessionState>(state) } as unknown as HostRuntime;
    const s = screen(state.code);
    open.push(s.channel);
    const stop = publishToScreens(runtime);
    await s.next(1);
    expect(s.got[0]).toEqual({ type: 'state', state: forScreen(state) });

    const started = run(state, ['start']);
    runtime.state.value = started;
    await s.next(2);
    expect(s.got[1]).toMatchObject({ type: 'state', state: { phase: 'question_open' } });

    s.channel.postMessage({ type: 'hello' } satisfies ScreenMessage);
    await s.next(3);
    expect(s.got[2]).toEqual({ type: 'state', state: forScreen(started) });

    stop();
    await s.next(4);
    expect(s.got[3]).toEqual({ type: 'gone' });
    runtime.state.value = run(started, ['reveal']);
    await new Promise((r) => setTimeout(r, 20));
    expect(s.got).toHaveLength(4);
  });

  it('never gives a screen the rejoin tokens', () => {
    const shown = forScreen(state);
    expect(shown.participants.map((p) => p.token)).toEqual(['', '']);
    expect(JSON.stringify(shown)).not.toContain(state.participants[0]!.token);
    expect(state.participants[0]!.token).not.toBe('');
  });

  it('recognizes only well-formed messages', () => {
    expect(isScreenMessage({ type: 'hello' })).toBe(true);
    expect(isScreenMessage({ type: 'gone' })).toBe(true);
    expect(isScreenMessage({ type: 'state', state })).toBe(true);
    for (const bad of [null, 'hello', {}, { type: 'state' }, { type: 'state', state: {} }, { type: 'other' }])
      expect(isScreenMessage(bad)).toBe(false);
  });
});
