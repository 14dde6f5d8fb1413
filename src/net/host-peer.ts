/**
 * The host's side of the network: holds the session's peer id `sa-<code>-host` on the signaling Worker and
 * accepts participants' data channels. Game logic stays out: frames go up as opaque strings.
 */
import type { DataConnection } from 'peerjs';
import { realTimers, type Timers } from '../lib/timers';
import { backoffDelay } from './backoff';
import { GuardedPeer, type OfferGate, type SignalingDrop } from './guarded-peer';
import { fetchIceServers, hostPeerId, peerOptions, seatSignalingToken, sha256Hex, SignalingUnreachableError } from './signaling';

/** Longest delay setTimeout honours (2^31 - 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long claiming the peer id may take before we treat the Worker as unreachable, in ms. */
export const CLAIM_TIMEOUT_MS = 8000;
/**
 * Data channels still negotiating at once. A flood of fake offers would otherwise pile up RTCPeerConnections until
 * Chromium refuses to create any (about 500 per page). As many as the largest session (MAX_PARTICIPANTS_LIMIT, 100,
 * src/engine/session.ts), so a host reload with every phone rejoining at once never turns one away (measured with 20
 * phones and 16 slots: four phones waited out their 10 s timeout; with 100 phones and 100 slots, `npm run bench`: all
 * back 2.6-2.9 s after the reload). Negotiating plus open stays well under Chromium's limit (250 of about 500). When
 * all are taken, a negotiation gives way to the new offer (see `evictee`): junk offers cannot hold the door shut,
 * since a real phone's negotiation takes well under a second on a venue's Wi-Fi while the junk must keep coming to
 * evict it, and a negotiation whose peer sent ICE candidates goes last.
 */
export const MAX_PENDING_CONNECTIONS = 100;
/**
 * How long one channel may negotiate, in ms. The phone gives up after its own CONNECT_TIMEOUT_MS (10 s,
 * `participant-link.ts`), so a negotiation still pending then has nobody waiting for it.
 */
export const NEGOTIATION_TIMEOUT_MS = 10_000;
/**
 * New negotiations the host starts: NEGOTIATION_BURST at once, then NEGOTIATIONS_PER_S (a token bucket). Each costs
 * the host about 5 signaling frames (an ANSWER and its ICE candidates) and the Worker closes a host socket that
 * sends more than 2,000 at once or 200 a second: a flood of junk offers must never get the host itself thrown off
 * signaling. The burst covers 100 phones rejoining at once after a host reload.
 */
export const NEGOTIATION_BURST = 150;
export const NEGOTIATIONS_PER_S = 20;
/**
 * Negotiations of seated phones' offers (stamped `seated` by our Worker: the socket's token or peer id is one the host
 * vouched for in SEATS, docs/protocol.md#seat-signaling-token): a bucket of their own, so a junk flood that empties
 * the one above never keeps a seated phone out. The burst is every seat of the largest session (100) rejoining at
 * once; the rate bounds what a seated guest scripting offers could cost. Both buckets drained at once stay under the
 * Worker's limits on the host's frames (250 negotiations x 5 frames < 2,000; 30/s x 5 < 200/s).
 */
export const SEATED_NEGOTIATION_BURST = 100;
export const SEATED_NEGOTIATIONS_PER_S = 10;
/**
 * Open data channels at once: the largest session (100) with half again for second tabs and phones whose old channel
 * has not closed yet when they rejoin.
 */
export const MAX_OPEN_CONNECTIONS = 150;

/** SEATS frames go out at most once per this long, in ms: changes in between are sent together (the latest set). */
export const SEATS_INTERVAL_MS = 250;
/** Entries of each list of a SEATS frame, at most (what the Worker accepts; a session has at most 100 seats). */
export const MAX_SEATS_ENTRIES = 128;

