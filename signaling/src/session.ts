// SignalingSession: the Durable Object where every peer of one session code meets.
// Uses the WebSocket Hibernation API: who holds which id lives in each socket's tag + attachment, queued frames
// and who-talked-to-whom live in SQLite storage, and timeouts run on the storage alarm. Instance fields hold
// nothing, so the object can be evicted between any two frames and wake up intact.
import { DurableObject } from 'cloudflare:workers';
import { type Env, timeoutsOf } from './env';
import { CLOSE_POLICY, json, refuseWebSocket } from './http';
import {
  HOST_RESERVATION_MS,
  MAX_PEERS_PER_SESSION,
  MAX_QUEUED_FRAMES_PER_SENDER,
  OFFER_BURST,
  OFFER_REFILL_PER_SECOND,
  RATE_BURST_FRAMES,
  RATE_REFILL_PER_SECOND,
} from './limits';
import {
  type RelayedType,
  errorFrame,
  expireFrame,
  hostIdOf,
  idTakenFrame,
  leaveFrame,
  openFrame,
  parseClientFrame,
  parseConnectParams,
  parsePeerId,
  relayFrame,
} from './protocol';

/** WebSocket.readyState of an open socket. */
const READY_STATE_OPEN = 1;
/** Close code for a socket replaced by a newer one with the same id and token (private-use range). */
const CLOSE_REPLACED = 4000;
/** Close code for a socket silent past the alive timeout (private-use range). */
const CLOSE_SILENT = 4001;
/** Close code for a frame over MAX_FRAME_BYTES (RFC 6455 "message too big"). */
const CLOSE_TOO_BIG = 1009;
/** Close code used to finish a close the client started. */
const CLOSE_NORMAL = 1000;

/**
 * What a socket carries across hibernation (serializeAttachment; well under its 2 KB limit).
 * The socket is also tagged with `id`, so `ctx.getWebSockets(id)` finds it.
 */
interface Attachment {
  /** Peer id this socket registered, e.g. `sa-1234-host`. */
  id: string;
  /** Token it registered with; a later socket with the same id and token takes over. */
  token: string;
  /** Last frame received (or connect time), ms since epoch. */
  lastSeenMs: number;
  /** Rate-limit tokens left (token bucket, see limits.ts). */
  bucket: number;
  /** When `bucket` was last refilled, ms since epoch. */
  bucketAtMs: number;
  /** OFFERs this socket may still send (second token bucket, refilled on the same clock). */
  offers?: number;
  /** Set once a newer socket took over this id: this socket's close must not free the id. */
  replaced?: boolean;
}

/** Schema: frames waiting for absent peers, and pairs of peers that exchanged frames (stored both ways). */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS queue (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, src TEXT NOT NULL, dst TEXT NOT NULL,
     frame TEXT NOT NULL, queued_at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS queue_by_dst ON queue (dst)',
  'CREATE TABLE IF NOT EXISTS contacts (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID',
  // The host id's token (SHA-256, hex) and until when it stays reserved for it (HOST_RESERVATION_MS).
  'CREATE TABLE IF NOT EXISTS host_reservation (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, until INTEGER NOT NULL)',
];

