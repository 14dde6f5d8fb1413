/**
 * The host runtime under a misbehaving seated player (docs/security.md): time is judged at receipt, answers are
 * coalesced into one save per batch, and a flooding channel is closed without delaying anyone else.
 */
import { describe, expect, it } from 'vitest';
import { buildTasting, defaultTastingInput, type SessionState } from '../engine';
import { PROTOCOL_VERSION, type HostMessage } from '../protocol/messages';
import { manualHostRuntime } from '../../tests/support/host-runtime';
import { FRAME_BURST, FRAME_RATE_PER_S, JOIN_TIMEOUT_MS, MAX_UNJOINED_CHANNELS } from './runtime';

const T0 = 1_000_000;

/** A runtime on a fake link and a clock the test sets (timers never fire by themselves), whose saves can be held. */
async function harness() {
  let saves = 0;
  let gate: Promise<void> | null = null;
  const sent: { conn: string; msg: HostMessage }[] = [];
  const closed: string[] = [];
  const tasting = buildTasting({ ...defaultTastingInput(), timerSeconds: 15 }, () => 0.3);
  const { rt, setNow } = await manualHostRuntime({
    tasting,
    startMs: T0,
    onSend: (conn, msg) => void sent.push({ conn, msg }),
    onClose: (conn) => void closed.push(conn),
    save: async () => {
      await (gate ?? Promise.resolve());
      saves++;
    },
  });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return {
    rt,
    sent,
    closed,
    tasting,
    q: tasting.wines[0]!.questions[0]!,
    saves: () => saves,
    at: setNow,
    frame: (conn: string, msg: unknown) => rt.onFrame(conn, JSON.stringify(msg)),
    settle,
    /** Holds every save until the returned function is called. */
    holdSaves(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
    /** Seats one participant per channel id; returns their pseudonyms in order. */
    async seat(...conns: string[]): Promise<string[]> {
      for (const c of conns) {
        rt.onConnect(c);
        rt.onFrame(c, JSON.stringify({ type: 'join', v: PROTOCOL_VERSION }));
      }
      await settle();
      return conns.map((c) => {
        const w = sent.find((s) => s.conn === c && s.msg.type === 'welcome')?.msg;
        if (w?.type !== 'welcome') throw new Error(`${c} was not seated`);
        return w.pseudonym;
      });
    },
  };
}

const points = (s: SessionState, qid: string, pid: string) => s.points[qid]?.[pid];

describe('HostRuntime judges time at receipt', () => {
  it('scores an answer that arrived before the deadline even when the busy queue reaches it after', async () => {
    const h = await harness();
    const [, honest] = await h.seat('c1', 'c2');
    await h.rt.host({ type: 'start' }); // 15 s question, deadline T0 + 15 s
    const release = h.holdSaves();
    h.at(T0 + 1000);
    h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: h.q.options.find((o) => o.id !== h.q.correctOptionId)!.id });
    await h.settle(); // c1's batch is now stuck in its save
    h.at(T0 + 2000);
    h.frame('c2', { type: 'answer', questionId: h.q.id, optionId: h.q.correctOptionId }); // the honest tap at 2 s
    h.at(T0 + 16_000); // the save took 15 s
    release();
    await h.settle();
    await h.rt.tick();
    const s = h.rt.state.value;
    expect(s.phase).toBe('question_revealed');
    expect(s.answers[h.q.id]?.[honest!]).toMatchObject({ optionId: h.q.correctOptionId, at: T0 + 2000 });
    expect(points(s, h.q.id, honest!)).toBe(100);
  });

  it('applies Pause as of the press, even when the queue reaches it after the deadline', async () => {
    const h = await harness();
    await h.seat('c1');
    await h.rt.host({ type: 'start' });
    const release = h.holdSaves();
    h.at(T0 + 1000);
    h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: h.q.correctOptionId });
    await h.settle();
    h.at(T0 + 14_000);
    const paused = h.rt.host({ type: 'pause' });
    h.at(T0 + 20_000);
    release();
    await paused;
    expect(h.rt.state.value.phase).toBe('question_paused');
    expect(h.rt.state.value.remainingMs).toBe(1000);
  });

  it('refuses an answer that arrived after the deadline, even if it is applied before the reveal runs', async () => {
    const h = await harness();
    const [pid] = await h.seat('c1');
    await h.rt.host({ type: 'start' });
    h.at(T0 + 15_000);
    h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: h.q.correctOptionId });
    await h.settle();
    expect(h.rt.state.value.answers[h.q.id]?.[pid!]).toBeUndefined();
    expect(h.rt.drops.value.ignored).toBe(1);
  });
});

