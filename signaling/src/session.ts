// SignalingSession: the Durable Object where every peer of one session code meets.
// Uses the WebSocket Hibernation API: who holds which id lives in each socket's tag + attachment, queued frames,
// who-talked-to-whom, the host id's reservation and the host's last SEATS live in SQLite storage, and timeouts run on
// the storage alarm.
// The one thing kept only in memory is the per-address budgets (see `budgets`).
import { DurableObject } from 'cloudflare:workers';
import { ADDRESS_HEADER, UNKNOWN_ADDRESS, isLoopbackKey } from './address';
import { type Bucket, fullBucket, isFull, take } from './bucket';
import { type Env, timeoutsOf } from './env';
import { CLOSE_POLICY, json, refuseWebSocket } from './http';
import { limiterOf } from './limiter';
import { Refusal } from './refusals';
import {
  type BucketSpec,
  CONNECTS_PER_ADDRESS,
  HOST_FRAMES,
  LOOKUPS_PER_ADDRESS,
  MAX_PEERS_PER_ADDRESS,
  MAX_PEERS_PER_SESSION,
  MAX_QUEUED_FRAMES_PER_ADDRESS,
  MAX_QUEUED_FRAMES_PER_SENDER,
  OFFERS_PER_ADDRESS,
  OFFERS_PER_ID,
  PARTICIPANT_FRAMES,
  RELAY_BYTES_PER_ADDRESS,
  RELAY_MIN_COST_BYTES,
} from './limits';
import {
  type PeerId,
  type RelayedType,
  type SeatList,
  errorFrame,
  expireFrame,
  hostIdOf,
  idTakenFrame,
  leaveFrame,
  openFrame,
  parseClientFrame,
  parseConnectParams,
  parsePeerId,
  parseSeats,
  relayFrame,
} from './protocol';

/** WebSocket.readyState of an open socket. */
const READY_STATE_OPEN = 1;
/**
 * Close code for a socket replaced by a newer one: with the same id and token, or a newcomer it gave way to in a
 * full session (private-use range).
 */
const CLOSE_REPLACED = 4000;
/** Close code for a socket silent past the alive timeout (private-use range). */
const CLOSE_SILENT = 4001;
/** Close code for a frame over MAX_FRAME_BYTES (RFC 6455 "message too big"). */
const CLOSE_TOO_BIG = 1009;
/** Close code used to finish a close the client started. */
const CLOSE_NORMAL = 1000;
/** Close code a runtime reports for a connection that dropped without a close frame (RFC 6455). */
const CLOSE_ABNORMAL = 1006;

export { Refusal } from './refusals';

/** How a peer's socket went away: closed by the client itself, or lost (silence, dropped, failed, expelled). */
type Departure = 'closed' | 'lost';

/**
 * What a socket carries across hibernation (serializeAttachment; well under its 2 KB limit).
 * The socket is also tagged with `id`, so `ctx.getWebSockets(id)` finds it.
 */
interface Attachment {
  /** Peer id this socket registered, e.g. `sa-1234-host`. */
  id: string;
  /** Token it registered with; a later socket with the same id and token takes over. */
  token: string;
  /** SHA-256 of `token`, lowercase hex: a participant is seated when the host's SEATS lists it. */
  tokenHash: string;
  /** When this socket connected, ms since epoch: unseated sockets give way oldest first (JOIN_GRACE_MS). */
  connectedAt: number;
  /** Client address key (see address.ts) the socket came from. */
  address: string;
  /** Last frame received (or connect time), ms since epoch. */
  lastSeenMs: number;
  /** Frames this id may still send (PARTICIPANT_FRAMES or HOST_FRAMES); handed on to a socket that takes over. */
  frames: Bucket;
  /** OFFERs this id may still send (OFFERS_PER_ID); handed on to a socket that takes over. */
  offers: Bucket;
  /** Set once a newer socket took over this id: this socket's close must not free the id. */
  replaced?: boolean;
}

/** Budgets of one client address in this session (participant sockets only; the host is never counted). */
interface AddressBudgets {
  connects: Bucket;
  offers: Bucket;
  relayBytes: Bucket;
  lookups: Bucket;
}