/**
 * Who the host vouches for at the signaling Worker (the SEATS frame, docs/protocol.md#seat-signaling-token). Each set
 * replaces the previous one.
 */
export interface SeatedSet {
  /** The seat token of every participant of the session (the Worker gets SHA-256 of each one's signaling token). */
  seatTokens: string[];
  /** Connection ids of the open data channels that joined: their remote peer ids are sent (a phone keeps the socket it joined with). */
  connections: string[];
  /** Whether the host locked joining (`joinsLocked`): the Worker then lets only seated phones' sockets in. */
  locked: boolean;
}

/**
 * Why claiming a session's peer id failed: another host holds it, this browser has no WebRTC (PeerJS
 * `browser-incompatible`, final), or the signaling Worker cannot be reached.
 */
export type ClaimFailure = 'ID_TAKEN' | 'BROWSER_UNSUPPORTED' | 'SIGNALING_UNREACHABLE';

const CLAIM_FAILURE_TEXT: Record<ClaimFailure, string> = {
  ID_TAKEN: 'the session code is taken',
  BROWSER_UNSUPPORTED: 'this browser has no WebRTC',
  SIGNALING_UNREACHABLE: 'signaling server unreachable',
};

/** Thrown by a `HostConnector` (and `HostPeer.claim`) with the reason as a code. */
export class ClaimError extends Error {
  constructor(
    readonly code: ClaimFailure,
    cause?: unknown,
  ) {
    super(CLAIM_FAILURE_TEXT[code], { cause });
    this.name = 'ClaimError';
  }
}

/** What the host runtime needs from a transport (a fake implements it in unit tests). */
export interface HostTransport {
  /** Sends one text frame; silently drops it if the connection is gone. */
  send(connectionId: string, frame: string): void;
  /** Closes one participant's data channel. */
  close(connectionId: string): void;
}

/** Callbacks from the transport to the runtime. `connectionId` is unique per data channel. */
export interface HostTransportEvents {
  onConnect(connectionId: string): void;
  onFrame(connectionId: string, frame: unknown): void;
  onDisconnect(connectionId: string): void;
  /** Signaling link state: `online` while registered, `offline` while retrying (open channels keep working). */
  onSignaling?(status: 'online' | 'offline'): void;
  /** A relayed signaling frame or a negotiation the host refused or gave up (see GuardedPeer and HostPeer). */
  onSignalingDrop?(reason: keyof HostPeerDrops): void;
}

/** A claimed session id: the transport, plus what the runtime may ask of the signaling link. */
export interface HostLink extends HostTransport {
  /** Retries the signaling link at once if it is down (on `online` / `visibilitychange`). */
  retryNow(): void;
  /**
   * Tells the signaling Worker who is seated and whether joining is locked (replacing what it was told before), now
   * and after every re-registration. Cheap to call on every change: sends coalesce (SEATS_INTERVAL_MS) and an
   * unchanged set is not sent again.
   */
  setSeated(seated: SeatedSet): void;
  /** Frees the peer id and closes every channel; the link is dead afterwards. */
  destroy(): void;
}

/**
 * Claims `sa-<code>-host` with `token` on the signaling Worker and starts accepting data channels, reporting them to
 * `events`. The host runtime takes one as a dependency (a fake in unit tests), as the phone takes a `Connector`.
 * @throws ClaimError ID_TAKEN (another token holds the code) or SIGNALING_UNREACHABLE.
 */
export type HostConnector = (code: string, token: string, events: HostTransportEvents) => Promise<HostLink>;

/**
 * The PeerJS host connector: ICE servers from the Worker, then the peer id. A host coming back within its grace gets
 * TURN already here (phones' offers queued at the Worker reach it right after it registers); a new session gets it
 * once registered (HostPeer refreshes its ICE servers on every registration).
 */
