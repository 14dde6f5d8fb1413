/**
 * The host's transport against hostile signaling (docs/security.md), with the real peerjs 1.5.5 code and fakes of
 * what it uses from the browser: a WebSocket the test speaks the PeerJS server protocol on, and an
 * RTCPeerConnection that records what it is asked to do.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DataConnection } from 'peerjs';
import { backoffDelay } from './backoff';
import { fakeClock, type FakeClock } from '../../tests/support/fake-timers';
import type { HostTransportEvents } from './host-peer';

type HostPeerModule = typeof import('./host-peer');
type GuardedPeerModule = typeof import('./guarded-peer');

/** Every fake RTCPeerConnection made, so tests can see whether peerjs started negotiating. */
const peerConnections: FakePeerConnection[] = [];
/** The fake signaling sockets, newest last. */
const sockets: FakeSocket[] = [];

class FakeDataChannel {
  readyState = 'connecting';
  binaryType = 'blob';
  bufferedAmount = 0;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  private listeners: ((e: { data: unknown }) => void)[] = [];
  readonly sent: unknown[] = [];
  constructor(readonly label: string) {}
  addEventListener(_type: 'message', fn: (e: { data: unknown }) => void) {
    this.listeners.push(fn);
  }
  send(data: unknown) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 'closed';
  }
  /** Test side: the channel opens. */
  open() {
    this.readyState = 'open';
    this.onopen?.();
  }
  /** Test side: the remote sends `data`. */
  receive(data: unknown) {
    for (const fn of this.listeners) fn({ data });
  }
}

class FakePeerConnection {
  signalingState = 'stable';
  iceConnectionState = 'new';
  remoteDescription: unknown = null;
  readonly candidates: unknown[] = [];
  onicecandidate: unknown = null;
  oniceconnectionstatechange: unknown = null;
  ondatachannel: ((e: { channel: FakeDataChannel }) => void) | null = null;
  ontrack: unknown = null;
  closed = false;
  constructor() {
    peerConnections.push(this);
  }
  createDataChannel(label: string) {
    return new FakeDataChannel(label);
  }
  async setRemoteDescription(d: unknown) {
    this.remoteDescription = d;
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'v=0 answer' };
  }
  async setLocalDescription() {}
  async addIceCandidate(c: unknown) {
    this.candidates.push(c);
  }
  close() {
    this.closed = true;
    this.signalingState = 'closed';
  }
  /** Test side: the remote's data channel arrives and opens. */
  openChannel(): FakeDataChannel {
    const dc = new FakeDataChannel('x');
    this.ondatachannel?.({ channel: dc });
    dc.open();
    return dc;
  }
}

