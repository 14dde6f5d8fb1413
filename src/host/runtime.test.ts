import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTasting, createSession, defaultTastingInput } from '../engine';
import { ClaimError, type HostLink, type SeatedSet } from '../net/host-peer';
import { fakeClock, flushPromises, type FakeClock } from '../../tests/support/fake-timers';
import { decodeHostMessage, PROTOCOL_VERSION, type HostMessage } from '../protocol/messages';
import type { HostRecord } from '../store/sessions';
import { HostRuntime, type HostDeps } from './runtime';

/** Host ms at the start of each test. */
const START = 1_000_000;

/**
 * A runtime on a fake clock whose connector hands out a link that records every frame and close, plus a log of
 * saves, all in one ordered journal. `connect` may be replaced to script claim failures.
 */
function setup(connect?: HostDeps['connect']) {
  const journal: string[] = [];
  const sent: { conn: string; msg: HostMessage }[] = [];
  const closed: string[] = [];
  /** Every seated set the runtime gave the link, oldest first. */
  const seated: SeatedSet[] = [];
  const clock = fakeClock(START);
  let tokens = 0;
  const link: HostLink = {
    send: (conn, frame) => {
      const d = decodeHostMessage(frame);
      if (!d.ok) throw new Error(`host sent an invalid frame: ${frame}`);
      sent.push({ conn, msg: d.message });
      journal.push(`send ${conn} ${d.message.type}`);
    },
    close: (conn) => {
      closed.push(conn);
      journal.push(`close ${conn}`);
    },
    retryNow: () => journal.push('retry signaling'),
    setSeated: (set) => void seated.push(set),
    destroy: () => journal.push('destroy'),
  };
  const saved: HostRecord[] = [];
  const tasting = buildTasting(defaultTastingInput(), () => 0.3);
  const deps: HostDeps = {
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    now: clock.now,
    random: () => 0.5,
    newToken: () => (++tokens).toString(16).padStart(32, '0'),
    save: async (r) => {
      await Promise.resolve();
      saved.push(r);
      journal.push(`save ${r.state.phase} ${r.state.participants.length}`);
    },
    connect: connect ?? (async () => link),
  };
  const rt = new HostRuntime({ state: createSession('4321', tasting, START), peerToken: 'x' }, deps);
  runtimes.push({ rt, clock });
  const frame = (conn: string, msg: unknown) => rt.onFrame(conn, JSON.stringify(msg));
  return { rt, clock, deps, sent, closed, seated, saved, journal, frame, settle: flushPromises, tasting };
}

/** Every runtime a test made, disposed after it: then none may leave a timer behind. */
let runtimes: { rt: HostRuntime; clock: FakeClock }[] = [];
afterEach(() => {
  for (const { rt, clock } of runtimes) {
    rt.dispose();
    expect(clock.pending(), 'timers left after dispose').toBe(0);
  }
  runtimes = [];
});

/** A runtime already serving phones (its claim succeeded). */
async function online(connect?: HostDeps['connect']) {
  const h = setup(connect);
  expect(await h.rt.claim(false)).toBe('online');
  return h;
}

