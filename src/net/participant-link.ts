/**
 * A participant's data channel to the host: looks the session up on the signaling Worker (newcomers only), registers
 * a participant peer id (kept between attempts when it can be, see participantLink) and opens a reliable `raw` data
 * channel to `sa-<code>-host`. One attempt per `connect()`; the participant runtime owns retries.
 */
import { Peer, type DataConnection } from 'peerjs';
import type { ErrorCode } from '../protocol/messages';
import {
  fetchIceServers,
  hostPeerId,
  isSessionLive,
  participantPeerId,
  peerOptions,
  randomToken,
  seatSignalingToken,
  SignalingUnreachableError,
} from './signaling';

/** How long one attempt may take from lookup to an open data channel, in ms (PeerJS itself has no timeout). */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Why an attempt failed, as a participant-facing error code. */
export class LinkError extends Error {
  constructor(
    readonly code: Extract<
      ErrorCode,
      | 'SIGNALING_UNREACHABLE'
      | 'SESSION_NOT_FOUND'
      | 'HOST_UNREACHABLE'
      | 'BROWSER_UNSUPPORTED'
      | 'PROTOCOL_MISMATCH'
      | 'SESSION_LOCKED'
    >,
  ) {
    super(code);
    this.name = 'LinkError';
  }
}

/** Callbacks of an open link. */
export interface LinkEvents {
  onFrame(frame: unknown): void;
  /** The channel closed or failed after it was open. Called once. */
  onClose(): void;
}

/** What the participant runtime needs from a link (a fake implements it in unit tests). */
export interface Link {
  send(frame: string): void;
  close(): void;
}

/**
 * How an attempt starts. `seat`: this phone holds a seat in the session (its seat token), so it skips the session
 * lookup and sends its offer at once: if the host is away (reloading), the signaling Worker holds the offer and hands
 * it over the moment the host registers again (or answers EXPIRE after its expire timeout, ~5 s: SESSION_NOT_FOUND).
 * Its signaling socket registers with `seatSignalingToken(seat)`, which the host vouches for (docs/protocol.md#seat-signaling-token).
 */
export interface ConnectOptions {
  seat?: string;
}

/**
 * The participant-facing code of a PeerJS error before the channel opened (PeerErrorType, peerjs 1.5):
 * - `browser-incompatible` (no usable RTCPeerConnection) → BROWSER_UNSUPPORTED: final, no retry helps;
 * - `invalid-id`, `invalid-key` (the Worker rejects what this build sends) → PROTOCOL_MISMATCH: reload to update;
 * - `peer-unavailable` (no host on that id) → SESSION_NOT_FOUND;
 * - `webrtc` (the browser's connection failed) → HOST_UNREACHABLE;
 * - `server-error` whose `message` starts with SESSION_LOCKED (the Worker's LOCKED_REFUSAL: the host locked joining and this phone has no
 *   seat, docs/security.md#seated-phones) → SESSION_LOCKED, as the host itself would answer;
 * - anything about the signaling socket (`network`, `server-error`, `socket-*`, `disconnected`, `ssl-unavailable`,
 *   `unavailable-id`) → SIGNALING_UNREACHABLE.
 */
export function linkErrorCode(peerErrorType: string, message?: string): LinkError['code'] {
  if (message?.startsWith('SESSION_LOCKED')) return 'SESSION_LOCKED';
  switch (peerErrorType) {
    case 'browser-incompatible':
      return 'BROWSER_UNSUPPORTED';
    case 'invalid-id':
    case 'invalid-key':
      return 'PROTOCOL_MISMATCH';
    case 'peer-unavailable':
      return 'SESSION_NOT_FOUND';
    case 'webrtc':
      return 'HOST_UNREACHABLE';
    default:
      return 'SIGNALING_UNREACHABLE';
  }
}

/** A function that opens a link or throws LinkError. */
export type Connector = (code: string, events: LinkEvents, options?: ConnectOptions) => Promise<Link>;

/** A phone's way to the host: `connect` opens links one attempt at a time; `release` closes its signaling peer. */
export interface ParticipantLink {
  connect: Connector;
  /** Closes the signaling peer (its socket and id at the Worker). Call when the phone stops playing for good. */
  release(): void;
}

/**
 * A participant link that keeps its signaling peer (socket + participant id) between attempts when the last one
 * ended cleanly: the host closed the channel (a host reload, Next tab…) or was not there (EXPIRE). The next
 * attempt is then one OFFER on the open socket, not a new socket and id: after a host reload, 100 phones cost the
 * Worker 100 offers instead of 100 socket closes, 100 new sockets and 100 offers (docs/performance.md). After any
 * other failure (timeout, ICE failure, lost socket, our own close) the peer is destroyed and the next attempt gets
 * a fresh id, so a host still holding a half-dead channel of ours never blocks the new one.
 */