/** Bumped whenever a table changes shape: older tables are dropped (they only hold seconds-to-minutes of state). */
const SCHEMA_VERSION = 3;
/** Tables, dropped and recreated when SCHEMA_VERSION changes. */
const TABLES = ['queue', 'contacts', 'host_reservation', 'seats'];
/**
 * Schema: frames waiting for absent peers, pairs of peers that exchanged frames (both ways), the host id's owner, the
 * host's last SEATS.
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS queue (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, src TEXT NOT NULL, dst TEXT NOT NULL, address TEXT NOT NULL,
     frame TEXT NOT NULL, queued_at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS queue_by_dst ON queue (dst)',
  'CREATE INDEX IF NOT EXISTS queue_by_src ON queue (src)',
  'CREATE INDEX IF NOT EXISTS queue_by_address ON queue (address)',
  'CREATE TABLE IF NOT EXISTS contacts (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID',
  // The host id's token (SHA-256, hex), the address that claimed it, and until when it stays reserved once the
  // host's socket is gone (see HOST_GRACE_* in limits.ts). While the host's socket lives, `until` is not read.
  `CREATE TABLE IF NOT EXISTS host_reservation (
     id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, address TEXT NOT NULL, until INTEGER NOT NULL)`,
  // The host's last valid SEATS (one row at most): `locked` 0/1, `tokens` and `ids` as JSON arrays of strings.
  `CREATE TABLE IF NOT EXISTS seats (
     k INTEGER PRIMARY KEY CHECK (k = 0), locked INTEGER NOT NULL, tokens TEXT NOT NULL, ids TEXT NOT NULL)`,
];

/** The host's last SEATS, ready to look up; `stored` is its JSON as kept in storage (to skip rewriting it). */
interface Seating {
  locked: boolean;
  tokens: ReadonlySet<string>;
  ids: ReadonlySet<string>;
  stored: string;
}

/** Before any SEATS: nobody seated, not locked. */
const NO_SEATS: Seating = { locked: false, tokens: new Set(), ids: new Set(), stored: '' };

/** Key under which queued frames of seated senders are counted: no address, so they spend no address's cap. */
const SEATED_QUEUE_KEY = '';