describe('HostRuntime', () => {
  it('seats a joiner: saves before it sends welcome (with a 128-bit token) and a snapshot', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    expect(h.journal).toEqual(['save waiting 1', 'send c1 welcome', 'send c1 state']);
    const welcome = h.sent[0]!.msg;
    expect(welcome.type === 'welcome' && welcome.token).toMatch(/^[0-9a-f]{32}$/);
    const state = h.sent[1]!.msg;
    expect(state.type === 'state' && state.view.phase).toBe('waiting');
  });

  it('drops and counts malformed, oversized and non-text frames without throwing', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.rt.onFrame('c1', '{not json');
    h.rt.onFrame('c1', new ArrayBuffer(8));
    h.rt.onFrame('c1', JSON.stringify({ type: 'join', v: PROTOCOL_VERSION, pad: 'x'.repeat(5000) }));
    h.frame('c1', { type: 'score', points: 1000 });
    await h.settle();
    expect(h.rt.drops.value.malformed).toBe(4);
    expect(h.sent).toEqual([]);
    expect(h.rt.state.value.participants).toHaveLength(0);
  });

  it('answers PROTOCOL_MISMATCH, with its own version, to a phone of another version and closes', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.rt.onConnect('c2');
    h.frame('c1', { type: 'join', v: 99 });
    // A newer phone may add fields to its join: it is still told, never silently dropped.
    h.frame('c2', { type: 'rejoin', v: 99, token: 'f'.repeat(32), language: 'fr' });
    await h.settle();
    expect(h.sent).toEqual([
      { conn: 'c1', msg: { type: 'error', code: 'PROTOCOL_MISMATCH', v: PROTOCOL_VERSION } },
      { conn: 'c2', msg: { type: 'error', code: 'PROTOCOL_MISMATCH', v: PROTOCOL_VERSION } },
    ]);
    expect(h.closed).toEqual(['c1', 'c2']);
    expect(h.rt.state.value.participants).toHaveLength(0);
  });

  it('ignores answers from a channel that never joined', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.rt.onConnect('c2');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    await h.rt.host({ type: 'start' });
    const q = h.tasting.wines[0]!.questions[0]!;
    h.frame('c2', { type: 'answer', questionId: q.id, optionId: q.correctOptionId });
    await h.settle();
    expect(h.rt.state.value.answers[q.id]).toBeUndefined();
    expect(h.rt.drops.value.ignored).toBe(1);
  });

  it('a rejoin with the same token on a new channel takes the seat; the old channel is told it moved', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    const token = (h.sent[0]!.msg as { token: string }).token;
    h.rt.onConnect('c2');
    h.frame('c2', { type: 'rejoin', v: PROTOCOL_VERSION, token });
    await h.settle();
    expect(h.sent.filter((s) => s.conn === 'c1').map((s) => s.msg.type)).toEqual(['welcome', 'state', 'moved']);
    expect(h.closed).toContain('c1');
    expect(h.sent.filter((s) => s.conn === 'c2').map((s) => s.msg.type)).toEqual(['welcome', 'state']);
    expect(h.rt.state.value.participants).toHaveLength(1);
  });

  it('tells the link who is seated and whether the host locked joining, after every change (docs/protocol.md#seat-signaling-token)', async () => {
    const h = await online();
    const last = () => h.seated.at(-1);
    expect(last()).toEqual({ seatTokens: [], connections: [], locked: false });
    const join = async (conn: string) => {
      h.rt.onConnect(conn);
      h.frame(conn, { type: 'join', v: PROTOCOL_VERSION });
      await h.settle();
      return (h.sent.find((s) => s.conn === conn && s.msg.type === 'welcome')!.msg as { token: string }).token;
    };
    const t1 = await join('c1');
    expect(last()).toEqual({ seatTokens: [t1], connections: ['c1'], locked: false });
    const t2 = await join('c2');
    expect(last()).toEqual({ seatTokens: [t1, t2], connections: ['c1', 'c2'], locked: false });
    h.frame('c2', { type: 'leave' });
    await h.settle();
    expect(last()).toEqual({ seatTokens: [t1], connections: ['c1'], locked: false });
    await h.rt.host({ type: 'set_joins_locked', locked: true });
    expect(last()!.locked).toBe(true);
    await h.rt.host({ type: 'set_joins_locked', locked: false });
    expect(last()!.locked).toBe(false);
    const t3 = await join('c3');
    // Latecomers off after the start close joins, but the host answers those newcomers itself (GAME_STARTED): not a lock.
    await h.rt.host({ type: 'start' });
    await h.rt.host({ type: 'set_latecomers', allowed: false });
    expect(last()).toEqual({ seatTokens: [t1, t3], connections: ['c1', 'c3'], locked: false });
    await h.rt.host({ type: 'set_joins_locked', locked: true });
    expect(last()!.locked).toBe(true);
    // A channel that closes leaves the list; its seat stays, and a rejoin on a new channel takes its place.
    h.rt.onDisconnect('c3');
    expect(last()).toEqual({ seatTokens: [t1, t3], connections: ['c1'], locked: true });
    h.rt.onConnect('c4');
    h.frame('c4', { type: 'rejoin', v: PROTOCOL_VERSION, token: t3 });
    await h.settle();
    expect(last()).toEqual({ seatTokens: [t1, t3], connections: ['c1', 'c4'], locked: true });
    await h.rt.host({ type: 'set_joins_locked', locked: false });
    expect(last()!.locked).toBe(false);
  });

  it('vouches for removed seats after the seated ones, so a removed phone reaches the host and hears REMOVED even while locked', async () => {
    const h = await online();
    const last = () => h.seated.at(-1);
    const tokens: string[] = [];
    for (const conn of ['c1', 'c2']) {
      h.rt.onConnect(conn);
      h.frame(conn, { type: 'join', v: PROTOCOL_VERSION });
      await h.settle();
      tokens.push((h.sent.find((s) => s.conn === conn && s.msg.type === 'welcome')!.msg as { token: string }).token);
    }
    await h.rt.host({ type: 'set_joins_locked', locked: true });
    const bot = h.rt.state.value.participants[1]!;
    await h.rt.host({ type: 'remove_participant', participantId: bot.id });
    expect(last()).toEqual({ seatTokens: [tokens[0], tokens[1]], connections: ['c1'], locked: true });
    // Its phone comes back on its seat's token: the host, not the Worker's lock, answers it.
    h.rt.onConnect('c3');
    h.frame('c3', { type: 'rejoin', v: PROTOCOL_VERSION, token: tokens[1]! });
    await h.settle();
    expect(h.sent.filter((s) => s.conn === 'c3').map((s) => s.msg)).toContainEqual(expect.objectContaining({ type: 'error', code: 'REMOVED' }));
  });

  it('a rejoin with an unknown token is refused with INVALID_REJOIN', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'rejoin', v: PROTOCOL_VERSION, token: 'f'.repeat(32) });
    await h.settle();
    expect(h.sent).toEqual([{ conn: 'c1', msg: { type: 'error', code: 'INVALID_REJOIN', v: PROTOCOL_VERSION } }]);
  });

  it('a closed channel marks its participant offline but keeps the seat and score', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    await h.rt.host({ type: 'start' });
    h.rt.onDisconnect('c1');
    await h.settle();
    expect(h.rt.state.value.participants.map((p) => p.connected)).toEqual([false]);
  });

  it('reveals by itself at the deadline, scoring the recorded answer', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    await h.rt.host({ type: 'start' });
    const q = h.tasting.wines[0]!.questions[0]!;
    h.frame('c1', { type: 'answer', questionId: q.id, optionId: q.correctOptionId });
    await h.settle();
    // The phone pings every 2 s, as a live one does (a silent channel is closed after the heartbeat timeout).
    for (let t = 0; t + 2000 < h.tasting.timerSeconds * 1000; t += 2000) {
      await h.clock.advance(2000);
      h.frame('c1', { type: 'ping' });
    }
    await h.clock.advance(START + h.tasting.timerSeconds * 1000 - 1 - h.clock.now());
    expect(h.rt.state.value.phase).toBe('question_open');
    await h.clock.advance(1); // the wake-up timer at the deadline, nobody calling tick()
    expect(h.rt.state.value.phase).toBe('question_revealed');
    const last = h.sent.at(-1)!.msg;
    expect(last.type === 'state' && last.view.lastPoints).toBe(100);
  });

  it('keeps the game going and says so when IndexedDB refuses a write', async () => {
    const h = setup();
    h.deps.save = () => Promise.reject(new Error('quota exceeded'));
    await h.rt.claim(false);
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    expect(h.rt.storageError.value).toMatchObject({ message: expect.stringMatching(/quota exceeded/) });
    expect(h.rt.state.value.participants).toHaveLength(1);
    expect(h.sent.map((x) => x.msg.type)).toEqual(['welcome', 'state']);
  });

  it('answers pings, and marks a silent channel offline after the heartbeat timeout', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    h.rt.onConnect('c2');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    h.frame('c2', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    await h.clock.advance(4000);
    h.frame('c1', { type: 'ping' });
    await h.settle();
    expect(h.sent.at(-1)).toEqual({ conn: 'c1', msg: { type: 'pong' } });
    expect(h.closed).toEqual([]);
    await h.clock.advance(4000); // c2 silent for 8 s, c1 for 4 s: the next sweep (every 2 s) closes c2 only
    expect(h.closed).toEqual(['c2']);
    expect(h.rt.state.value.participants.map((p) => p.connected).sort()).toEqual([false, true]);
  });

  it('one channel gets one seat, however many joins it sends before the first is saved', async () => {
    const h = await online();
    h.rt.onConnect('c1');
    for (let i = 0; i < 12; i++) h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    await h.settle();
    expect(h.rt.state.value.participants).toHaveLength(1);
    expect(h.sent.filter((x) => x.msg.type === 'welcome')).toHaveLength(1);
    h.rt.onDisconnect('c1');
    await h.settle();
    expect(h.rt.state.value.participants.map((p) => p.connected)).toEqual([false]);
  });

  it('claims through its connector; unreachable: offline, retried with backoff until online', async () => {
    const attempts: number[] = [];
    let failures = 3;
    const h = setup(async (code, token, events) => {
      attempts.push(h.clock.now() - START);
      expect([code, token, events]).toEqual(['4321', 'x', h.rt]);
      if (failures-- > 0) throw new ClaimError('SIGNALING_UNREACHABLE');
      return { send: () => {}, close: () => {}, retryNow: () => {}, setSeated: () => {}, destroy: () => {} };
    });
    const claimed = h.rt.claim(true);
    expect(h.rt.claim(true)).toBe(claimed); // one claim at a time
    await h.settle();
    expect(h.rt.signaling.value).toBe('offline');
    expect(h.rt.connected).toBe(false);
    await h.clock.advance(10_000);
    expect(await claimed).toBe('online');
    expect(attempts).toEqual([0, 500, 1500, 3500]);
    expect(h.rt.signaling.value).toBe('online');
  });

  it('a claim reports a taken code, and without keepTrying an unreachable Worker, with no retry left behind', async () => {
    const taken = setup(async () => {
      throw new ClaimError('ID_TAKEN');
    });
    expect(await taken.rt.claim(true)).toBe('taken');
    const down = setup(async () => {
      throw new ClaimError('SIGNALING_UNREACHABLE');
    });
    expect(await down.rt.claim(false)).toBe('offline');
    expect(down.rt.signaling.value).toBe('offline');
  });

  it("retrySignaling cuts a claim's backoff short; dispose stops the claim for good", async () => {
    let calls = 0;
    const h = setup(async () => {
      calls++;
      throw new ClaimError('SIGNALING_UNREACHABLE');
    });
    const claimed = h.rt.claim(true);
    await h.settle();
    await h.clock.advance(600); // tries at 0 and 500; the next waits 1000 ms
    expect(calls).toBe(2);
    h.rt.retrySignaling();
    await h.settle();
    expect(calls).toBe(3);
    h.rt.dispose();
    expect(await claimed).toBe('stopped');
    expect(h.clock.pending()).toBe(0);
  });

  it('schedules every timer through its dependencies: the real clock is never touched', async () => {
    const real = [vi.spyOn(globalThis, 'setTimeout'), vi.spyOn(globalThis, 'setInterval')];
    try {
      const h = await online();
      h.rt.onConnect('c1');
      h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
      await h.settle();
      await h.rt.host({ type: 'start' });
      await h.clock.advance(120_000);
      expect(h.rt.state.value.phase).toBe('question_revealed');
      for (const spy of real) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of real) spy.mockRestore();
    }
  });
});