/** One Durable Object per session code (named by the 4 digits); speaks the PeerJS server protocol. */
export class SignalingSession extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    for (const statement of SCHEMA) ctx.storage.sql.exec(statement);
  }

  /**
   * Websocket upgrade from the router (`/peerjs?key&id&token`, already checked there and checked again here).
   * Fresh id → OPEN then queued frames; id live with another token → ID-TAKEN and close; same token → the old
   * socket is closed and the new one gets OPEN; session full → ERROR and close.
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return json({ error: 'Expected a websocket upgrade' }, 426);
    }
    const params = parseConnectParams(new URL(request.url));
    if (!params.ok) return refuseWebSocket(errorFrame(params.msg), 'Invalid parameters');
    const { peer, token } = params;
    const now = Date.now();
    this.closeSilentSockets(now);

    if (peer.isHost) {
      // The host id stays its token's while the session lives, even between two sockets (reload, crash, sleep).
      const tokenHash = await sha256Hex(token);
      const reserved = this.ctx.storage.sql
        .exec<{ token_hash: string; until: number }>('SELECT token_hash, until FROM host_reservation WHERE id = ?', peer.id)
        .toArray()[0];
      if (reserved && reserved.until > now && reserved.token_hash !== tokenHash) {
        return refuseWebSocket(idTakenFrame(), 'ID is taken');
      }
      this.reserveHost(peer.id, tokenHash, now);
    }
    for (const old of this.liveSockets(peer.id, now)) {
      const attachment = attachmentOf(old) as Attachment;
      if (attachment.token !== token) return refuseWebSocket(idTakenFrame(), 'ID is taken');
      // Same id and token: the owner came back (e.g. a reloaded host tab). Take over at once, no LEAVE.
      old.serializeAttachment({ ...attachment, replaced: true } satisfies Attachment);
      closeQuietly(old, CLOSE_REPLACED, 'Replaced by a newer connection');
    }
    // Here peer.id holds no live socket any more, so it counts as a new peer.
    if (this.liveIds(now).size >= MAX_PEERS_PER_SESSION) {
      return refuseWebSocket(errorFrame('Session is full'), 'Session is full');
    }

    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [peer.id]);
    const attachment: Attachment = { id: peer.id, token, lastSeenMs: now, bucket: RATE_BURST_FRAMES, bucketAtMs: now };
    server.serializeAttachment(attachment);
    server.send(openFrame());
    this.deliverQueued(server, peer.id);
    await this.wakeBy(now + timeoutsOf(this.env).aliveMs);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * One client frame. Counts against the rate bucket, then: HEARTBEAT only refreshes liveness; OFFER, ANSWER,
   * CANDIDATE, LEAVE are relayed with `src` stamped from this socket. Bad frames get ERROR (oversize and over
   * rate also close the socket). Never throws.
   */
  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    try {
      await this.receive(ws, data);
    } catch (error) {
      // Only a storage or runtime failure gets here (bad input is handled above); tell the client, keep running.
      console.error('signaling: frame handling failed', error);
      sendQuietly(ws, errorFrame('Internal error'));
    }
  }

  /** The client closed its socket: the id is free, and whoever exchanged frames with it gets LEAVE. */
  override async webSocketClose(ws: WebSocket): Promise<void> {
    this.onSocketGone(ws);
  }

  /** A socket failed: same as a close. */
  override async webSocketError(ws: WebSocket): Promise<void> {
    this.onSocketGone(ws);
  }

  /**
   * Storage alarm: closes sockets silent past the alive timeout, turns frames that waited past the expire timeout
   * into one EXPIRE per (sender, absent peer), then sets the alarm for the next deadline.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.closeSilentSockets(now);
    this.expireQueued(now);
    await this.scheduleNextAlarm(now);
  }

  /** RPC for GET /api/session/<code>: whether `sa-<code>-host` is held by a live socket right now. */
  isHostOnline(code: string): boolean {
    return this.liveSockets(hostIdOf(code), Date.now()).length > 0;
  }

  /** Body of webSocketMessage. */
  private async receive(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = attachmentOf(ws);
    if (!attachment || attachment.replaced) return;
    const now = Date.now();
    attachment.lastSeenMs = now;
    refill(attachment, now);
    if (attachment.bucket < 1) {
      ws.serializeAttachment(attachment);
      this.expel(ws, attachment.id, CLOSE_POLICY, 'Rate limit exceeded', errorFrame('Rate limit exceeded'));
      return;
    }
    attachment.bucket -= 1;
    ws.serializeAttachment(attachment);

    const parsed = parseClientFrame(data);
    if (!parsed.ok) {
      if (parsed.close) this.expel(ws, attachment.id, CLOSE_TOO_BIG, 'Frame too large', errorFrame(parsed.msg));
      else sendQuietly(ws, errorFrame(parsed.msg));
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'HEARTBEAT') return; // Liveness was refreshed above; the stock client wants no reply.
    if (frame.type === 'OFFER') {
      if ((attachment.offers ?? OFFER_BURST) < 1) {
        sendQuietly(ws, errorFrame('Too many connection attempts; wait a few seconds'));
        return;
      }
      attachment.offers = (attachment.offers ?? OFFER_BURST) - 1;
      ws.serializeAttachment(attachment);
    }
    await this.relay(ws, attachment.id, frame.type, frame.dst, frame.payload, now);
  }

  /** Sends a relayed frame to `dst`, or queues it (LEAVE is dropped) when `dst` has no live socket. */
  private async relay(ws: WebSocket, src: string, type: RelayedType, dst: string, payload: unknown, now: number) {
    const target = parsePeerId(dst);
    if (!target || target.code !== parsePeerId(src)?.code) {
      sendQuietly(ws, errorFrame('dst is not a peer of this session'));
      return;
    }
    const text = relayFrame(type, src, dst, payload);
    const [receiver] = this.liveSockets(dst, now);
    if (receiver && sendQuietly(receiver, text)) {
      this.rememberContact(src, dst);
      return;
    }
    if (receiver) this.expel(receiver, dst, CLOSE_POLICY, 'Send failed');
    if (type === 'LEAVE') return;
    const waiting = this.ctx.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM queue WHERE src = ?', src).one().n;
    if (waiting >= MAX_QUEUED_FRAMES_PER_SENDER) {
      sendQuietly(ws, errorFrame('Too many frames waiting for absent peers'));
      return;
    }
    this.ctx.storage.sql.exec('INSERT INTO queue (src, dst, frame, queued_at) VALUES (?, ?, ?, ?)', src, dst, text, now);
    await this.wakeBy(now + timeoutsOf(this.env).expireMs);
  }

  /** Sends everything queued for `id` to its new socket, oldest first, and forgets it. */
  private deliverQueued(ws: WebSocket, id: string): void {
    const rows = this.ctx.storage.sql
      .exec<{ src: string; frame: string }>('SELECT src, frame FROM queue WHERE dst = ? ORDER BY seq', id)
      .toArray();
    for (const row of rows) {
      if (sendQuietly(ws, row.frame)) this.rememberContact(row.src, id);
    }
    if (rows.length > 0) this.ctx.storage.sql.exec('DELETE FROM queue WHERE dst = ?', id);
  }

  /** One EXPIRE (src = absent peer) per (sender, absent peer) pair whose oldest frame waited too long. */
  private expireQueued(now: number): void {
    const cutoff = now - timeoutsOf(this.env).expireMs;
    const pairs = this.ctx.storage.sql
      .exec<{ src: string; dst: string }>('SELECT DISTINCT src, dst FROM queue WHERE queued_at <= ?', cutoff)
      .toArray();
    for (const { src, dst } of pairs) {
      this.ctx.storage.sql.exec('DELETE FROM queue WHERE src = ? AND dst = ?', src, dst);
      for (const sender of this.liveSockets(src, now)) sendQuietly(sender, expireFrame(dst, src));
    }
  }

  /** Closes every socket that sent nothing for the alive timeout, freeing its id. */
  private closeSilentSockets(now: number): void {
    const { aliveMs } = timeoutsOf(this.env);
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = attachmentOf(ws);
      if (!attachment || attachment.replaced || ws.readyState !== READY_STATE_OPEN) continue;
      if (now - attachment.lastSeenMs >= aliveMs) this.expel(ws, attachment.id, CLOSE_SILENT, 'Alive timeout');
    }
  }

  /** Sets the alarm to the earliest pending deadline (queued frame expiry or socket alive timeout), or clears it. */
  private async scheduleNextAlarm(now: number): Promise<void> {
    const { aliveMs, expireMs } = timeoutsOf(this.env);
    const deadlines: number[] = [];
    const oldest = this.ctx.storage.sql
      .exec<{ at: number | null }>('SELECT MIN(queued_at) AS at FROM queue')
      .one().at;
    if (oldest !== null) deadlines.push(oldest + expireMs);
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = attachmentOf(ws);
      if (attachment && !attachment.replaced && ws.readyState === READY_STATE_OPEN) {
        deadlines.push(attachment.lastSeenMs + aliveMs);
      }
    }
    if (deadlines.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.max(now + 1, Math.min(...deadlines)));
  }

  /** Makes sure the alarm fires no later than `at` (ms since epoch). */
  private async wakeBy(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** Optionally sends `frame`, closes `ws`, and treats its peer as gone. */
  private expel(ws: WebSocket, id: string, code: number, reason: string, frame?: string): void {
    if (frame) sendQuietly(ws, frame);
    closeQuietly(ws, code, reason);
    this.peerGone(id, ws);
  }

  /** Close/error handler body: finish the close handshake, then free the id unless a newer socket holds it. */
  private onSocketGone(ws: WebSocket): void {
    closeQuietly(ws, CLOSE_NORMAL, 'Closed');
    const attachment = attachmentOf(ws);
    if (attachment && !attachment.replaced) this.peerGone(attachment.id, ws);
  }

  /**
   * `id` lost its socket `gone`. Unless another live socket holds `id`, sends LEAVE (src = id) to every live peer
   * that exchanged frames with it, and forgets its contacts and the frames it left queued. Idempotent.
   */
  private peerGone(id: string, gone: WebSocket): void {
    const now = Date.now();
    if (this.liveSockets(id, now).some((ws) => ws !== gone)) return;
    this.ctx.storage.sql.exec('UPDATE host_reservation SET until = ? WHERE id = ?', now + HOST_RESERVATION_MS, id);
    const contacts = this.ctx.storage.sql.exec<{ b: string }>('SELECT b FROM contacts WHERE a = ?', id).toArray();
    for (const { b } of contacts) {
      for (const ws of this.liveSockets(b, now)) sendQuietly(ws, leaveFrame(id, b));
    }
    this.ctx.storage.sql.exec('DELETE FROM contacts WHERE a = ? OR b = ?', id, id);
    this.ctx.storage.sql.exec('DELETE FROM queue WHERE src = ?', id);
  }

  /** Reserves the host id `id` for the token whose SHA-256 is `tokenHash`, for HOST_RESERVATION_MS from `now`. */
  private reserveHost(id: string, tokenHash: string, now: number): void {
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO host_reservation (id, token_hash, until) VALUES (?, ?, ?)',
      id,
      tokenHash,
      now + HOST_RESERVATION_MS,
    );
  }

  /** Records that `a` and `b` exchanged a frame, so each gets LEAVE when the other goes. */
  private rememberContact(a: string, b: string): void {
    if (a === b) return;
    this.ctx.storage.sql.exec('INSERT OR IGNORE INTO contacts (a, b) VALUES (?, ?), (?, ?)', a, b, b, a);
  }

  /** Open, not replaced, not silent sockets holding `id` (normally zero or one). */
  private liveSockets(id: string, now: number): WebSocket[] {
    const { aliveMs } = timeoutsOf(this.env);
    return this.ctx.getWebSockets(id).filter((ws) => isLive(ws, attachmentOf(ws), now, aliveMs));
  }

  /** Distinct ids held by live sockets in this session. */
  private liveIds(now: number): Set<string> {
    const { aliveMs } = timeoutsOf(this.env);
    const ids = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = attachmentOf(ws);
      if (isLive(ws, attachment, now, aliveMs)) ids.add(attachment.id);
    }
    return ids;
  }
}