/** One Durable Object per session code (named by the 4 digits); speaks the PeerJS server protocol. */
export class SignalingSession extends DurableObject<Env> {
  /**
   * Per-address budgets, in memory only: writing them to storage on every frame would cost a write per frame.
   * They survive as long as the object stays in memory, which it does while any peer of the session talks (each
   * sends a HEARTBEAT every 5 s); an idle session may be evicted and start again with full budgets.
   */
  private readonly budgets = new Map<string, AddressBudgets>();
  /**
   * Frame and OFFER budgets of ids whose socket went, so that closing and reconnecting does not refill them
   * (memory only, like `budgets`). Taken back by the id's next socket; forgotten once full again.
   */
  private readonly leftBudgets = new Map<string, Pick<Attachment, 'frames' | 'offers'>>();
  /** Whether this object's tables exist; a never-used session code creates no storage at all. */
  private hasSchema: boolean;
  /** The alarm time this object last set (ms since epoch), null for none, undefined until read from storage. */
  private alarmAt: number | null | undefined;
  /** The host's last SEATS as read from storage (the `seats` table), undefined until first needed. */
  private seatSet: Seating | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.hasSchema =
      ctx.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
    // Storage written by an older version of this code gets the current tables at once.
    if (this.hasSchema) this.migrate();
  }

  /**
   * Websocket upgrade from the router (`/peerjs?key&id&token`, already checked there and checked again here).
   * Fresh id → OPEN then queued frames; id live (or the host id reserved) with another token → ID-TAKEN and close;
   * same token → the old socket is closed and the new one gets OPEN; a participant over a session or address
   * limit → ERROR and close, unless an unseated socket gives way to it (admitParticipant). A participant without a
   * seat while the host's SEATS says `locked` → ERROR "SESSION_LOCKED: this tasting is closed to new players" and close; a seated
   * one (its token's SHA-256 or its id in the SEATS) is never refused for the id caps or the connect budget. The host
   * id is never refused for a session limit, nor its holder coming back from the address it claimed from; a new host
   * claim is refused past the address's budgets (limiter.ts), and starts with no SEATS.
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return json({ error: 'Expected a websocket upgrade' }, 426);
    }
    const params = parseConnectParams(new URL(request.url));
    if (!params.ok) return refuseWebSocket(errorFrame(params.msg), 'Invalid parameters');
    const { peer, token } = params;
    const address = request.headers.get(ADDRESS_HEADER) ?? UNKNOWN_ADDRESS;
    const tokenHash = await sha256Hex(token);
    // Between the checks and the claim nothing is awaited, so no other event slips in; when the address limiter
    // must be asked first, the checks run again once it has answered.
    let cleared = false;
    let now = Date.now();
    let live: WebSocket[] = [];
    let holders: Attachment[] = [];
    let reservedHash: string | undefined;
    for (;;) {
      now = Date.now();
      // Nothing is written before a socket is accepted: a refused claim leaves no storage behind.
      if (this.hasSchema) this.closeSilentSockets(now);
      live = this.liveSockets(peer.id, now);
      holders = live.map((ws) => attachmentOf(ws) as Attachment);
      const reserved = peer.isHost && this.hasSchema ? this.reservation(peer.id) : undefined;
      reservedHash = reserved?.token_hash;
      const takenByOther =
        holders.some((holder) => holder.token !== token) ||
        (live.length === 0 && reserved !== undefined && reserved.until > now && reserved.token_hash !== tokenHash);
      if (takenByOther) {
        // Trying someone's host id tells whether the code is live: it costs a claim, like a claim.
        if (peer.isHost && !isLoopbackKey(address)) {
          const verdict = await limiterOf(this.env, address).probeHost(address, peer.code);
          if (!verdict.ok) return refuseWebSocket(errorFrame(Refusal.TooManyClaims), Refusal.TooManyClaims);
        }
        return refuseWebSocket(idTakenFrame(), 'ID is taken');
      }
      if (!peer.isHost) {
        const seated = this.seatedBy(peer.id, tokenHash);
        if (!seated && this.seating().locked) return refuseWebSocket(errorFrame(Refusal.Locked), Refusal.Locked);
        if (live.length === 0 && !seated) {
          const refusal = this.admitParticipant(address, now);
          if (refusal) return refuseWebSocket(errorFrame(refusal), refusal);
        }
        break;
      }
      // The host id: its holder coming back from the address it claimed from always gets in; a new claim, or the
      // holder coming from another address, counts against that address's host ids (limiter.ts).
      const ownedHere = reserved !== undefined && reserved.token_hash === tokenHash && reserved.address === address &&
        (live.length > 0 || reserved.until > now);
      if (ownedHere || cleared || isLoopbackKey(address)) break;
      const verdict = await limiterOf(this.env, address).holdHost(address, peer.code);
      if (!verdict.ok) return refuseWebSocket(errorFrame(Refusal.TooManyHosts), Refusal.TooManyHosts);
      cleared = true;
    }
    this.ensureSchema();
    if (peer.isHost) {
      // Reserved for this token while the socket lives; HOST_GRACE_LOST_MS also covers a socket that vanishes
      // without this object ever hearing of it.
      this.ctx.storage.sql.exec(
        'INSERT OR REPLACE INTO host_reservation (id, token_hash, address, until) VALUES (?, ?, ?, ?)',
        peer.id,
        tokenHash,
        address,
        now + timeoutsOf(this.env).hostGraceLostMs,
      );
      // Another token took the code (the last host's grace is over): a new tasting, whose host sends its own SEATS.
      if (reservedHash !== tokenHash) this.storeSeats(null);
    } else if (this.seating().tokens.has(tokenHash)) {
      this.replaceOtherSocketsOfSeat(peer.id, tokenHash, now);
    }

    // A seat's budgets go with it from socket to socket, whatever the id (keepBudgets): changing ids mints none.
    const seatKey = !peer.isHost && this.seating().tokens.has(tokenHash) ? seatBudgetKey(tokenHash) : undefined;
    const carried = holders[0] ?? this.leftBudgets.get(peer.id) ?? (seatKey ? this.leftBudgets.get(seatKey) : undefined);
    this.leftBudgets.delete(peer.id);
    if (seatKey) this.leftBudgets.delete(seatKey);
    for (const old of live) {
      // Same id and token: the owner came back (e.g. a reloaded host tab). Take over at once, no LEAVE.
      old.serializeAttachment({ ...(attachmentOf(old) as Attachment), replaced: true } satisfies Attachment);
      closeQuietly(old, CLOSE_REPLACED, 'Replaced by a newer connection');
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [peer.id]);
    const attachment: Attachment = {
      id: peer.id,
      token,
      tokenHash,
      connectedAt: now,
      address,
      lastSeenMs: now,
      // Reconnecting (same id, at once or later) keeps the budgets it had: it does not refill them.
      frames: carried?.frames ?? fullBucket(framesSpec(peer), now),
      offers: carried?.offers ?? fullBucket(OFFERS_PER_ID, now),
    };
    server.serializeAttachment(attachment);
    server.send(openFrame());
    this.deliverQueued(server, peer.id);
    await this.wakeBy(now + timeoutsOf(this.env).aliveMs);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * One client frame. Counts against the socket's frame budget, then: HEARTBEAT only refreshes liveness; OFFER,
   * ANSWER, CANDIDATE, LEAVE are relayed with `src` stamped from this socket (and `"seated": true` on an OFFER of a
   * seated socket); SEATS from the host replaces its seat list (applySeats). Bad frames get ERROR (oversize and
   * over the frame budget also close the socket). Never throws.
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
  override async webSocketClose(ws: WebSocket, code: number, _reason: string, wasClean: boolean): Promise<void> {
    this.onSocketGone(ws, wasClean && code !== CLOSE_ABNORMAL ? 'closed' : 'lost');
  }

  /** A socket failed: same as a lost connection. */
  override async webSocketError(ws: WebSocket): Promise<void> {
    this.onSocketGone(ws, 'lost');
  }

  /**
   * Storage alarm: closes sockets silent past the alive timeout, turns frames that waited past the expire timeout
   * into one EXPIRE per (sender, absent peer), forgets everything once the session is empty and its host
   * reservation is over, else sets the alarm for the next deadline.
   */
  override async alarm(): Promise<void> {
    this.alarmAt = null; // It fired; scheduleNextAlarm sets the next one.
    if (!this.hasSchema) return;
    const now = Date.now();
    this.closeSilentSockets(now);
    this.expireQueued(now);
    await this.scheduleNextAlarm(now);
  }

  /**
   * RPC for GET /api/session/<code>: whether `sa-<code>-host` is held by a live socket right now, or null when
   * `address` is over its lookup budget in this session. Writes nothing.
   */
  hostOnline(code: string, address: string): boolean | null {
    const now = Date.now();
    if (!take(this.budgetsOf(address, now).lookups, LOOKUPS_PER_ADDRESS, now)) return null;
    return this.liveSockets(hostIdOf(code), now).length > 0;
  }

  /**
   * RPC for POST /api/ice: whether `id` with `token` may have TURN credentials, or null when `address` is over its
   * lookup budget in this session. Yes for a live socket holding `id` with `token` in a session whose host is live or
   * in its grace (the host itself included), and for the host coming back within its grace (its token's SHA-256
   * matches the reservation), so a reloaded host has TURN before phones' queued offers reach it. A seated phone's
   * live socket does not spend its address's lookup budget (a guest on the venue's address may have spent it).
   * Writes nothing.
   */
  async iceGrant(id: string, token: string, address: string): Promise<boolean | null> {
    const now = Date.now();
    const peer = parsePeerId(id);
    const holder = peer && this.hasSchema
      ? this.liveSockets(id, now).map(attachmentOf).find((attachment) => attachment?.token === token)
      : undefined;
    const seated = holder !== undefined && holder !== null && this.isSeated(holder);
    if (!seated && !take(this.budgetsOf(address, now).lookups, LOOKUPS_PER_ADDRESS, now)) return null;
    if (!peer || !this.hasSchema) return false;
    const reserved = this.reservation(hostIdOf(peer.code));
    const hostLive = this.liveSockets(hostIdOf(peer.code), now).length > 0;
    const hostAround = hostLive || (reserved !== undefined && reserved.until > now);
    if (holder) return hostAround;
    if (!peer.isHost || !reserved || hostLive || reserved.until <= now) return false;
    return reserved.token_hash === (await sha256Hex(token));
  }

  /**
   * RPC for the address limiter: the client address that holds the host id of `code` (its socket lives, or its
   * grace runs), or null. Writes nothing.
   */
  hostHolder(code: string): string | null {
    if (!this.hasSchema) return null;
    const now = Date.now();
    const id = hostIdOf(code);
    const reserved = this.reservation(id);
    if (!reserved) return null;
    return this.liveSockets(id, now).length > 0 || reserved.until > now ? reserved.address : null;
  }

  /** Body of webSocketMessage. */
  private async receive(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = attachmentOf(ws);
    if (!attachment || attachment.replaced) return;
    const peer = parsePeerId(attachment.id) as PeerId;
    const now = Date.now();
    attachment.lastSeenMs = now;
    const withinBudget = take(attachment.frames, framesSpec(peer), now);
    ws.serializeAttachment(attachment);
    if (!withinBudget) {
      this.expel(ws, attachment.id, 'lost', CLOSE_POLICY, Refusal.RateLimit, errorFrame(Refusal.RateLimit));
      return;
    }

    const parsed = parseClientFrame(data);
    if (!parsed.ok) {
      if (parsed.close) this.expel(ws, attachment.id, 'lost', CLOSE_TOO_BIG, 'Frame too large', errorFrame(parsed.msg));
      else sendQuietly(ws, errorFrame(parsed.msg));
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'HEARTBEAT') return; // Liveness was refreshed above; the stock client wants no reply.
    if (frame.type === 'SEATS') {
      // This Worker's own frame, for the host only: to anyone else it is as unknown as to a stock server.
      if (!peer.isHost) sendQuietly(ws, errorFrame('Unknown message type: SEATS'));
      else if (!this.applySeats(frame.payload, peer.code, now)) sendQuietly(ws, errorFrame(Refusal.InvalidSeats));
      return;
    }
    // Seated sockets spend only their own id's budgets, never their address's (judged now: SEATS change).
    const seated = !peer.isHost && this.isSeated(attachment);
    if (frame.type === 'OFFER') {
      const ok = take(attachment.offers, OFFERS_PER_ID, now);
      ws.serializeAttachment(attachment);
      const byAddress = !peer.isHost && !seated;
      if (!ok || (byAddress && !take(this.budgetsOf(attachment.address, now).offers, OFFERS_PER_ADDRESS, now))) {
        sendQuietly(ws, errorFrame(Refusal.TooManyOffers));
        return;
      }
    }
    if (!peer.isHost && !seated) {
      const cost = Math.max(RELAY_MIN_COST_BYTES, typeof data === 'string' ? data.length : data.byteLength);
      if (!take(this.budgetsOf(attachment.address, now).relayBytes, RELAY_BYTES_PER_ADDRESS, now, cost)) {
        sendQuietly(ws, errorFrame(Refusal.TooMuchSignaling));
        return;
      }
    }
    await this.relay(ws, attachment, frame.type, frame.dst, frame.payload, now, seated);
  }

  /**
   * Sends a relayed frame to `dst`, or queues it (LEAVE is dropped) when `dst` has no live socket. An OFFER of a
   * `seated` sender is stamped `"seated": true`; a seated sender's queued frames count against its id's cap only.
   */
  private async relay(
    ws: WebSocket,
    from: Attachment,
    type: RelayedType,
    dst: string,
    payload: unknown,
    now: number,
    seated: boolean,
  ) {
    const src = from.id;
    const target = parsePeerId(dst);
    if (!target || target.code !== parsePeerId(src)?.code) {
      sendQuietly(ws, errorFrame('dst is not a peer of this session'));
      return;
    }
    const text = relayFrame(type, src, dst, payload, seated && type === 'OFFER');
    const [receiver] = this.liveSockets(dst, now);
    if (receiver && sendQuietly(receiver, text)) {
      this.rememberContact(src, dst);
      return;
    }
    if (receiver) this.expel(receiver, dst, 'lost', CLOSE_POLICY, 'Send failed');
    if (type === 'LEAVE') return;
    const count = (sql: string, value: string) =>
      this.ctx.storage.sql.exec<{ n: number }>(sql, value).one().n;
    const queueKey = seated ? SEATED_QUEUE_KEY : from.address;
    if (
      count('SELECT COUNT(*) AS n FROM queue WHERE src = ?', src) >= MAX_QUEUED_FRAMES_PER_SENDER ||
      (!seated && count('SELECT COUNT(*) AS n FROM queue WHERE address = ?', queueKey) >= MAX_QUEUED_FRAMES_PER_ADDRESS)
    ) {
      sendQuietly(ws, errorFrame('Too many frames waiting for absent peers'));
      return;
    }
    this.ctx.storage.sql.exec(
      'INSERT INTO queue (src, dst, address, frame, queued_at) VALUES (?, ?, ?, ?, ?)',
      src,
      dst,
      queueKey,
      text,
      now,
    );
    await this.wakeBy(now + timeoutsOf(this.env).expireMs);
  }

  /**
   * Whether a new unseated participant id from `address` may join: the session's and the address's id caps, which
   * count unseated sockets only, then the address's connect budget. Over a cap, the oldest unseated socket that
   * connected at least JOIN_GRACE_MS ago gives way (ERROR "Replaced by a newer connection", closed as lost, so no
   * LEAVE): one of `address` for the address cap, one of the address holding the most unseated sockets for the
   * session cap (docs/security.md, "Fair sharing"). Returns the refusal message, or null (the connect is counted
   * and the socket that gave way, if any, is closed).
   */
  private admitParticipant(address: string, now: number): string | null {
    const { joinGraceMs } = timeoutsOf(this.env);
    const unseated = this.unseatedParticipants(now);
    const perAddress = new Map<string, number>();
    for (const { attachment } of unseated) {
      perAddress.set(attachment.address, (perAddress.get(attachment.address) ?? 0) + 1);
    }
    let refusal: string | null = null;
    let givers: (key: string) => boolean = () => false;
    if ((perAddress.get(address) ?? 0) >= MAX_PEERS_PER_ADDRESS) {
      refusal = Refusal.AddressFull;
      givers = (key) => key === address;
    } else if (unseated.length >= MAX_PEERS_PER_SESSION) {
      refusal = Refusal.SessionFull;
      const most = Math.max(...perAddress.values());
      givers = (key) => perAddress.get(key) === most;
    }
    let victim: { ws: WebSocket; attachment: Attachment } | undefined;
    if (refusal) {
      for (const candidate of unseated) {
        const { attachment } = candidate;
        if (!givers(attachment.address) || now - attachment.connectedAt < joinGraceMs) continue;
        if (!victim || attachment.connectedAt < victim.attachment.connectedAt) victim = candidate;
      }
      if (!victim) return refusal;
    }
    if (!take(this.budgetsOf(address, now).connects, CONNECTS_PER_ADDRESS, now)) return Refusal.TooManyConnects;
    if (victim) {
      const { ws, attachment } = victim;
      this.expel(ws, attachment.id, 'lost', CLOSE_REPLACED, Refusal.Replaced, errorFrame(Refusal.Replaced));
    }
    return null;
  }

  /**
   * One live socket per seat: a socket seated by its token (a phone registers with its seat's signaling token) ends
   * every other live socket with that token, whatever its id ("Replaced by a newer connection", closed as lost, so no
   * LEAVE). The seat plays on its newest device or page; without this, one seat could open sockets under endless ids,
   * each past every per-address cap and each with fresh per-id budgets.
   */
  private replaceOtherSocketsOfSeat(id: string, tokenHash: string, now: number): void {
    const { aliveMs } = timeoutsOf(this.env);
    for (const ws of this.ctx.getWebSockets()) {
      const other = attachmentOf(ws);
      if (!isLive(ws, other, now, aliveMs) || other.id === id || other.tokenHash !== tokenHash) continue;
      this.expel(ws, other.id, 'lost', CLOSE_REPLACED, Refusal.Replaced, errorFrame(Refusal.Replaced));
    }
  }

  /** The host's last SEATS, read from storage once per stay in memory; nobody seated and unlocked before any. */
  private seating(): Seating {
    if (!this.seatSet) {
      const row = this.hasSchema
        ? this.ctx.storage.sql
            .exec<{ locked: number; tokens: string; ids: string }>('SELECT locked, tokens, ids FROM seats WHERE k = 0')
            .toArray()[0]
        : undefined;
      this.seatSet = row
        ? seatingOf({ locked: row.locked === 1, tokens: JSON.parse(row.tokens) as string[], ids: JSON.parse(row.ids) as string[] })
        : NO_SEATS;
    }
    return this.seatSet;
  }

  /** Whether a participant with peer id `id` and token hash `tokenHash` is seated by the host's last SEATS. */
  private seatedBy(id: string, tokenHash: string): boolean {
    const seats = this.seating();
    return seats.tokens.has(tokenHash) || seats.ids.has(id);
  }

  /** Whether the participant socket of `attachment` is seated now (the host socket never is). */
  private isSeated(attachment: Attachment): boolean {
    return !parsePeerId(attachment.id)?.isHost && this.seatedBy(attachment.id, attachment.tokenHash);
  }

  /**
   * A SEATS payload from the host of session `code`: when valid (parseSeats), it replaces the stored list, and when
   * it turns `locked` on, every unseated participant socket gets ERROR "SESSION_LOCKED: this tasting is closed to new players" and
   * is closed as lost (no LEAVE: the host already chose who plays). Returns false, changing nothing, when invalid.
   */
  private applySeats(payload: unknown, code: string, now: number): boolean {
    const list = parseSeats(payload, code);
    if (!list) return false;
    const wasLocked = this.seating().locked;
    this.storeSeats(list);
    if (list.locked && !wasLocked) {
      for (const { ws, attachment } of this.unseatedParticipants(now)) {
        this.expel(ws, attachment.id, 'lost', CLOSE_POLICY, Refusal.Locked, errorFrame(Refusal.Locked));
      }
    }
    return true;
  }

  /** Stores `list` as the host's SEATS (null: none, as for a new tasting); skips the write when nothing changed. */
  private storeSeats(list: SeatList | null): void {
    const next = list ? seatingOf(list) : NO_SEATS;
    if (next.stored === this.seating().stored) return;
    if (list) {
      this.ctx.storage.sql.exec(
        'INSERT OR REPLACE INTO seats (k, locked, tokens, ids) VALUES (0, ?, ?, ?)',
        list.locked ? 1 : 0,
        JSON.stringify(list.tokens),
        JSON.stringify(list.ids),
      );
    } else {
      this.ctx.storage.sql.exec('DELETE FROM seats');
    }
    this.seatSet = next;
  }

  /** The budgets of `address` in this session, created full; forgets addresses whose budgets are all full again. */
  private budgetsOf(address: string, now: number): AddressBudgets {
    let budgets = this.budgets.get(address);
    if (!budgets) {
      if (this.budgets.size >= 256) {
        for (const [key, value] of this.budgets) if (budgetsAreFull(value, now)) this.budgets.delete(key);
      }
      budgets = {
        connects: fullBucket(CONNECTS_PER_ADDRESS, now),
        offers: fullBucket(OFFERS_PER_ADDRESS, now),
        relayBytes: fullBucket(RELAY_BYTES_PER_ADDRESS, now),
        lookups: fullBucket(LOOKUPS_PER_ADDRESS, now),
      };
      this.budgets.set(address, budgets);
    }
    return budgets;
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
      if (now - attachment.lastSeenMs >= aliveMs) this.expel(ws, attachment.id, 'lost', CLOSE_SILENT, 'Alive timeout');
    }
  }

  /**
   * Sets the alarm to the earliest pending deadline (queued frame expiry, socket alive timeout, end of the host
   * reservation). With none left, the session is over: its storage is deleted, as if the code was never used.
   */
  private async scheduleNextAlarm(now: number): Promise<void> {
    const { aliveMs, expireMs } = timeoutsOf(this.env);
    const deadlines: number[] = [];
    const oldest = this.ctx.storage.sql.exec<{ at: number | null }>('SELECT MIN(queued_at) AS at FROM queue').one().at;
    if (oldest !== null) deadlines.push(oldest + expireMs);
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = attachmentOf(ws);
      if (attachment && !attachment.replaced && ws.readyState === READY_STATE_OPEN) {
        deadlines.push(attachment.lastSeenMs + aliveMs);
      }
    }
    const reservedUntil = this.ctx.storage.sql
      .exec<{ at: number | null }>('SELECT MAX(until) AS at FROM host_reservation WHERE until > ?', now)
      .one().at;
    if (reservedUntil !== null) deadlines.push(reservedUntil);
    if (deadlines.length > 0) {
      this.alarmAt = Math.max(now + 1, Math.min(...deadlines));
      await this.ctx.storage.setAlarm(this.alarmAt);
    } else if (this.ctx.getWebSockets().length === 0) {
      this.alarmAt = null;
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.hasSchema = false;
      this.seatSet = undefined;
    } else {
      this.alarmAt = null;
      await this.ctx.storage.deleteAlarm();
    }
  }

  /** Makes sure the alarm fires no later than `at` (ms since epoch). */
  private async wakeBy(at: number): Promise<void> {
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (this.alarmAt === null || this.alarmAt > at) {
      this.alarmAt = at;
      await this.ctx.storage.setAlarm(at);
    }
  }

  /** Optionally sends `frame`, closes `ws`, and treats its peer as gone. */
  private expel(ws: WebSocket, id: string, how: Departure, code: number, reason: string, frame?: string): void {
    if (frame) sendQuietly(ws, frame);
    closeQuietly(ws, code, reason);
    this.peerGone(id, ws, how);
    // Done with: whatever it still sends before its close completes (a client may never complete it) is dropped.
    const attachment = attachmentOf(ws);
    if (attachment && !attachment.replaced) {
      try {
        ws.serializeAttachment({ ...attachment, replaced: true } satisfies Attachment);
      } catch {
        // Already gone: nothing more will come from it.
      }
    }
  }

  /** Close/error handler body: finish the close handshake, then free the id unless a newer socket holds it. */
  private onSocketGone(ws: WebSocket, how: Departure): void {
    closeQuietly(ws, CLOSE_NORMAL, 'Closed');
    const attachment = attachmentOf(ws);
    if (attachment && !attachment.replaced && this.hasSchema) this.peerGone(attachment.id, ws, how);
  }

  /**
   * `id` lost its socket `gone`. Unless another live socket holds `id`: starts the host id's grace (short when
   * the host closed its socket, longer when the connection was lost); when it closed its socket, sends LEAVE
   * (src = id) to every live peer that exchanged frames with it; forgets its contacts and the frames it left queued.
   * Idempotent. A lost connection (network gone, silent past the alive timeout) sends no LEAVE: only signaling may
   * be gone while the peer's data channels still work, and a LEAVE makes peerjs close them (seen: every phone's
   * open channel dropped when the host's socket was lost). A peer that is really gone is noticed on the channel.
   */
  private peerGone(id: string, gone: WebSocket, how: Departure): void {
    const now = Date.now();
    if (this.liveSockets(id, now).some((ws) => ws !== gone)) return;
    this.keepBudgets(gone, now);
    const { hostGraceClosedMs, hostGraceLostMs } = timeoutsOf(this.env);
    const grace = how === 'closed' ? hostGraceClosedMs : hostGraceLostMs;
    this.ctx.storage.sql.exec('UPDATE host_reservation SET until = ? WHERE id = ?', now + grace, id);
    const contacts = this.ctx.storage.sql.exec<{ b: string }>('SELECT b FROM contacts WHERE a = ?', id).toArray();
    if (how === 'closed') {
      for (const { b } of contacts) {
        for (const ws of this.liveSockets(b, now)) sendQuietly(ws, leaveFrame(id, b));
      }
    }
    this.ctx.storage.sql.exec('DELETE FROM contacts WHERE a = ? OR b = ?', id, id);
    this.ctx.storage.sql.exec('DELETE FROM queue WHERE src = ?', id);
  }

  /** Remembers the budgets of the socket `gone` for its id's next socket; forgets those that are full again. */
  private keepBudgets(gone: WebSocket, now: number): void {
    const attachment = attachmentOf(gone);
    if (!attachment) return;
    if (this.leftBudgets.size >= 1024) {
      for (const [key, left] of this.leftBudgets) {
        // A seat's key (seatBudgetKey) holds a participant's budgets.
        const frames = parsePeerId(key)?.isHost ? HOST_FRAMES : PARTICIPANT_FRAMES;
        if (isFull(left.frames, frames, now) && isFull(left.offers, OFFERS_PER_ID, now)) this.leftBudgets.delete(key);
      }
    }
    const left = { frames: attachment.frames, offers: attachment.offers };
    this.leftBudgets.set(attachment.id, left);
    // A socket seated by its token leaves its budgets to its seat's next socket too, whatever that one's id.
    if (!parsePeerId(attachment.id)?.isHost && attachment.tokenHash && this.seating().tokens.has(attachment.tokenHash)) {
      this.leftBudgets.set(seatBudgetKey(attachment.tokenHash), left);
    }
  }

  /** The host id's reservation row, if any. */
  private reservation(id: string): { token_hash: string; address: string; until: number } | undefined {
    return this.ctx.storage.sql
      .exec<{ token_hash: string; address: string; until: number }>(
        'SELECT token_hash, address, until FROM host_reservation WHERE id = ?',
        id,
      )
      .toArray()[0];
  }

  /** Creates the tables on first use. */
  private ensureSchema(): void {
    if (this.hasSchema) return;
    this.migrate();
    this.hasSchema = true;
  }

  /** Creates any missing table, first dropping the tables of an older SCHEMA_VERSION. */
  private migrate(): void {
    const sql = this.ctx.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
    const version = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'").toArray()[0]?.value;
    if (version !== SCHEMA_VERSION) {
      for (const table of TABLES) sql.exec(`DROP TABLE IF EXISTS ${table}`);
      sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", SCHEMA_VERSION);
    }
    for (const statement of SCHEMA) sql.exec(statement);
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

  /** Every live participant socket of this session without a seat, with its attachment. */
  private unseatedParticipants(now: number): { ws: WebSocket; attachment: Attachment }[] {
    const { aliveMs } = timeoutsOf(this.env);
    const out: { ws: WebSocket; attachment: Attachment }[] = [];
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = attachmentOf(ws);
      if (isLive(ws, attachment, now, aliveMs) && !parsePeerId(attachment.id)?.isHost && !this.isSeated(attachment)) {
        out.push({ ws, attachment });
      }
    }
    return out;
  }
}

