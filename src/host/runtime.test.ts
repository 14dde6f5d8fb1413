import { describe, expect, it } from 'vitest';
import { buildTasting, createSession, defaultTastingInput } from '../engine';
import type { HostTransport } from '../net/host-peer';
import { decodeHostMessage, PROTOCOL_VERSION, type HostMessage } from '../protocol/messages';
import type { HostRecord } from '../store/sessions';
import { HostRuntime } from './runtime';

/** A transport that records every frame and close, plus a log of saves, all in one ordered journal. */
function setup() {
  const journal: string[] = [];
  const sent: { conn: string; msg: HostMessage }[] = [];
  const closed: string[] = [];
  let clock = 1_000_000;
  let tokens = 0;
  const transport: HostTransport = {
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
  };
  const saved: HostRecord[] = [];
  const tasting = buildTasting(defaultTastingInput(), () => 0.3);
  const rt = new HostRuntime(
    { state: createSession('4321', tasting, clock), peerToken: 'x' },
    {
      now: () => clock,
      random: () => 0.5,
      newToken: () => (++tokens).toString(16).padStart(32, '0'),
      save: async (r) => {
        await Promise.resolve();
        saved.push(r);
        journal.push(`save ${r.state.phase} ${r.state.participants.length}`);
      },
    },
  );
  rt.attach(transport);
  const frame = (conn: string, msg: unknown) => rt.onFrame(conn, JSON.stringify(msg));
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { rt, sent, closed, saved, journal, frame, settle, tick: (ms: number) => (clock += ms), tasting };
}

describe('HostRuntime', () => {
  it('seats a joiner: saves before it sends welcome (with a 128-bit token) and a snapshot', async () => {
    const h = setup();
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
    const h = setup();
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
    const h = setup();
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
    const h = setup();
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
    const h = setup();
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

  it('a rejoin with an unknown token is refused with INVALID_REJOIN', async () => {
    const h = setup();
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'rejoin', v: PROTOCOL_VERSION, token: 'f'.repeat(32) });
    await h.settle();
    expect(h.sent).toEqual([{ conn: 'c1', msg: { type: 'error', code: 'INVALID_REJOIN', v: PROTOCOL_VERSION } }]);
  });

  it('a closed channel marks its participant offline but keeps the seat and score', async () => {
    const h = setup();
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    await h.rt.host({ type: 'start' });
    h.rt.onDisconnect('c1');
    await h.settle();
    expect(h.rt.state.value.participants.map((p) => p.connected)).toEqual([false]);
  });

  it('reveals by itself at the deadline, scoring the recorded answer', async () => {
    const h = setup();
    h.rt.onConnect('c1');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    await h.rt.host({ type: 'start' });
    const q = h.tasting.wines[0]!.questions[0]!;
    h.frame('c1', { type: 'answer', questionId: q.id, optionId: q.correctOptionId });
    await h.settle();
    h.tick(h.tasting.timerSeconds * 1000);
    await h.rt.tick();
    expect(h.rt.state.value.phase).toBe('question_revealed');
    const last = h.sent.at(-1)!.msg;
    expect(last.type === 'state' && last.view.lastPoints).toBe(100);
  });

  it('keeps the game going and says so when IndexedDB refuses a write', async () => {
    const h = setup();
    const failing = new HostRuntime({ state: h.rt.state.value, peerToken: 'x' }, {
      now: () => 1,
      random: () => 0,
      newToken: () => 'a'.repeat(32),
      save: () => Promise.reject(new Error('quota exceeded')),
    });
    const sent: string[] = [];
    failing.attach({ send: (_c, f) => sent.push(f), close: () => {} });
    failing.onConnect('c1');
    failing.onFrame('c1', JSON.stringify({ type: 'join', v: PROTOCOL_VERSION }));
    await new Promise((r) => setTimeout(r, 0));
    expect(failing.storageError.value).toMatch(/quota exceeded/);
    expect(failing.state.value.participants).toHaveLength(1);
    expect(sent).toHaveLength(2);
  });

  it('answers pings, and marks a silent channel offline after the heartbeat timeout', async () => {
    const h = setup();
    h.rt.onConnect('c1');
    h.rt.onConnect('c2');
    h.frame('c1', { type: 'join', v: PROTOCOL_VERSION });
    h.frame('c2', { type: 'join', v: PROTOCOL_VERSION });
    await h.settle();
    h.tick(4000);
    h.frame('c1', { type: 'ping' });
    await h.settle();
    expect(h.sent.at(-1)).toEqual({ conn: 'c1', msg: { type: 'pong' } });
    h.tick(4000); // c2 silent for 8 s, c1 for 4 s
    h.rt.sweep();
    await h.settle();
    expect(h.closed).toEqual(['c2']);
    expect(h.rt.state.value.participants.map((p) => p.connected).sort()).toEqual([false, true]);
  });

  it('one channel gets one seat, however many joins it sends before the first is saved', async () => {
    const h = setup();
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
});