export const connectHostPeer: HostConnector = async (code, token, events) => {
  let iceServers: RTCIceServer[];
  try {
    iceServers = (await fetchIceServers(hostPeerId(code), token)).iceServers;
  } catch (e) {
    throw new ClaimError('SIGNALING_UNREACHABLE', e);
  }
  const peer = new HostPeer(code, token, iceServers, events);
  await peer.claim();
  return peer;
};

/** A data channel the host admitted: negotiating until `conn` opens. */
interface Slot {
  /** The remote peer id (set by the Worker from its socket, never by the client). */
  src: string;
  /** Its OFFER came stamped `seated` by the Worker. */
  seated: boolean;
  conn: DataConnection | null;
  timer: ReturnType<typeof setTimeout>;
}

/** What the host's signaling gate and admission dropped, by reason (for diagnostics and tests). */
export type HostPeerDrops = Record<SignalingDrop | 'evicted' | 'timed_out' | 'replaced' | 'rate_limited', number>;

/**
 * PeerJS-backed host transport. Admission (docs/security.md): one channel per remote peer id at a time (the newest), at most
 * MAX_PENDING_CONNECTIONS negotiating (the oldest gives way) for at most NEGOTIATION_TIMEOUT_MS each, at most
 * MAX_OPEN_CONNECTIONS open; only `raw` data channels (see GuardedPeer). Seated phones' offers have their own
 * negotiation bucket and never give way to a stranger's.
 */
export class HostPeer implements HostLink, OfferGate {
  private peer: GuardedPeer | null = null;
  private readonly connections = new Map<string, DataConnection>();
  /** Channels still negotiating, oldest first. */
  private readonly pending = new Map<string, Slot>();
  /** Remote peer id -> its one pending or open channel. */
  private readonly bySrc = new Map<string, string>();
  /** connectionId -> remote peer id, for every pending or open channel. */
  private readonly srcOf = new Map<string, string>();
  readonly drops: HostPeerDrops = {
    not_raw: 0,
    malformed: 0,
    not_admitted: 0,
    unknown_connection: 0,
    too_many_candidates: 0,
    unexpected: 0,
    server_error: 0,
    evicted: 0,
    timed_out: 0,
    replaced: 0,
    rate_limited: 0,
  };
  /** Negotiations the host may still start now, and when that was computed (ms): for strangers, for seated phones. */
  private readonly negotiations = { tokens: NEGOTIATION_BURST, at: Date.now() };
  private readonly seatedNegotiations = { tokens: SEATED_NEGOTIATION_BURST, at: Date.now() };
  /** Re-registration attempts since the signaling link was last up (for the backoff). */
  private retryAttempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Fetches fresh ICE servers before the TURN credentials in use expire. */
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;
  /** The seated set to tell the Worker (latest wins), the text of the SEATS frame sent since the last OPEN. */
  private seated: SeatedSet | null = null;
  private seatsSent: string | null = null;
  /** The coalescing timer, the clock's ms when a SEATS send last started, and a counter that lets only the newest send out. */
  private seatsTimer: unknown;
  private seatsAt = -Infinity;
  private seatsRun = 0;
  /** Seat token -> SHA-256 hex of its seat signaling token (null if it could not be computed), for the current seats. */
  private tokenHashes = new Map<string, Promise<string | null>>();

  /** `clock`: the timers and ms clock of SEATS sends (a fake in unit tests). */
  constructor(
    readonly code: string,
    private readonly token: string,
    private readonly iceServers: RTCIceServer[],
    private readonly events: HostTransportEvents,
    private readonly clock: Timers & { now(): number } = { ...realTimers, now: () => Date.now() },
  ) {}

