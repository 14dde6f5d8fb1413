/**
 * The host's side of the network: holds the session's peer id `sa-<code>-host` on the signaling Worker and
 * accepts participants' data channels. Game logic stays out: frames go up as opaque strings.
 */
import { Peer, type DataConnection } from 'peerjs';
import { backoffDelay } from './backoff';
import { fetchIceServers, hostPeerId, peerOptions, SignalingUnreachableError } from './signaling';

/** Longest delay setTimeout honours (2^31 - 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long claiming the peer id may take before we treat the Worker as unreachable, in ms. */
export const CLAIM_TIMEOUT_MS = 8000;
/**
 * Data channels still negotiating at once, and how long one may negotiate, in ms. A flood of fake offers would
 * otherwise pile up RTCPeerConnections until Chromium refuses to create any (about 500 per page). As many as the
 * largest session (MAX_PARTICIPANTS_LIMIT, 100, src/engine/session.ts), so a host reload with every phone rejoining
 * at once never turns one away (measured with 20 phones and 16 slots: four phones waited out their 10 s timeout; with
 * 100 phones and 100 slots, `npm run bench`: all back 2.6-2.9 s after the reload). Negotiating plus open stays well
 * under Chromium's limit (250 of about 500).
 */
export const MAX_PENDING_CONNECTIONS = 100;
export const PENDING_TIMEOUT_MS = 15_000;
/**
 * Open data channels at once: the largest session (100) with half again for second tabs and phones whose old channel
 * has not closed yet when they rejoin.
 */
export const MAX_OPEN_CONNECTIONS = 150;

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
}

/** A claimed session id: the transport, plus what the runtime may ask of the signaling link. */
export interface HostLink extends HostTransport {
  /** Retries the signaling link at once if it is down (on `online` / `visibilitychange`). */
  retryNow(): void;
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

/** PeerJS-backed host transport. */
export class HostPeer implements HostLink {
  private peer: Peer | null = null;
  private readonly connections = new Map<string, DataConnection>();
  /** Channels still negotiating, with the timer that gives up on each. */
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Re-registration attempts since the signaling link was last up (for the backoff). */
  private retryAttempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Fetches fresh ICE servers before the TURN credentials in use expire. */
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor(
    readonly code: string,
    private readonly token: string,
    private readonly iceServers: RTCIceServer[],
    private readonly events: HostTransportEvents,
  ) {}

  /**
   * Registers `sa-<code>-host` with the saved token (same token = instant takeover after a reload).
   * @throws ClaimError ID_TAKEN if another token holds it, BROWSER_UNSUPPORTED without WebRTC (final),
   *   SIGNALING_UNREACHABLE if the Worker cannot be reached.
   */
  claim(): Promise<void> {
    return new Promise((resolve, reject) => {
      const peer = new Peer(hostPeerId(this.code), peerOptions(this.token, this.iceServers));
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

  private accept(conn: DataConnection): void {
    const id = conn.connectionId;
    // Phones open `raw` channels (text frames); any other serialization is not ours (and its codec is not bundled).
    if (conn.serialization !== 'raw') {
      conn.close();
      return;
    }
    if (this.pending.size >= MAX_PENDING_CONNECTIONS || this.connections.size >= MAX_OPEN_CONNECTIONS) {
      conn.close();
      return;
    }
    this.pending.set(
      id,
      setTimeout(() => {
        this.pending.delete(id);
        if (!this.connections.has(id)) conn.close();
      }, PENDING_TIMEOUT_MS),
    );
    conn.on('open', () => {
      clearTimeout(this.pending.get(id));
      this.pending.delete(id);
      this.connections.set(id, conn);
      this.events.onConnect(id);
    });
    conn.on('data', (data) => this.events.onFrame(id, data));
    const gone = () => {
      clearTimeout(this.pending.get(id));
      this.pending.delete(id);
      if (this.connections.delete(id)) this.events.onDisconnect(id);
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
    this.connections.delete(connectionId);
    // Let queued frames (an error or 'moved') leave before closing.
    if (conn) setTimeout(() => conn.close(), 250);
  }

  /** Frees the peer id at once (call on pagehide so a reload reclaims it instantly). */
  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.iceTimer);
    this.peer?.destroy();
    this.connections.clear();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
