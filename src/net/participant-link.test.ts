import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for a PeerJS DataConnection: tests fire its events. */
class FakeConn {
  open = false;
  closed = false;
  private handlers = new Map<string, ((arg?: unknown) => void)[]>();
  on(event: string, fn: (arg?: unknown) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
  }
  emit(event: string, arg?: unknown) {
    if (event === 'open') this.open = true;
    for (const fn of this.handlers.get(event) ?? []) fn(arg);
  }
  send() {}
  close() {
    this.closed = true;
    this.open = false;
  }
}

/** A stand-in for a PeerJS Peer (one per signaling socket). */
class FakePeer {
  static made: FakePeer[] = [];
  open = false;
  destroyed = false;
  disconnected = false;
  conns: FakeConn[] = [];
  private handlers = new Map<string, Set<(arg?: unknown) => void>>();
  constructor(
    readonly id: string,
    readonly options: { token?: string; config: RTCConfiguration },
  ) {
    FakePeer.made.push(this);
  }
  on(event: string, fn: (arg?: unknown) => void) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(fn);
  }
  /** once() listeners by the function given, so off() can remove them as eventemitter3 does. */
  private onceWrappers = new Map<(arg?: unknown) => void, (arg?: unknown) => void>();
  once(event: string, fn: (arg?: unknown) => void) {
    const wrapped = (arg?: unknown) => {
      this.off(event, fn);
      fn(arg);
    };
    this.onceWrappers.set(fn, wrapped);
    this.on(event, wrapped);
  }
  off(event: string, fn: (arg?: unknown) => void) {
    this.handlers.get(event)?.delete(this.onceWrappers.get(fn) ?? fn);
    this.onceWrappers.delete(fn);
  }
  listeners(event: string) {
    return this.handlers.get(event)?.size ?? 0;
  }
  emit(event: string, arg?: unknown) {
    if (event === 'open') this.open = true;
    for (const fn of [...(this.handlers.get(event) ?? [])]) fn(arg);
  }
  connect() {
    const conn = new FakeConn();
    this.conns.push(conn);
    return conn;
  }
  destroy() {
    this.destroyed = true;
  }
}

/** What the Worker's /api/ice is asked (proofs) and answers in these tests. */
const ice = vi.hoisted(() => ({
  proofs: [] as { id: string; token: string }[],
  tokens: [] as string[],
  answer: async (): Promise<{ iceServers: RTCIceServer[]; ttlSeconds?: number }> => ({ iceServers: [] }),
}));

vi.mock('peerjs', () => ({ Peer: FakePeer }));
vi.mock('./signaling', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./signaling')>()),
  // The rule of docs/protocol.md#seat-signaling-token with Node's synchronous hash, so attempts settle in microtasks
  // (WebCrypto's digest runs on another thread); signaling.test.ts checks the app's own against a fixed vector.
  seatSignalingToken: async (seat: string) => createHash('sha256').update(`sa-signaling:${seat}`).digest('hex').slice(0, 32),
  isSessionLive: async () => true,
  fetchIceServers: async (id: string, token: string) => {
    ice.proofs.push({ id, token });
    return ice.answer();
  },
  peerOptions: (token: string) => {
    ice.tokens.push(token);
    return { token, config: {} };
  },
}));

const { participantLink, LinkError, CONNECT_TIMEOUT_MS } = await import('./participant-link');

/** A seat token this phone holds. */
const SEAT = '0123456789abcdef0123456789abcdef';
const flush = () => new Promise((r) => setTimeout(r, 0));
const events = () => ({ onFrame: vi.fn(), onClose: vi.fn() });

/** Starts an attempt and lets its signaling peer open; returns the pending link and that peer's newest channel. */
async function attempt(link: ReturnType<typeof participantLink>, ev = events(), seat: string | null = SEAT) {
  const pending = link.connect('1234', ev, { seat: seat ?? undefined });
  await flush();
  const peer = FakePeer.made.at(-1)!;
  if (!peer.conns.length) {
    peer.emit('open');
    await flush();
  }
  return { pending, peer, conn: peer.conns.at(-1)!, ev };
}