class FakeSocket {
  static readonly OPEN = 1;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly sent: { type: string; payload?: unknown }[] = [];
  constructor(readonly url: string) {
    sockets.push(this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
    });
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.readyState = 3;
  }
  /** Test side: the server sends `frame`. */
  deliver(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

let hostPeer: HostPeerModule;
let guarded: GuardedPeerModule;
let PeerClass: typeof import('peerjs').Peer;

beforeAll(async () => {
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  vi.stubGlobal('RTCSessionDescription', class { constructor(init: object) { Object.assign(this, init); } });
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('location', { protocol: 'http:', hostname: 'localhost', port: '8787' });
  // peerjs probes RTCPeerConnection when it loads: import it only once the fakes are in place.
  hostPeer = await import('./host-peer');
  guarded = await import('./guarded-peer');
  PeerClass = (await import('peerjs')).Peer;
});

afterEach(() => {
  vi.useRealTimers();
  peerConnections.length = 0;
  sockets.length = 0;
});

const CODE = '4321';
const HOST = `sa-${CODE}-host`;
const SDP = { type: 'offer', sdp: 'v=0 offer' };
const offer = (src: string, connectionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'OFFER',
  src,
  dst: HOST,
  payload: { type: 'data', connectionId, serialization: 'raw', reliable: true, label: connectionId, sdp: SDP, ...extra },
});
const candidate = (src: string, connectionId: string) => ({
  type: 'CANDIDATE',
  src,
  dst: HOST,
  payload: { type: 'data', connectionId, candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.2 9 typ host', sdpMid: '0' } },
});

/** Peer internals that must stay bounded (peerjs 1.5.5 names). */
interface Internals {
  _lostMessages: Map<string, unknown[]>;
  _connections: Map<string, unknown[]>;
}

/** A GuardedPeer (or, for comparison, a plain Peer) registered on a fake socket; `admit` decides offers. */
async function registered(admit: (src: string, id: string) => boolean = () => true, plain = false) {
  const connections: DataConnection[] = [];
  const drops: string[] = [];
  const options = { host: 'localhost', port: 8787, path: '/', key: 'peerjs', secure: false, token: 't', debug: 0 as const, config: { iceServers: [] } };
  const peer = plain ? new PeerClass(HOST, options) : new guarded.GuardedPeer(HOST, options, { admit, dropped: (r) => void drops.push(r) });
  peer.on('connection', (c) => void connections.push(c));
  peer.on('error', () => undefined);
  await Promise.resolve();
  const socket = sockets.at(-1)!;
  socket.deliver({ type: 'OPEN' });
  const pcBefore = peerConnections.length;
  return { peer, socket, connections, drops, internals: peer as unknown as Internals, newPeerConnections: () => peerConnections.length - pcBefore };
}

describe('GuardedPeer (the host only negotiates raw data channels it admitted)', () => {
  it('relies on peerjs 1.5.5 internals that still exist', async () => {
    const proto = PeerClass.prototype as unknown as Record<string, unknown>;
    expect(typeof proto._handleMessage).toBe('function');
    expect(typeof proto._storeMessage).toBe('function');
    expect(typeof proto._removeConnection).toBe('function');
    const { internals } = await registered();
    expect(internals._lostMessages).toBeInstanceOf(Map);
    expect(internals._connections).toBeInstanceOf(Map);
  });

  it.each(['binary', 'default', 'binary-utf8', 'json', 'MsgPack', 'constructor', '__proto__', 'toString', undefined])(
    'drops an OFFER with serialization %s before peerjs builds a connection',
    async (serialization) => {
      const h = await registered();
      h.socket.deliver(offer('sa-4321-bad', 'dc_abc', { serialization }));
      expect(h.connections).toEqual([]);
      expect(h.newPeerConnections()).toBe(0);
      expect(h.internals._connections.size).toBe(0);
      expect(h.drops).toEqual(['not_raw']);
    },
  );

  it('a plain peerjs Peer would accept the BinaryPack channel (why the gate exists)', async () => {
    const h = await registered(undefined, true);
    h.socket.deliver(offer('sa-4321-bad', 'dc_abc', { serialization: 'binary' }));
    expect(h.connections.map((c) => c.serialization)).toEqual(['binary']);
  });

  it('drops media calls and malformed offers', async () => {
    const h = await registered();
    h.socket.deliver(offer('sa-4321-a', 'mc_abc', { type: 'media' }));
    h.socket.deliver(offer('sa-4321-a', 'dc_abc', { sdp: 'not an object' }));
    h.socket.deliver(offer('sa-4321-a', 'dc_ABC!'));
    h.socket.deliver({ type: 'OFFER', src: 'sa-4321-a', payload: null });
    h.socket.deliver({ type: 'OFFER', payload: offer('x', 'dc_a').payload });
    h.socket.deliver('OFFER');
    expect(h.connections).toEqual([]);
    expect(h.newPeerConnections()).toBe(0);
    expect(h.drops).toEqual(['not_raw', 'malformed', 'malformed', 'malformed', 'malformed', 'malformed']);
  });

  it('lets an admitted raw offer through without its metadata, and asks the gate first', async () => {
    const asked: string[] = [];
    const h = await registered((src, id) => (asked.push(`${src} ${id}`), src !== 'sa-4321-no'));
    h.socket.deliver(offer('sa-4321-yes', 'dc_one', { metadata: { pad: 'x'.repeat(60_000) } }));
    h.socket.deliver(offer('sa-4321-no', 'dc_two'));
    expect(asked).toEqual(['sa-4321-yes dc_one', 'sa-4321-no dc_two']);
    expect(h.connections.map((c) => [c.connectionId, c.serialization, c.metadata])).toEqual([['dc_one', 'raw', undefined]]);
    expect(h.newPeerConnections()).toBe(1);
    expect(h.drops).toEqual(['not_admitted']);
  });

  it('keeps nothing for CANDIDATE and ANSWER frames of unknown or closed connections', async () => {
    const h = await registered();
    for (let i = 0; i < 1000; i++) {
      h.socket.deliver(candidate(`sa-4321-x${i % 50}`, `dc_stray${i}`));
      h.socket.deliver({ type: 'ANSWER', src: `sa-4321-x${i % 50}`, payload: { type: 'data', connectionId: `dc_stray${i}`, sdp: { type: 'answer', sdp: 'v=0' } } });
    }
    h.socket.deliver(offer('sa-4321-a', 'dc_live'));
    h.connections[0]!.close();
    for (let i = 0; i < 100; i++) h.socket.deliver(candidate('sa-4321-a', 'dc_live'));
    expect(h.internals._lostMessages.size).toBe(0);
    expect(h.internals._connections.size).toBe(0);
    expect(h.drops.filter((d) => d === 'unknown_connection')).toHaveLength(1100);
    expect(h.drops.filter((d) => d === 'unexpected')).toHaveLength(1000);
  });

  it('a plain peerjs Peer keeps every stray frame forever (the leak the gate closes)', async () => {
    const h = await registered(undefined, true);
    for (let i = 0; i < 100; i++) h.socket.deliver(candidate('sa-4321-x', `dc_stray${i}`));
    expect(h.internals._lostMessages.size).toBe(100);
  });

  it('passes candidates of a live connection to it, up to MAX_CANDIDATES_PER_CONNECTION', async () => {
    const h = await registered();
    h.socket.deliver(offer('sa-4321-a', 'dc_live'));
    for (let i = 0; i < guarded.MAX_CANDIDATES_PER_CONNECTION + 10; i++) h.socket.deliver(candidate('sa-4321-a', 'dc_live'));
    // A candidate from another peer id for the same connection id is not this connection's.
    h.socket.deliver(candidate('sa-4321-b', 'dc_live'));
    await new Promise((r) => setTimeout(r, 0));
    expect(peerConnections.at(-1)!.candidates).toHaveLength(guarded.MAX_CANDIDATES_PER_CONNECTION);
    expect(h.drops).toEqual([...Array(10).fill('too_many_candidates'), 'unknown_connection']);
  });
});

/** A HostPeer that claimed its id on a fake socket; events recorded. `clock` drives its SEATS sends. */
async function claimed(clock?: FakeClock) {
  const log: string[] = [];
  const events: HostTransportEvents = {
    onConnect: (id) => void log.push(`connect ${id}`),
    onFrame: (id, f) => void log.push(`frame ${id} ${String(f)}`),
    onDisconnect: (id) => void log.push(`disconnect ${id}`),
    onSignalingDrop: (reason) => void log.push(`drop ${reason}`),
  };
  const peer = new hostPeer.HostPeer(CODE, 't', [], events, clock);
  const claim = peer.claim();
  await Promise.resolve();
  const socket = sockets.at(-1)!;
  socket.deliver({ type: 'OPEN' });
  await claim;
  return { peer, socket, log };
}

describe('HostPeer admission (docs/security.md)', () => {
  it('gives one channel at a time to a remote peer id: a new offer replaces its older channel', async () => {
    const h = await claimed();
    h.socket.deliver(offer('sa-4321-a', 'dc_one'));
    h.socket.deliver(offer('sa-4321-a', 'dc_two'));
    expect(peerConnections.map((pc) => pc.closed)).toEqual([true, false]);
    peerConnections[1]!.openChannel();
    h.socket.deliver(offer('sa-4321-a', 'dc_three'));
    expect(peerConnections.map((pc) => pc.closed)).toEqual([true, true, false]);
    expect(h.log).toEqual(['connect dc_two', 'disconnect dc_two']);
    expect(h.peer.drops.replaced).toBe(2);
    // Another peer id is not affected.
    h.socket.deliver(offer('sa-4321-b', 'dc_other'));
    expect(peerConnections.at(-2)!.closed).toBe(false);
    h.peer.destroy();
  });

  it('when every negotiating slot is taken, the oldest gives way to the new offer', async () => {
    const h = await claimed();
    for (let i = 0; i < hostPeer.MAX_PENDING_CONNECTIONS + 5; i++) h.socket.deliver(offer(`sa-4321-junk${i}`, `dc_junk${i}`));
    expect(h.peer.drops.evicted).toBe(5);
    expect(peerConnections.slice(0, 5).every((pc) => pc.closed)).toBe(true);
    expect(peerConnections.slice(5).some((pc) => pc.closed)).toBe(false);
    // A real phone's offer after the flood still gets negotiated and opens.
    h.socket.deliver(offer('sa-4321-phone', 'dc_phone'));
    peerConnections.at(-1)!.openChannel();
    expect(h.log).toEqual([...Array(6).fill('drop evicted'), 'connect dc_phone']);
    h.peer.destroy();
  });

  it('a negotiation whose peer sent ICE candidates gives way last (junk offers carry none)', async () => {
    const h = await claimed();
    h.socket.deliver(offer('sa-4321-phone', 'dc_phone'));
    h.socket.deliver(candidate('sa-4321-phone', 'dc_phone'));
    for (let i = 0; i < hostPeer.MAX_PENDING_CONNECTIONS + 10; i++) h.socket.deliver(offer(`sa-4321-junk${i}`, `dc_junk${i}`));
    expect(h.peer.drops.evicted).toBe(11);
    expect(peerConnections[0]!.closed).toBe(false);
    peerConnections[0]!.openChannel();
    expect(h.log.filter((l) => l.startsWith('connect'))).toEqual(['connect dc_phone']);
    h.peer.destroy();
  });

  it('starts at most NEGOTIATION_BURST negotiations at once, then NEGOTIATIONS_PER_S (junk must not get the host thrown off signaling)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await claimed();
    const burst = hostPeer.NEGOTIATION_BURST + 5;
    for (let i = 0; i < burst; i++) h.socket.deliver(offer(`sa-4321-junk${i}`, `dc_junk${i}`));
    expect(peerConnections).toHaveLength(hostPeer.NEGOTIATION_BURST);
    expect(h.peer.drops.rate_limited).toBe(5);
    vi.setSystemTime(Date.now() + 1000);
    for (let i = 0; i < 30; i++) h.socket.deliver(offer(`sa-4321-more${i}`, `dc_more${i}`));
    expect(peerConnections).toHaveLength(hostPeer.NEGOTIATION_BURST + hostPeer.NEGOTIATIONS_PER_S);
    h.peer.destroy();
  });

  it('admits a seated phone’s offer (stamped `seated` by our Worker) even when a junk flood has spent the negotiation burst', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await claimed();
    for (let i = 0; i < hostPeer.NEGOTIATION_BURST + 5; i++) h.socket.deliver(offer(`sa-4321-junk${i}`, `dc_junk${i}`));
    expect(h.peer.drops.rate_limited).toBe(5);
    const before = peerConnections.length;
    h.socket.deliver({ ...offer('sa-4321-phone', 'dc_phone'), seated: true });
    expect(peerConnections).toHaveLength(before + 1);
    peerConnections.at(-1)!.openChannel();
    expect(h.log.filter((l) => l.startsWith('connect'))).toEqual(['connect dc_phone']);
    // An unstamped offer still waits for the bucket, and so does one claiming `seated` where the client's own fields
    // go (the payload) or with anything but `true`.
    h.socket.deliver(offer('sa-4321-other', 'dc_other'));
    h.socket.deliver(offer('sa-4321-liar', 'dc_liar', { seated: true }));
    h.socket.deliver({ ...offer('sa-4321-liar2', 'dc_liar2'), seated: 'true' });
    expect(h.peer.drops.rate_limited).toBe(8);
    h.peer.destroy();
  });

  it('a seated phone’s negotiation never gives way to a stranger’s offer; a stranger’s gives way to a seated one', async () => {
    const h = await claimed();
    h.socket.deliver({ ...offer('sa-4321-phone', 'dc_phone'), seated: true }); // no ICE candidate yet
    for (let i = 0; i < hostPeer.MAX_PENDING_CONNECTIONS + 10; i++) h.socket.deliver(offer(`sa-4321-junk${i}`, `dc_junk${i}`));
    expect(h.peer.drops.evicted).toBe(11);
    expect(peerConnections[0]!.closed).toBe(false);
    h.socket.deliver({ ...offer('sa-4321-phone2', 'dc_phone2'), seated: true });
    expect(h.peer.drops.evicted).toBe(12);
    peerConnections[0]!.openChannel();
    peerConnections.at(-1)!.openChannel();
    expect(h.log.filter((l) => l.startsWith('connect'))).toEqual(['connect dc_phone', 'connect dc_phone2']);
    h.peer.destroy();
  });

  it('seated offers are bounded too: SEATED_NEGOTIATION_BURST at once, then SEATED_NEGOTIATIONS_PER_S; with every slot seated, a stranger waits', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = await claimed();
    for (let i = 0; i < hostPeer.SEATED_NEGOTIATION_BURST + 3; i++) {
      h.socket.deliver({ ...offer(`sa-4321-seat${i}`, `dc_seat${i}`), seated: true });
    }
    expect(peerConnections).toHaveLength(hostPeer.SEATED_NEGOTIATION_BURST);
    expect(h.peer.drops.rate_limited).toBe(3);
    expect(hostPeer.SEATED_NEGOTIATION_BURST).toBeGreaterThanOrEqual(hostPeer.MAX_PENDING_CONNECTIONS); // every slot is seated now
    h.socket.deliver(offer('sa-4321-stranger', 'dc_stranger'));
    expect(peerConnections).toHaveLength(hostPeer.SEATED_NEGOTIATION_BURST);
    expect(h.peer.drops.not_admitted).toBe(3 + 1); // the rate-limited seated ones, and the stranger
    expect(h.peer.drops.evicted).toBe(0);
    vi.setSystemTime(Date.now() + 1000);
    for (let i = 0; i < 2 * hostPeer.SEATED_NEGOTIATIONS_PER_S; i++) {
      h.socket.deliver({ ...offer(`sa-4321-later${i}`, `dc_later${i}`), seated: true });
    }
    expect(peerConnections).toHaveLength(hostPeer.SEATED_NEGOTIATION_BURST + hostPeer.SEATED_NEGOTIATIONS_PER_S);
    // Seated newcomers took the place of the oldest seated negotiations.
    expect(h.peer.drops.evicted).toBe(hostPeer.SEATED_NEGOTIATIONS_PER_S);
    expect(peerConnections.slice(0, hostPeer.SEATED_NEGOTIATIONS_PER_S).every((pc) => pc.closed)).toBe(true);
    h.peer.destroy();
  });

  it('closes a negotiation that has not opened after NEGOTIATION_TIMEOUT_MS, freeing its peer id', async () => {
    const h = await claimed();
    vi.useFakeTimers();
    h.socket.deliver(offer('sa-4321-a', 'dc_slow'));
    vi.advanceTimersByTime(hostPeer.NEGOTIATION_TIMEOUT_MS);
    expect(peerConnections[0]!.closed).toBe(true);
    expect(h.peer.drops.timed_out).toBe(1);
    h.socket.deliver(offer('sa-4321-a', 'dc_again'));
    expect(peerConnections).toHaveLength(2);
    h.peer.destroy();
  });

  it('stays registered when the Worker answers one of its frames with an ERROR (peerjs alone would disconnect, and every phone would get LEAVE)', async () => {
    const h = await claimed();
    h.socket.deliver(offer('sa-4321-a', 'dc_one'));
    const phone = peerConnections[0]!.openChannel();
    // What the Worker says when the host's answers to junk peers that already left fill their queue.
    h.socket.deliver({ type: 'ERROR', payload: { msg: 'Too many frames waiting for absent peers' } });
    expect(h.socket.readyState).toBe(1);
    expect(h.peer.drops.server_error).toBe(1);
    expect(h.log).toEqual(['connect dc_one', 'drop server_error']);
    expect(phone.readyState).toBe('open');
    h.peer.destroy();
  });

  it('hands frames of an open raw channel up as they are', async () => {
    const h = await claimed();
    h.socket.deliver(offer('sa-4321-a', 'dc_one'));
    const dc = peerConnections[0]!.openChannel();
    dc.receive('{"type":"ping"}');
    expect(h.log).toEqual(['connect dc_one', 'frame dc_one {"type":"ping"}']);
    h.peer.destroy();
  });
});