/** `list` ready to look up, with the JSON it is stored as. */
function seatingOf(list: SeatList): Seating {
  return {
    locked: list.locked,
    tokens: new Set(list.tokens),
    ids: new Set(list.ids),
    stored: JSON.stringify([list.locked, list.tokens, list.ids]),
  };
}

/** Key of leftBudgets under which a seat's budgets wait for its next socket (peer ids never contain ':'). */
function seatBudgetKey(tokenHash: string): string {
  return `seat:${tokenHash}`;
}

/** The frame budget of a peer: the host answers every join, a participant only makes its own. */
function framesSpec(peer: PeerId): BucketSpec {
  return peer.isHost ? HOST_FRAMES : PARTICIPANT_FRAMES;
}

/** True when every budget of an address is full again (nothing to remember). */
function budgetsAreFull(budgets: AddressBudgets, now: number): boolean {
  return (
    isFull(budgets.connects, CONNECTS_PER_ADDRESS, now) &&
    isFull(budgets.offers, OFFERS_PER_ADDRESS, now) &&
    isFull(budgets.relayBytes, RELAY_BYTES_PER_ADDRESS, now) &&
    isFull(budgets.lookups, LOOKUPS_PER_ADDRESS, now)
  );
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

/**
 * The socket's attachment, or null when it has none or one of an older shape (dropped on the next check). One
 * written before sockets carried `tokenHash` and `connectedAt` reads as unseated by token and connected long ago.
 */
function attachmentOf(ws: WebSocket): Attachment | null {
  const value: unknown = ws.deserializeAttachment();
  if (typeof value !== 'object' || value === null) return null;
  const attachment = value as Attachment;
  if (typeof attachment.id !== 'string' || typeof attachment.frames !== 'object' || attachment.frames === null) {
    return null;
  }
  if (typeof attachment.tokenHash !== 'string') attachment.tokenHash = '';
  if (typeof attachment.connectedAt !== 'number') attachment.connectedAt = 0;
  return attachment;
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
