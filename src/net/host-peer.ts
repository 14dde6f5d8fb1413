/**
 * The host's side of the network: holds the session's peer id `sa-<code>-host` on the signaling Worker and
 * accepts participants' data channels. Game logic stays out: frames go up as opaque strings.
 */
import { Peer, type DataConnection } from 'peerjs';
import { hostPeerId, peerOptions, SignalingUnreachableError } from './signaling';

/** Backoff for re-registering with the signaling Worker after losing it, in ms (docs/protocol.md#error-codes). */
export const SIGNALING_RETRY_MIN_MS = 500;
export const SIGNALING_RETRY_MAX_MS = 5000;
/** How long claiming the peer id may take before we treat the Worker as unreachable, in ms. */
export const CLAIM_TIMEOUT_MS = 8000;
/**
 * Data channels still negotiating at once, and how long one may negotiate, in ms. A flood of fake offers would
 * otherwise pile up RTCPeerConnections until Chromium refuses to create any (about 500 per page). Twice the largest
 * session, so a host reload with 20 phones rejoining at once never turns one away (measured: with 16, four phones
 * waited out their 10 s timeout).
 */
export const MAX_PENDING_CONNECTIONS = 40;
export const PENDING_TIMEOUT_MS = 15_000;
/** Open data channels at once: the largest session (20) with room for reconnects and second tabs. */
export const MAX_OPEN_CONNECTIONS = 60;

/** Thrown by `HostPeer.claim` when another host holds this code with another token. */
export class IdTakenError extends Error {
  constructor(readonly code: string) {
    super(`session code ${code} is taken`);
    this.name = 'IdTakenError';
  }
}

/** Thrown by `HostPeer.claim` when this browser cannot make WebRTC connections (PeerJS `browser-incompatible`). */
export class BrowserUnsupportedError extends Error {
  constructor() {
    super('this browser has no WebRTC');
    this.name = 'BrowserUnsupportedError';
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

/** PeerJS-backed host transport. */
export class HostPeer implements HostTransport {
  private peer: Peer | null = null;
  private readonly connections = new Map<string, DataConnection>();
  /** Channels still negotiating, with the timer that gives up on each. */
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private retryMs = SIGNALING_RETRY_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor(
    readonly code: string,
    private readonly token: string,
    private readonly iceServers: RTCIceServer[],
    private readonly events: HostTransportEvents,
  ) {}

  /**
   * Registers `sa-<code>-host` with the saved token (same token = instant takeover after a reload).
   * @throws IdTakenError if another token holds it; BrowserUnsupportedError without WebRTC (final);
   *   SignalingUnreachableError if the Worker cannot be reached.
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
      const timer = setTimeout(() => fail(new SignalingUnreachableError(new Error('claim timed out'))), CLAIM_TIMEOUT_MS);
      peer.on('open', () => {
        this.retryMs = SIGNALING_RETRY_MIN_MS;
        this.events.onSignaling?.('online');
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve();
      });
      peer.on('error', (err) => {
        if (err.type === 'unavailable-id') fail(new IdTakenError(this.code));
        else if (err.type === 'browser-incompatible') fail(new BrowserUnsupportedError());
        else if (!settled) fail(new SignalingUnreachableError(err));
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

  /** Re-registers with the same id and token while the page lives (PeerJS never does it by itself). */
  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      const peer = this.peer;
      if (!peer || this.destroyed || peer.destroyed || !peer.disconnected) return;
      peer.reconnect();
      this.retryMs = Math.min(this.retryMs * 2, SIGNALING_RETRY_MAX_MS);
      // If it fails, PeerJS emits 'disconnected' again, which schedules the next try.
    }, this.retryMs);
  }

  /** Retries the signaling link now (on `online` / `visibilitychange`). */
  retryNow(): void {
    if (this.peer?.disconnected && !this.peer.destroyed) {
      this.retryMs = SIGNALING_RETRY_MIN_MS;
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
    this.peer?.destroy();
    this.connections.clear();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
