/**
 * The host's peerjs `Peer`, with a gate in front of what the signaling Worker relays (docs/security.md):
 * - OFFER: only for a data channel with `raw` serialization (our JSON text frames), and only when the host admits
 *   it (`OfferGate.admit`, told whether our Worker stamped the frame `seated: true`: it came from the socket of a
 *   phone the host vouched for, docs/protocol.md#seat-signaling-token). Anything else — BinaryPack (`binary`, `binary-utf8`, `default`), `json`, media calls,
 *   malformed payloads — is dropped before peerjs builds a connection, so not one byte of such a channel is ever
 *   decoded (a 5-byte BinaryPack header once froze the host for minutes). Metadata is not passed on.
 * - CANDIDATE: only for a connection that exists, at most MAX_CANDIDATES_PER_CONNECTION each.
 * - ANSWER: never (the host makes no offers).
 * - ERROR once registered: dropped. The Worker sends one for a frame of ours it refused (e.g. answers queued for
 *   junk peers that already left) and goes on; peerjs would close its own socket on any ERROR, so a flood of junk
 *   offers knocked the host off signaling and every phone got LEAVE and dropped its open channel. An ERROR the
 *   Worker means as final comes with the socket's close, which HostPeer handles. Before OPEN (a refused claim), it
 *   is passed on.
 * - Nothing is kept for unknown or closed connections: peerjs 1.5.5 stores such frames in `_lostMessages` forever
 *   (a flood of 64 KB frames grew the host's heap by hundreds of MB), and keeps an empty list per remote peer id.
 *
 * This intercepts two undocumented methods of peerjs 1.5.5 (`_handleMessage`, `_storeMessage`), so the version is
 * pinned exactly in package.json and `guarded-peer.test.ts` fails if they move or change shape.
 */
import { Peer, type DataConnection, type MediaConnection, type PeerOptions } from 'peerjs';

/** Remote ICE candidates accepted per connection: a browser sends a handful per network interface. */
export const MAX_CANDIDATES_PER_CONNECTION = 32;
/** Connection ids as the peerjs client makes them (`dc_` + base-36 random). */
const CONNECTION_ID = /^dc_[a-z0-9]{1,32}$/;

/** Why a relayed frame was dropped. */
export type SignalingDrop = 'not_raw' | 'malformed' | 'not_admitted' | 'unknown_connection' | 'too_many_candidates' | 'unexpected' | 'server_error';

/** The host's admission policy, asked for every well-formed raw data-channel OFFER before peerjs acts on it. */
export interface OfferGate {
  /**
   * True to let peerjs negotiate connection `connectionId` from remote peer `src`. `seated`: the Worker stamped the
   * OFFER as coming from a seated phone's socket (top-level `"seated": true`).
   */
  admit(src: string, connectionId: string, seated: boolean): boolean;
  /** Called for every frame the gate dropped. */
  dropped?(reason: SignalingDrop): void;
}

/** A frame from the signaling server as peerjs reads it. */
interface ServerFrame {
  type?: unknown;
  src?: unknown;
  payload?: unknown;
  /** On a relayed OFFER: our Worker's stamp for a seated phone's socket (a stock PeerJS server never sets it). */
  seated?: unknown;
}

/** The undocumented peerjs 1.5.5 methods the gate wraps. */
interface PeerInternals {
  _handleMessage(message: ServerFrame): void;
}

/** Frames the host takes as they are (they carry no connection state). */
const PASS_THROUGH = new Set(['OPEN', 'ERROR', 'ID-TAKEN', 'INVALID-KEY', 'LEAVE', 'EXPIRE', 'HEARTBEAT']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `Peer` that only lets raw data channels the host admitted be negotiated, and keeps nothing for strangers. */
export class GuardedPeer extends Peer {
  /** Candidates accepted per live connection. */
  private readonly candidates = new WeakMap<object, number>();

  constructor(
    id: string,
    options: PeerOptions,
    private readonly gate: OfferGate,
  ) {
    super(id, options);
  }

  /** peerjs 1.5.5 calls this for every frame of the signaling socket. */
  _handleMessage(message: ServerFrame): void {
    const verdict = this.screen(message);
    if (typeof verdict === 'string') {
      this.gate.dropped?.(verdict);
      return;
    }
    (Peer.prototype as unknown as PeerInternals)._handleMessage.call(this, verdict);
  }

  /** Remote ICE candidates received so far for `conn` (a real phone sends its first within milliseconds of its offer). */
  candidatesOf(conn: object): number {
    return this.candidates.get(conn) ?? 0;
  }

  /** peerjs 1.5.5 keeps frames for connections it does not know here, forever: keep none. */
  _storeMessage(): void {
    this.gate.dropped?.('unknown_connection');
  }

  /** Forgets a closed connection, and the remote peer's entry once it has no connection left. */
  override _removeConnection(connection: DataConnection | MediaConnection): void {
    super._removeConnection(connection);
    const internals = this as unknown as { _connections: Map<string, unknown[]> };
    if (internals._connections.get(connection.peer)?.length === 0) internals._connections.delete(connection.peer);
  }

  /** The frame to hand to peerjs (OFFERs rebuilt from the fields we use), or why it is dropped. */
  private screen(message: ServerFrame): ServerFrame | SignalingDrop {
    if (!isRecord(message) || typeof message.type !== 'string') return 'malformed';
    if (message.type === 'ERROR' && this.open) return 'server_error';
    if (PASS_THROUGH.has(message.type)) return message;
    const { src, payload } = message;
    if (typeof src !== 'string' || !isRecord(payload)) return 'malformed';
    switch (message.type) {
      case 'OFFER': {
        if (payload.type !== 'data' || payload.serialization !== 'raw') return 'not_raw';
        const { connectionId, sdp } = payload;
        if (typeof connectionId !== 'string' || !CONNECTION_ID.test(connectionId)) return 'malformed';
        if (!isRecord(sdp) || sdp.type !== 'offer' || typeof sdp.sdp !== 'string') return 'malformed';
        if (this.getConnection(src, connectionId)) return 'unexpected';
        if (!this.gate.admit(src, connectionId, message.seated === true)) return 'not_admitted';
        return {
          type: 'OFFER',
          src,
          payload: {
            type: 'data',
            connectionId,
            serialization: 'raw',
            reliable: payload.reliable === true,
            label: connectionId,
            sdp: { type: 'offer', sdp: sdp.sdp },
          },
        };
      }
      case 'CANDIDATE': {
        const { connectionId } = payload;
        if (typeof connectionId !== 'string') return 'malformed';
        const conn = this.getConnection(src, connectionId);
        if (!conn?.peerConnection) return 'unknown_connection';
        const n = (this.candidates.get(conn) ?? 0) + 1;
        if (n > MAX_CANDIDATES_PER_CONNECTION) return 'too_many_candidates';
        this.candidates.set(conn, n);
        return message;
      }
      default:
        // ANSWER (the host never offers) and anything else.
        return 'unexpected';
    }
  }
}