describe('HostPeer tells the signaling Worker who is seated (SEATS, docs/protocol.md#seat-signaling-token)', () => {
  const SEAT = '0123456789abcdef0123456789abcdef';
  /** SHA-256 of seatSignalingToken(SEAT), computed outside the app (see signaling.test.ts). */
  const SEAT_HASH = 'd14ca1c6d92b912183cfa811821cd1c077470c7a1476676c7bcf83cc330b6c1c';
  const seatsOn = (socket: FakeSocket) => socket.sent.filter((f) => f.type === 'SEATS');
  /** A claimed host with a joined channel dc_one from sa-4321-a and a negotiating one dc_two from sa-4321-b. */
  async function hostWithChannels() {
    const clock = fakeClock(1_000_000);
    const h = await claimed(clock);
    h.socket.deliver(offer('sa-4321-a', 'dc_one'));
    peerConnections[0]!.openChannel();
    h.socket.deliver(offer('sa-4321-b', 'dc_two'));
    return { ...h, clock };
  }

  it('sends the SHA-256 of each seat’s signaling token, the peer ids of the joined channels, and locked', async () => {
    const h = await hostWithChannels();
    expect(seatsOn(h.socket)).toEqual([]); // nothing to say before the runtime says who is seated
    h.peer.setSeated({ seatTokens: [SEAT, SEAT], connections: ['dc_one', 'dc_gone'], locked: true });
    await h.clock.advance(0);
    await vi.waitFor(() => expect(seatsOn(h.socket)).toHaveLength(1));
    expect(seatsOn(h.socket)[0]).toEqual({ type: 'SEATS', payload: { locked: true, tokens: [SEAT_HASH], ids: ['sa-4321-a'] } });
    h.peer.destroy();
  });

  it('sends at most one frame per SEATS_INTERVAL_MS, with the latest set, and never the same set twice', async () => {
    const h = await hostWithChannels();
    const set = (seatTokens: string[], connections: string[]) => h.peer.setSeated({ seatTokens, connections, locked: false });
    set([SEAT], []);
    await h.clock.advance(0);
    await vi.waitFor(() => expect(seatsOn(h.socket)).toHaveLength(1));
    set([], []);
    set([], ['dc_one']);
    set([SEAT], ['dc_one']);
    await h.clock.advance(hostPeer.SEATS_INTERVAL_MS - 1);
    expect(seatsOn(h.socket)).toHaveLength(1);
    await h.clock.advance(1);
    expect(seatsOn(h.socket).map((f) => f.payload)).toEqual([
      { locked: false, tokens: [SEAT_HASH], ids: [] },
      { locked: false, tokens: [SEAT_HASH], ids: ['sa-4321-a'] },
    ]);
    // The same set again: nothing new goes out.
    set([SEAT], ['dc_one']);
    await h.clock.advance(10 * hostPeer.SEATS_INTERVAL_MS);
    expect(seatsOn(h.socket)).toHaveLength(2);
    expect(h.clock.pending()).toBe(0);
    h.peer.destroy();
  });

  it('sends a change of the lock at once, without waiting out SEATS_INTERVAL_MS (a guest tapping Join as the host unlocks gets in)', async () => {
    const h = await hostWithChannels();
    const set = (locked: boolean, connections: string[]) => h.peer.setSeated({ seatTokens: [SEAT], connections, locked });
    set(true, []);
    await h.clock.advance(0);
    await vi.waitFor(() => expect(seatsOn(h.socket)).toHaveLength(1));
    set(true, ['dc_one']); // coalesced…
    set(false, ['dc_one']); // …but the unlock goes now, with the latest set
    await h.clock.advance(0);
    await vi.waitFor(() => expect(seatsOn(h.socket)).toHaveLength(2));
    expect(seatsOn(h.socket)[1]!.payload).toEqual({ locked: false, tokens: [SEAT_HASH], ids: ['sa-4321-a'] });
    expect(h.clock.pending()).toBe(0);
    h.peer.destroy();
  });

  it('sends the set again on the new socket after every re-registration, and nothing while unregistered', async () => {
    const h = await hostWithChannels();
    h.peer.setSeated({ seatTokens: [SEAT], connections: ['dc_one'], locked: true });
    await h.clock.advance(0);
    await vi.waitFor(() => expect(seatsOn(h.socket)).toHaveLength(1));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // The signaling socket is lost; the open channel stays.
    h.socket.readyState = 3;
    h.socket.onclose?.();
    h.peer.setSeated({ seatTokens: [SEAT], connections: ['dc_one'], locked: false });
    await h.clock.advance(hostPeer.SEATS_INTERVAL_MS);
    expect(seatsOn(h.socket)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(backoffDelay(0));
    const again = sockets.at(-1)!;
    expect(again).not.toBe(h.socket);
    again.deliver({ type: 'OPEN' });
    await h.clock.advance(0);
    expect(seatsOn(again)).toEqual([{ type: 'SEATS', payload: { locked: false, tokens: [SEAT_HASH], ids: ['sa-4321-a'] } }]);
    // A registration is a new socket at the Worker: the same set goes out again after the next one too.
    again.readyState = 3;
    again.onclose?.();
    await vi.advanceTimersByTimeAsync(backoffDelay(0));
    const third = sockets.at(-1)!;
    third.deliver({ type: 'OPEN' });
    await h.clock.advance(hostPeer.SEATS_INTERVAL_MS);
    expect(seatsOn(third)).toHaveLength(1);
    expect(h.log).toEqual(['connect dc_one']);
    h.peer.destroy();
  });

  it('stays registered when a stock PeerJS server answers SEATS with ERROR', async () => {
    const h = await hostWithChannels();
    h.peer.setSeated({ seatTokens: [], connections: [], locked: false });
    await h.clock.advance(0);
    await vi.waitFor(() => expect(seatsOn(h.socket)).toHaveLength(1));
    h.socket.deliver({ type: 'ERROR', payload: { msg: 'Message unrecognized' } });
    expect(h.socket.readyState).toBe(1);
    expect(h.peer.drops.server_error).toBe(1);
    h.socket.deliver(offer('sa-4321-c', 'dc_three'));
    expect(peerConnections).toHaveLength(3);
    h.peer.destroy();
  });
});

describe('GuardedPeer under hostile signaling (fuzz)', () => {
  let frames = 0;
  afterAll(() => console.log(`host signaling fuzz: ${frames} hostile frames`));

  const junk = fc.anything({ maxDepth: 1 });
  const ids = ['sa-4321-a', 'sa-4321-b', 'sa-4321-c', 'x', ''];
  const connectionIds = fc.oneof(fc.constantFrom('dc_a', 'dc_b', 'dc_c', 'dc_d', 'mc_a', '__proto__', 'constructor'), fc.string({ maxLength: 40 }));
  const payload = fc.oneof(
    fc.record(
      {
        type: fc.oneof(fc.constantFrom('data', 'media'), junk),
        connectionId: connectionIds,
        serialization: fc.oneof(fc.constantFrom('raw', 'raw', 'binary', 'json', 'default', 'binary-utf8', 'constructor', '__proto__'), junk),
        reliable: junk,
        metadata: junk,
        label: junk,
        sdp: fc.oneof(fc.constant(SDP), fc.record({ type: fc.constantFrom('offer', 'answer'), sdp: fc.string() }), junk),
        candidate: fc.oneof(fc.record({ candidate: fc.string(), sdpMid: fc.constant('0') }), junk),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
  // What a client can make the Worker relay: OFFER, ANSWER, CANDIDATE, LEAVE (src set by the Worker), plus junk.
  const frame = fc.oneof(
    { weight: 9, arbitrary: fc.record({ type: fc.constantFrom('OFFER', 'OFFER', 'CANDIDATE', 'CANDIDATE', 'ANSWER', 'LEAVE', 'HEARTBEAT'), src: fc.constantFrom(...ids), payload }) },
    { weight: 1, arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ type: fc.string(), src: fc.string(), payload: junk })) },
  );

  it('never throws, keeps nothing for strangers, and builds only admitted raw channels', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 50, maxLength: 300 }), fc.integer({ min: 0, max: 6 }), async (batch, cap) => {
        let admitted = 0;
        const h = await registered(() => admitted++ < cap);
        for (const f of batch) {
          let text: string;
          try {
            text = JSON.stringify(f);
          } catch {
            continue;
          }
          if (text === undefined) continue;
          h.socket.onmessage?.({ data: text });
          frames++;
        }
        for (let i = 0; i < 5; i++) await Promise.resolve();
        expect(h.internals._lostMessages.size).toBe(0);
        expect(h.connections.every((c) => c.serialization === 'raw')).toBe(true);
        expect(h.connections.length).toBeLessThanOrEqual(Math.min(cap, admitted));
        expect(h.newPeerConnections()).toBe(h.connections.length);
        h.peer.destroy();
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