describe('HostRuntime coalesces answers', () => {
  it('saves once for all answers that arrived while the queue was busy; the last pick of each counts', async () => {
    const h = await harness();
    const [a, b] = await h.seat('c1', 'c2');
    await h.rt.host({ type: 'start' });
    const release = h.holdSaves();
    h.at(T0 + 500);
    h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: 'a' });
    await h.settle();
    const before = h.saves();
    // While that save is held, both players change their minds a few times.
    const picks = ['b', 'c', 'd', 'a', 'c'];
    picks.forEach((opt, i) => {
      h.at(T0 + 600 + i * 100);
      h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: opt });
      h.frame('c2', { type: 'answer', questionId: h.q.id, optionId: picks[picks.length - 1 - i]! });
    });
    release();
    await h.settle();
    expect(h.saves() - before).toBe(2); // the held batch, then one for everything that queued behind it
    expect(h.rt.state.value.answers[h.q.id]?.[a!]?.optionId).toBe('c');
    expect(h.rt.state.value.answers[h.q.id]?.[b!]?.optionId).toBe('b');
    // Each player got one snapshot for the second batch, not one per tap.
    const lastStates = h.sent.slice(-2).map((s) => s.msg.type === 'state' && s.msg.view.selectedOptionId);
    expect(lastStates.sort()).toEqual(['b', 'c']);
  });

  it('applies answers received before a host command first, and those received after it after', async () => {
    const h = await harness();
    const [a] = await h.seat('c1');
    await h.rt.host({ type: 'start' });
    const release = h.holdSaves();
    h.at(T0 + 500);
    h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: 'a' });
    await h.settle();
    h.at(T0 + 600);
    h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: 'b' }); // before the reveal: counts
    h.at(T0 + 700);
    const revealed = h.rt.host({ type: 'reveal' });
    h.at(T0 + 800);
    h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: 'c' }); // after the reveal: refused
    release();
    await revealed;
    await h.settle();
    expect(h.rt.state.value.phase).toBe('question_revealed');
    expect(h.rt.state.value.answers[h.q.id]?.[a!]?.optionId).toBe('b');
  });
});

describe('HostRuntime rate-limits each channel', () => {
  it('closes a channel that floods 20,000 answers; Pause and the others are not delayed', async () => {
    const h = await harness();
    const [, honest] = await h.seat('bot', 'c2');
    await h.rt.host({ type: 'start' });
    const before = h.saves();
    h.at(T0 + 500);
    for (let i = 0; i < 20_000; i++) h.frame('bot', { type: 'answer', questionId: h.q.id, optionId: 'abcd'[i % 4] });
    h.at(T0 + 2000);
    h.frame('c2', { type: 'answer', questionId: h.q.id, optionId: h.q.correctOptionId });
    await h.rt.host({ type: 'pause' });
    expect(h.closed).toEqual(['bot']);
    expect(h.rt.drops.value.flooding).toBe(1);
    expect(h.rt.state.value.phase).toBe('question_paused');
    // The flood's admitted frames were one batch; the honest answer and the pause one save each, the bot going offline one.
    expect(h.saves() - before).toBeLessThanOrEqual(4);
    expect(h.rt.state.value.answers[h.q.id]?.[honest!]?.optionId).toBe(h.q.correctOptionId);
    expect(h.rt.state.value.participants.find((p) => p.id !== honest)?.connected).toBe(false);
  });

  it('never closes an honest phone: a ping every 2 s and bursts of taps for a whole question', async () => {
    const h = await harness();
    await h.seat('c1');
    await h.rt.host({ type: 'start' });
    for (let t = 0; t < 15_000; t += 250) {
      h.at(T0 + t);
      if (t % 2000 === 0) h.frame('c1', { type: 'ping' });
      // A nervous player: four taps every quarter second (16 taps/s), well above what a thumb does for long.
      if (t < 2000) for (let i = 0; i < 4; i++) h.frame('c1', { type: 'answer', questionId: h.q.id, optionId: 'abcd'[i] });
    }
    await h.settle();
    expect(h.closed).toEqual([]);
    expect(h.rt.drops.value.flooding).toBe(0);
    // The allowance itself leaves room for four seconds of such tapping.
    expect(FRAME_BURST).toBeGreaterThanOrEqual(4 * FRAME_RATE_PER_S);
  });
});