describe('participantLink: the signaling peer between attempts', () => {
  beforeEach(() => {
    FakePeer.made = [];
    ice.proofs = [];
    ice.tokens = [];
    ice.answer = async () => ({ iceServers: [] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('offers again on the same socket after the host closed the channel (a host reload)', async () => {
    const link = participantLink();
    const first = await attempt(link);
    first.conn.emit('open');
    await first.pending;
    first.conn.emit('close');
    expect(first.ev.onClose).toHaveBeenCalledTimes(1);
    expect(first.peer.destroyed).toBe(false);

    const second = await attempt(link);
    expect(FakePeer.made).toHaveLength(1);
    expect(second.peer.conns).toHaveLength(2);
    second.conn.emit('open');
    await expect(second.pending).resolves.toBeDefined();
  });

  it('keeps the socket after EXPIRE (no host yet), and forgets the attempt’s error listener', async () => {
    const link = participantLink();
    const first = await attempt(link);
    expect(first.peer.listeners('error')).toBe(1); // this attempt's, nothing left from opening the socket
    first.peer.emit('error', { type: 'peer-unavailable' });
    await expect(first.pending).rejects.toEqual(new LinkError('SESSION_NOT_FOUND'));
    expect(first.peer.listeners('error')).toBe(0);
    expect(first.conn.closed).toBe(true);

    await attempt(link);
    expect(FakePeer.made).toHaveLength(1);
  });

  it('starts from a fresh id after a timeout, an ICE failure, a lost socket or its own close', async () => {
    vi.useFakeTimers();
    const link = participantLink();
    const timedOut = link.connect('1234', events(), { seat: SEAT });
    await vi.advanceTimersByTimeAsync(0);
    FakePeer.made[0]!.emit('open');
    const verdict = expect(timedOut).rejects.toEqual(new LinkError('HOST_UNREACHABLE'));
    await vi.advanceTimersByTimeAsync(CONNECT_TIMEOUT_MS);
    await verdict;
    expect(FakePeer.made[0]!.destroyed).toBe(true);
    vi.useRealTimers();

    const ice = await attempt(link);
    expect(FakePeer.made).toHaveLength(2);
    ice.conn.emit('open');
    await ice.pending;
    ice.conn.emit('iceStateChanged', 'failed');
    expect(ice.ev.onClose).toHaveBeenCalledTimes(1);
    expect(ice.peer.destroyed).toBe(true);

    const lost = await attempt(link);
    expect(FakePeer.made).toHaveLength(3);
    lost.conn.emit('open');
    await lost.pending;
    lost.conn.emit('close');
    lost.peer.disconnected = true; // the signaling socket went too
    await attempt(link);
    expect(FakePeer.made).toHaveLength(4);
    expect(lost.peer.destroyed).toBe(true);
  });

  it('closing the link ourselves (heartbeat timeout, leaving) drops the socket; release() drops a kept one', async () => {
    const link = participantLink();
    const a = await attempt(link);
    a.conn.emit('open');
    (await a.pending).close();
    expect(a.peer.destroyed).toBe(true);
    expect(a.ev.onClose).toHaveBeenCalledTimes(1);

    const b = await attempt(link);
    b.conn.emit('open');
    await b.pending;
    b.conn.emit('close');
    expect(b.peer.destroyed).toBe(false);
    link.release();
    expect(b.peer.destroyed).toBe(true);
  });

  it('registers with the seat signaling token when it has a seat, else with a random token each new socket', async () => {
    const link = participantLink();
    const seated = await attempt(link);
    expect(seated.peer.options.token).toBe('db2f9c351548938c848288834a368d8a');
    seated.conn.emit('open');
    (await seated.pending).close();
    const first = await attempt(link, events(), null);
    first.conn.emit('open');
    (await first.pending).close();
    const second = await attempt(link, events(), null);
    expect([first.peer.options.token, second.peer.options.token].every((t) => /^[0-9a-f]{32}$/.test(t!))).toBe(true);
    expect(second.peer.options.token).not.toBe(first.peer.options.token);
    // Peer ids stay random per socket, seat or not.
    expect(new Set(FakePeer.made.map((p) => p.id)).size).toBe(3);
  });

  it('after joining on a random token, the next attempt (host reload) moves to a socket with the seat’s token', async () => {
    const link = participantLink();
    const joined = await attempt(link, events(), null);
    joined.conn.emit('open');
    await joined.pending;
    joined.conn.emit('close'); // the host reloads: the peer is kept
    const rejoin = await attempt(link);
    expect(joined.peer.destroyed).toBe(true);
    expect(rejoin.peer).not.toBe(joined.peer);
    expect(rejoin.peer.options.token).toBe('db2f9c351548938c848288834a368d8a');
    rejoin.conn.emit('open');
    await rejoin.pending;
    rejoin.conn.emit('close');
    // That socket already carries the seat's token: it is kept for the next attempt.
    const again = await attempt(link);
    expect(again.peer).toBe(rejoin.peer);
    expect(FakePeer.made).toHaveLength(2);
  });

  it('a socket that fails to open is dropped and the attempt says why', async () => {
    const link = participantLink();
    const pending = link.connect('1234', events(), { seat: SEAT });
    await flush();
    FakePeer.made[0]!.emit('error', { type: 'network' });
    await expect(pending).rejects.toEqual(new LinkError('SIGNALING_UNREACHABLE'));
    expect(FakePeer.made[0]!.destroyed).toBe(true);
  });
});

describe('participantLink: ICE servers', () => {
  const TURN = { urls: ['turn:turn.example:3478'], username: '1:sommelier', credential: 'c' };
  beforeEach(() => {
    FakePeer.made = [];
    ice.proofs = [];
    ice.tokens = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for them as the registered peer, sets them on the peer, and only then dials', async () => {
    let answer!: (value: { iceServers: RTCIceServer[]; ttlSeconds?: number }) => void;
    ice.answer = () => new Promise((resolve) => (answer = resolve));
    const link = participantLink();
    const pending = link.connect('1234', events(), { seat: SEAT });
    await flush();
    const peer = FakePeer.made[0]!;
    expect(ice.proofs).toEqual([]); // not before the peer is registered
    peer.emit('open');
    await flush();
    expect(ice.proofs).toEqual([{ id: peer.id, token: ice.tokens[0] }]);
    expect(peer.conns).toHaveLength(0);
    answer({ iceServers: [TURN], ttlSeconds: 3600 });
    await flush();
    expect(peer.options.config?.iceServers).toEqual([TURN]);
    expect(peer.conns).toHaveLength(1);
    peer.conns[0]!.emit('open');
    await expect(pending).resolves.toBeDefined();
  });

  it('asks again on every attempt, so a phone whose host came back gets TURN then', async () => {
    ice.answer = async () => ({ iceServers: [] }); // no live host yet: STUN only
    const link = participantLink();
    const first = await attempt(link);
    first.conn.emit('open');
    await first.pending;
    first.conn.emit('close'); // host reload: the peer is kept
    ice.answer = async () => ({ iceServers: [TURN], ttlSeconds: 3600 });
    const second = await attempt(link);
    expect(second.peer).toBe(first.peer);
    expect(ice.proofs).toEqual([
      { id: first.peer.id, token: ice.tokens[0] },
      { id: first.peer.id, token: ice.tokens[0] },
    ]);
    expect(second.peer.options.config.iceServers).toEqual([TURN]);
    expect(second.peer.conns).toHaveLength(2);
  });

  it('dials with what it has when the Worker does not answer /api/ice', async () => {
    ice.answer = async () => {
      throw new Error('unreachable');
    };
    const link = participantLink();
    const pending = link.connect('1234', events(), { seat: SEAT });
    await flush();
    FakePeer.made[0]!.emit('open');
    await flush();
    expect(FakePeer.made[0]!.conns).toHaveLength(1);
    FakePeer.made[0]!.conns[0]!.emit('open');
    await expect(pending).resolves.toBeDefined();
  });
});