export function participantLink(): ParticipantLink {
  let kept: { code: string; peer: Peer } | null = null;

  const drop = (peer: Peer) => {
    peer.destroy();
    if (kept?.peer === peer) kept = null;
  };

  /**
   * Opens a data channel to the host of session `code`. A newcomer first asks the Worker whether the session has a
   * host (a wrong code fails at once); a phone with a seat does not (see ConnectOptions): after a host reload, its
   * offer reaches the host as soon as the host is back instead of waiting for the next retry.
   * @throws LinkError SESSION_NOT_FOUND (no host registered / host id unknown), SIGNALING_UNREACHABLE (Worker down),
   *   HOST_UNREACHABLE (host registered but the channel did not open in CONNECT_TIMEOUT_MS), and the codes of
   *   linkErrorCode.
   */
  const connect: Connector = async (code, events, options) => {
    let live = true;
    try {
      if (!options?.seat) live = await isSessionLive(code);
    } catch (e) {
      throw e instanceof SignalingUnreachableError ? new LinkError('SIGNALING_UNREACHABLE') : e;
    }
    if (!live) throw new LinkError('SESSION_NOT_FOUND');
    // With a seat, the socket's token says so; without one (or if the hash could not be had: its lazy code failed to
    // load), any random token.
    const token = options?.seat ? await seatSignalingToken(options.seat).catch(() => '') : '';
    // The kept signaling peer if it is still registered for this code with the right token, else a fresh one (a new
    // id): a phone that joined on a random token moves to its seat's token at its first attempt after the join.
    if (kept && (kept.code !== code || kept.peer.destroyed || kept.peer.disconnected || (token && kept.peer.options.token !== token))) {
      drop(kept.peer);
    }
    // ICE servers come once the peer is registered (TURN credentials go only to a live peer): see `ready`.
    const peer = kept?.peer ?? new Peer(participantPeerId(code), peerOptions(token || randomToken(), []));
    kept = { code, peer };
    return new Promise<Link>((resolve, reject) => {
      let conn: DataConnection | undefined;
      let open = false;
      let closed = false;
      /** Ends this attempt or link; `keep` keeps the signaling peer for the next attempt. */
      const end = (keep: boolean) => {
        closed = true;
        clearTimeout(timer);
        peer.off('error', onPeerError);
        peer.off('open', ready);
        conn?.close();
        if (!keep) drop(peer);
      };
      const fail = (code: LinkError['code']) => {
        if (open || closed) return;
        end(code === 'SESSION_NOT_FOUND');
        reject(new LinkError(code));
      };
      const shut = (keep: boolean) => {
        if (closed) return;
        end(keep);
        events.onClose();
      };
      // Once open, losing the signaling server does not matter: the channel is direct (fail() ignores it).
      const onPeerError = (err: Error & { type: string }) => fail(linkErrorCode(err.type, err.message));
      const timer = setTimeout(() => fail('HOST_UNREACHABLE'), CONNECT_TIMEOUT_MS);
      const dial = () => {
        const c = (conn = peer.connect(hostPeerId(code), { serialization: 'raw', reliable: true }));
        if (!c) return fail('SIGNALING_UNREACHABLE');
        c.on('open', () => {
          if (closed) return;
          open = true;
          clearTimeout(timer);
          resolve({
            send: (frame) => {
              if (!c.open) return;
              try {
                void c.send(frame);
              } catch {
                // closing: the close handler reports it
              }
            },
            close: () => shut(false),
          });
        });
        c.on('data', (data) => {
          if (open && !closed) events.onFrame(data);
        });
        // The host closed an open channel: its side is gone for sure, so this peer may offer again at once.
        c.on('close', () => (open ? shut(true) : fail('HOST_UNREACHABLE')));
        const broken = () => (open ? shut(false) : fail('HOST_UNREACHABLE'));
        c.on('error', broken);
        c.on('iceStateChanged', (state) => {
          if (state === 'failed' || state === 'closed') broken();
        });
      };
      /**
       * Dials once the peer has fresh ICE servers, asked as this registered peer. If the Worker does not answer, it
       * dials with what it has (host candidates still reach a host on the same network).
       */
      const ready = () => {
        void fetchIceServers(peer.id, peer.options.token!)
          .then((ice) => (peer.options.config.iceServers = ice.iceServers))
          .catch(() => {})
          .then(() => {
            if (!closed) dial();
          });
      };
      peer.on('error', onPeerError);
      if (peer.open) ready();
      else peer.once('open', ready);
    });
  };

  return {
    connect,
    release: () => {
      if (kept) drop(kept.peer);
    },
  };
}

/** The page's participant link (one per tab), used by the participant runtime (src/play/runtime.ts). */
export const pageLink = participantLink();