describe('HostRuntime closes channels that do not join', () => {
  it('closes a channel that only pings and never asks for a seat, after JOIN_TIMEOUT_MS', async () => {
    const h = await harness();
    await h.seat('phone');
    h.rt.onConnect('lurker');
    for (let t = 0; t <= JOIN_TIMEOUT_MS + 2000; t += 1000) {
      h.at(T0 + t);
      h.frame('lurker', { type: 'ping' });
      h.frame('phone', { type: 'ping' });
      h.rt.sweep();
    }
    expect(h.closed).toEqual(['lurker']);
    expect(h.rt.drops.value.unjoined).toBe(1);
    // Its late join is not even read: the channel is gone.
    h.frame('lurker', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    expect(h.rt.state.value.participants).toHaveLength(1);
  });

  it('keeps at most MAX_UNJOINED_CHANNELS waiting: the oldest makes room, and a newcomer still joins', async () => {
    const h = await harness();
    for (let i = 0; i < MAX_UNJOINED_CHANNELS + 3; i++) h.rt.onConnect(`junk${i}`);
    expect(h.closed).toEqual(['junk0', 'junk1', 'junk2']);
    await h.seat('phone');
    expect(h.rt.state.value.participants).toHaveLength(1);
    expect(h.rt.drops.value.unjoined).toBe(4);
  });
});

describe('HostRuntime and seats taken by bots', () => {
  it('a removed player is refused with REMOVED when they come back on a new channel', async () => {
    const h = await harness();
    const [bot] = await h.seat('c1');
    const token = (h.sent.find((s) => s.msg.type === 'welcome')!.msg as { token: string }).token;
    await h.rt.host({ type: 'remove_participant', participantId: bot! });
    expect(h.sent.at(-1)).toEqual({ conn: 'c1', msg: { type: 'removed' } });
    h.rt.onConnect('c2');
    h.frame('c2', { type: 'rejoin', v: PROTOCOL_VERSION, token });
    await h.settle();
    expect(h.sent.at(-1)).toEqual({ conn: 'c2', msg: { type: 'error', code: 'REMOVED', v: PROTOCOL_VERSION } });
    expect(h.closed).toEqual(['c1', 'c2']);
    expect(h.rt.state.value.participants).toEqual([]);
  });

  it('a seat needs a live channel: a bot that stops pinging loses its seat to the next phone once the lobby is full', async () => {
    const h = await harness();
    await h.rt.host({ type: 'set_max_participants', max: 2 });
    await h.seat('bot', 'guest');
    const tokenOf = (conn: string) => (h.sent.find((s) => s.conn === conn && s.msg.type === 'welcome')?.msg as { token: string } | undefined)?.token;
    h.rt.onConnect('late');
    h.frame('late', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    expect(h.sent.at(-1)).toEqual({ conn: 'late', msg: { type: 'error', code: 'SESSION_FULL', v: PROTOCOL_VERSION } });
    expect(h.rt.turnedAway.value).toBe(1);
    // The guest keeps pinging; the bot goes quiet.
    for (let t = 1000; t <= 8000; t += 1000) {
      h.at(T0 + t);
      h.frame('guest', { type: 'ping' });
      h.rt.sweep();
    }
    await h.settle();
    h.rt.onConnect('late2');
    h.frame('late2', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    const seated = h.rt.state.value.participants.map((p) => p.token);
    expect(seated.sort()).toEqual([tokenOf('guest'), tokenOf('late2')].sort());
  });
});

describe('HostRuntime regressions found by fuzzing', () => {
  it('a channel cut off while its join waits in the queue gets no seat (it used to stay online with no channel)', async () => {
    const h = await harness();
    await h.seat('honest');
    h.rt.onConnect('bot');
    // The join is queued; the same burst then floods the channel, which is closed before the join is applied.
    for (let i = 0; i <= FRAME_BURST; i++) h.frame('bot', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    expect(h.closed).toEqual(['bot']);
    expect(h.rt.state.value.participants.map((p) => p.connected)).toEqual([true]);
  });

  it('a rejoin whose channel went away meanwhile leaves that player offline, not online with no channel', async () => {
    const h = await harness();
    await h.seat('c1');
    const token = (h.sent.find((s) => s.msg.type === 'welcome')!.msg as { token: string }).token;
    h.rt.onDisconnect('c1');
    await h.settle();
    const release = h.holdSaves();
    h.rt.onConnect('bot'); // something that saves, so the rejoin waits behind it
    h.frame('bot', { type: 'join', v: PROTOCOL_VERSION });
    h.rt.onConnect('c2');
    h.frame('c2', { type: 'rejoin', v: PROTOCOL_VERSION, token });
    h.rt.onDisconnect('c2');
    release();
    await h.settle();
    const me = h.rt.state.value.participants.find((p) => p.token === token)!;
    expect(me.connected).toBe(false);
  });

  it('a seated channel that switches protocol version is closed and its player shown offline (not a ghost online)', async () => {
    const h = await harness();
    await h.seat('c1');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION + 1 });
    await h.settle();
    expect(h.closed).toEqual(['c1']);
    expect(h.rt.state.value.participants.map((p) => p.connected)).toEqual([false]);
  });
});