  /**
   * Registers `sa-<code>-host` with the saved token (same token = instant takeover after a reload).
   * @throws ClaimError ID_TAKEN if another token holds it, BROWSER_UNSUPPORTED without WebRTC (final),
   *   SIGNALING_UNREACHABLE if the Worker cannot be reached.
   */
  claim(): Promise<void> {
    return new Promise((resolve, reject) => {
      const peer = new GuardedPeer(hostPeerId(this.code), peerOptions(this.token, this.iceServers), this);
      this.peer = peer;
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        peer.destroy();
        reject(e);
      };
      const timer = setTimeout(() => fail(new ClaimError('SIGNALING_UNREACHABLE', new Error('claim timed out'))), CLAIM_TIMEOUT_MS);
      peer.on('open', () => {
        this.retryAttempt = 0;
        this.events.onSignaling?.('online');
        void this.refreshIce();
        // A new registration is a new socket at the Worker: tell it who is seated again.
        this.seatsSent = null;
        this.scheduleSeats();
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve();
      });
      peer.on('error', (err) => {
        if (err.type === 'unavailable-id') fail(new ClaimError('ID_TAKEN', err));
        else if (err.type === 'browser-incompatible') fail(new ClaimError('BROWSER_UNSUPPORTED', err));
        else if (!settled) fail(new ClaimError('SIGNALING_UNREACHABLE', new SignalingUnreachableError(err)));
        // After the first OPEN, PeerJS only disconnects on errors; 'disconnected' below retries.
      });
      peer.on('disconnected', () => {
        if (!settled || this.destroyed) return;
        this.events.onSignaling?.('offline');
        this.scheduleReconnect();
      });
      peer.on('connection', (conn) => this.accept(conn));
    });
  }

  /**
   * Asks the Worker for ICE servers as the registered host (TURN credentials come only to a live peer) and sets them
   * for the channels made from now on; again at half their lifetime. On failure the servers in use stay, and the
   * next registration tries again.
   */
  private async refreshIce(): Promise<void> {
    clearTimeout(this.iceTimer);
    try {
      const ice = await fetchIceServers(hostPeerId(this.code), this.token);
      const peer = this.peer;
      if (!peer || this.destroyed) return;
      // PeerJS builds each RTCPeerConnection from `options.config` when the connection is made.
      peer.options.config = { ...peer.options.config, iceServers: ice.iceServers };
      const ttl = ice.ttlSeconds;
      if (typeof ttl === 'number' && ttl > 0) {
        this.iceTimer = setTimeout(() => void this.refreshIce(), Math.min(ttl * 500, MAX_TIMER_MS));
      }
    } catch {
      // Unreachable: keep the servers we have.
    }
  }

  /** Re-registers with the same id and token while the page lives (PeerJS never does it by itself). */
  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      const peer = this.peer;
      if (!peer || this.destroyed || peer.destroyed || !peer.disconnected) return;
      peer.reconnect();
      // If it fails, PeerJS emits 'disconnected' again, which schedules the next try.
    }, backoffDelay(this.retryAttempt++));
  }

  /** Retries the signaling link now (on `online` / `visibilitychange`). */
  retryNow(): void {
    if (this.peer?.disconnected && !this.peer.destroyed) {
      this.retryAttempt = 0;
      this.scheduleReconnect();
    }
  }

  setSeated(seated: SeatedSet): void {
    // A change of the lock goes out at once: the host just ticked or unticked it, and guests act on what it says.
    const lockChanged = !!this.seated && this.seated.locked !== seated.locked;
    this.seated = seated;
    if (lockChanged) {
      if (this.seatsTimer !== undefined) this.clock.clearTimeout(this.seatsTimer);
      this.seatsTimer = undefined;
      this.seatsAt = -Infinity;
    }
    this.scheduleSeats();
  }

  /**
   * Sends the seated set once SEATS_INTERVAL_MS has passed since the last send (at once if it has, or if the lock
   * changed), while registered (each OPEN calls this again).
   */
  private scheduleSeats(): void {
    if (this.seatsTimer !== undefined || this.destroyed || !this.seated || !this.peer?.open) return;
    const wait = Math.max(0, this.seatsAt + SEATS_INTERVAL_MS - this.clock.now());
    this.seatsTimer = this.clock.setTimeout(() => {
      this.seatsTimer = undefined;
      if (this.destroyed || !this.peer?.open) return;
      this.seatsAt = this.clock.now();
      void this.sendSeats();
    }, wait);
  }

  /**
   * Sends `{type:'SEATS', payload:{locked, tokens, ids}}` on the signaling socket (docs/protocol.md#seat-signaling-token)
   * unless the same frame already went out on this registration. Not while unregistered: the next OPEN sends it.
   */
  private async sendSeats(): Promise<void> {
    const run = ++this.seatsRun;
    const seated = this.seated;
    if (!seated || !this.peer?.open) return;
    const seatTokens = [...new Set(seated.seatTokens)].slice(0, MAX_SEATS_ENTRIES);
    const hashes = new Map<string, Promise<string | null>>();
    for (const t of seatTokens) {
      hashes.set(t, this.tokenHashes.get(t) ?? seatSignalingToken(t).then(sha256Hex).catch(() => null));
    }
    this.tokenHashes = hashes;
    const tokens = (await Promise.all(hashes.values())).filter((h): h is string => h !== null);
    const prefix = `sa-${this.code}-`;
    const ids = [...new Set(seated.connections.map((c) => this.srcOf.get(c)))]
      .filter((id): id is string => id !== undefined && id.startsWith(prefix) && id !== hostPeerId(this.code))
      .slice(0, MAX_SEATS_ENTRIES);
    const frame = { type: 'SEATS', payload: { locked: seated.locked, tokens, ids } };
    const text = JSON.stringify(frame);
    const peer = this.peer;
    if (run !== this.seatsRun || this.destroyed || !peer?.open || text === this.seatsSent) return;
    // A stock PeerJS server answers ERROR (unknown type): GuardedPeer drops ERRORs once registered.
    peer.socket.send(frame);
    this.seatsSent = text;
  }

  /**
   * OfferGate: decides, before peerjs builds anything, whether remote peer `src` may negotiate `connectionId`.
   * `seated` (the Worker's stamp) takes the seated phones' bucket instead of the strangers' one.
   */
  admit(src: string, connectionId: string, seated = false): boolean {
    if (this.destroyed) return false;
    // One channel per remote peer id: a new offer replaces that peer's older channel (a phone retrying on the same
    // id never waits for the host to notice its old channel died; a script gains nothing from it).
    const older = this.bySrc.get(src);
    if (older !== undefined) this.drop(older, 'replaced');
    if (this.connections.size >= MAX_OPEN_CONNECTIONS) return false;
    const now = Date.now();
    const [n, burst, perS] = seated
      ? [this.seatedNegotiations, SEATED_NEGOTIATION_BURST, SEATED_NEGOTIATIONS_PER_S]
      : [this.negotiations, NEGOTIATION_BURST, NEGOTIATIONS_PER_S];
    n.tokens = Math.min(burst, n.tokens + ((now - n.at) * perS) / 1000);
    n.at = now;
    if (n.tokens < 1) {
      this.count('rate_limited');
      return false;
    }
    if (this.pending.size >= MAX_PENDING_CONNECTIONS) {
      const evictee = this.evictee(seated);
      // Every negotiation under way is a seated phone's: a stranger waits for a free slot.
      if (evictee === undefined) return false;
      this.drop(evictee, 'evicted');
    }
    n.tokens -= 1;
    const timer = setTimeout(() => {
      if (this.pending.has(connectionId)) this.drop(connectionId, 'timed_out');
    }, NEGOTIATION_TIMEOUT_MS);
    this.pending.set(connectionId, { src, seated, conn: null, timer });
    this.bySrc.set(src, connectionId);
    this.srcOf.set(connectionId, src);
    return true;
  }

  /** OfferGate: counts what the gate dropped. */
  dropped(reason: SignalingDrop): void {
    this.count(reason);
  }

  private count(reason: keyof HostPeerDrops): void {
    this.drops[reason]++;
    // A phone retrying on its own id is not something refused: only the rest shows in the host's diagnostics.
    if (reason !== 'replaced') this.events.onSignalingDrop?.(reason);
  }

  /**
   * The negotiation that gives way to a new offer (`seated`: from a seated phone): a stranger's before a seated
   * phone's, which gives way only to another seated phone; among those, the oldest that has had no ICE candidate from
   * its peer (a real phone sends its first within milliseconds of its offer; replayed junk offers carry none), else
   * the oldest. Undefined when none may give way.
   */
  private evictee(seated: boolean): string | undefined {
    const tiers = seated ? [false, true] : [false];
    for (const tier of tiers) {
      let oldest: string | undefined;
      for (const [id, slot] of this.pending) {
        if (slot.seated !== tier) continue;
        if (!slot.conn || this.peer?.candidatesOf(slot.conn) === 0) return id;
        oldest ??= id;
      }
      if (oldest !== undefined) return oldest;
    }
    return undefined;
  }

  /** Closes channel `id` at once and forgets it, telling the runtime if it was open. */
  private drop(id: string, reason: keyof HostPeerDrops): void {
    const open = this.connections.get(id);
    const slot = this.pending.get(id);
    this.count(reason);
    this.release(id);
    (open ?? slot?.conn)?.close();
    if (open) this.events.onDisconnect(id);
  }

  /** Forgets channel `id` everywhere (pending, open, its remote peer's slot). Does not close it. */
  private release(id: string): void {
    const slot = this.pending.get(id);
    if (slot) clearTimeout(slot.timer);
    this.pending.delete(id);
    this.connections.delete(id);
    const src = this.srcOf.get(id);
    this.srcOf.delete(id);
    if (src !== undefined && this.bySrc.get(src) === id) this.bySrc.delete(src);
  }

  private accept(conn: DataConnection): void {
    const id = conn.connectionId;
    const slot = this.pending.get(id);
    // Only channels the gate admitted, and only `raw` ones (text frames): any other serialization is not ours, its
    // codec is not even bundled, and GuardedPeer already refused such offers before peerjs built anything.
    if (!slot || slot.src !== conn.peer || conn.serialization !== 'raw') {
      conn.close();
      return;
    }
    slot.conn = conn;
    conn.on('open', () => {
      if (this.pending.get(id) !== slot) return;
      clearTimeout(slot.timer);
      this.pending.delete(id);
      this.connections.set(id, conn);
      this.events.onConnect(id);
    });
    conn.on('data', (data) => this.events.onFrame(id, data));
    const gone = () => {
      const wasOpen = this.connections.has(id);
      if (this.srcOf.has(id)) this.release(id);
      if (wasOpen) this.events.onDisconnect(id);
    };
    conn.on('close', gone);
    conn.on('error', gone);
    conn.on('iceStateChanged', (state) => {
      if (state === 'failed' || state === 'closed') gone();
    });
  }

  send(connectionId: string, frame: string): void {
    const conn = this.connections.get(connectionId);
    if (!conn?.open) return;
    try {
      void conn.send(frame);
    } catch {
      // A channel closing under us: its close event cleans up.
    }
  }

  close(connectionId: string): void {
    const conn = this.connections.get(connectionId);
    this.release(connectionId);
    // Let queued frames (an error or 'moved') leave before closing.
    if (conn) setTimeout(() => conn.close(), 250);
  }

  /** Frees the peer id at once (call on pagehide so a reload reclaims it instantly). */
  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.iceTimer);
    this.clock.clearTimeout(this.seatsTimer);
    this.peer?.destroy();
    this.connections.clear();
    for (const slot of this.pending.values()) clearTimeout(slot.timer);
    this.pending.clear();
    this.bySrc.clear();
    this.srcOf.clear();
  }
}