/** A socket counts as holding its id while open, not replaced, and heard from within the alive timeout. */
function isLive(ws: WebSocket, attachment: Attachment | null, now: number, aliveMs: number): attachment is Attachment {
  return (
    attachment !== null &&
    !attachment.replaced &&
    ws.readyState === READY_STATE_OPEN &&
    now - attachment.lastSeenMs < aliveMs
  );
}

/** The socket's attachment, or null when it has none (never for sockets accepted by this class). */
function attachmentOf(ws: WebSocket): Attachment | null {
  const value: unknown = ws.deserializeAttachment();
  return typeof value === 'object' && value !== null && typeof (value as Attachment).id === 'string'
    ? (value as Attachment)
    : null;
}

/** Adds what was earned since the last refill to the socket's buckets (frames and OFFERs), up to their bursts. */
function refill(attachment: Attachment, now: number): void {
  const seconds = (now - attachment.bucketAtMs) / 1000;
  attachment.bucket = Math.min(RATE_BURST_FRAMES, attachment.bucket + seconds * RATE_REFILL_PER_SECOND);
  attachment.offers = Math.min(OFFER_BURST, (attachment.offers ?? OFFER_BURST) + seconds * OFFER_REFILL_PER_SECOND);
  attachment.bucketAtMs = now;
}

/** SHA-256 of `text` as lowercase hex (tokens are stored hashed). */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Sends without throwing; false when the socket could not take it. */
function sendQuietly(ws: WebSocket, text: string): boolean {
  try {
    ws.send(text);
    return true;
  } catch {
    return false;
  }
}

/** Closes without throwing (closing an already closed socket throws in workerd). */
function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed or closing: nothing left to do.
  }
}
