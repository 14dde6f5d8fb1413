// The PeerJS server protocol as the stock peerjs 1.5.x client speaks it, plus this product's peer id rules.
// Pure functions only: no sockets, no storage. Nothing here throws on bad input.
import { MAX_FRAME_BYTES, MAX_SEAT_ENTRIES, MAX_TOKEN_LENGTH } from './limits';

/** The API key the app passes to `new Peer(…, { key })`; the stock client puts it in every URL. */
export const API_KEY = 'peerjs';

/** Host id of a session: `sa-<4 digits>-host`. Group 1 is the session code. */
const HOST_ID = /^sa-(\d{4})-host$/;
/** Participant id: `sa-<4 digits>-<6–32 letters or digits>`. Group 1 is the session code. */
const PARTICIPANT_ID = /^sa-(\d{4})-[A-Za-z0-9]{6,32}$/;
/** A session code on its own, as used by /api/session/<code>. */
const SESSION_CODE = /^\d{4}$/;
/** Tokens: URL-safe characters only, so they survive the client's unescaped query string. */
const TOKEN = new RegExp(`^[A-Za-z0-9_.~-]{1,${MAX_TOKEN_LENGTH}}$`);
/** Length of the ids handed out by GET /peerjs/id. */
const RANDOM_ID_LENGTH = 16;
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Frame types the server sends. */
export const ServerType = {
  Open: 'OPEN',
  Error: 'ERROR',
  IdTaken: 'ID-TAKEN',
  Leave: 'LEAVE',
  Expire: 'EXPIRE',
} as const;

/** Client frame types the server forwards to `dst` (LEAVE too: a client may tell a peer it is going). */
export const RELAYED_TYPES = ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE'] as const;
/** One of RELAYED_TYPES. */
export type RelayedType = (typeof RELAYED_TYPES)[number];

/**
 * A valid client frame: a HEARTBEAT, a frame to relay with its (unchecked) destination and opaque payload, or this
 * Worker's own SEATS (host only; its payload still unchecked, see parseSeats).
 */
export type ClientFrame =
  | { type: 'HEARTBEAT' }
  | { type: 'SEATS'; payload: unknown }
  | { type: RelayedType; dst: string; payload: unknown };

/** What the host tells the Worker in a SEATS frame (docs/protocol.md, "SEATS"). */
export interface SeatList {
  /** True when the tasting takes no new players: unseated participant sockets are refused and closed. */
  locked: boolean;
  /** SHA-256 (lowercase hex) of the peer token of every seated phone. */
  tokens: string[];
  /** Participant peer ids of this session whose data channel joined. */
  ids: string[];
}

/** SHA-256 as 64 lowercase hex digits. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Outcome of parsing a client frame; on failure `close` says whether the socket must also be closed. */
export type FrameParse = { ok: true; frame: ClientFrame } | { ok: false; msg: string; close: boolean };

/** A peer id taken apart: its session code and whether it is the host. */
export interface PeerId {
  id: string;
  code: string;
  isHost: boolean;
}

/** Outcome of checking the websocket URL's query (`key`, `id`, `token`). */
export type ConnectParams = { ok: true; peer: PeerId; token: string } | { ok: false; msg: string };

/**
 * Parses a peer id. Returns null unless it is `sa-<4 digits>-host` or `sa-<4 digits>-<6–32 alnum>`.
 * The stock client's own id rule (`^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$`) accepts both shapes.
 */
export function parsePeerId(id: unknown): PeerId | null {
  if (typeof id !== 'string') return null;
  const host = HOST_ID.exec(id);
  if (host) return { id, code: host[1] as string, isHost: true };
  const participant = PARTICIPANT_ID.exec(id);
  if (participant) return { id, code: participant[1] as string, isHost: false };
  return null;
}

/** True when `token` is 1–MAX_TOKEN_LENGTH URL-safe characters, as peer tokens must be. */
export function isValidToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN.test(token);
}

/** True when `code` is a 4-digit session code. */
export function isSessionCode(code: string): boolean {
  return SESSION_CODE.test(code);
}

/** The host id of session `code` (`sa-<code>-host`). */
export function hostIdOf(code: string): string {
  return `sa-${code}-host`;
}

/**
 * Checks the query of the websocket URL `/peerjs?key=…&id=…&token=…&version=…`.
 * Missing key/id/token, a key other than API_KEY, an id outside the sa-… pattern or an unsafe token
 * give `{ ok: false, msg }`; the caller sends that msg in an ERROR frame and closes.
 */
export function parseConnectParams(url: URL): ConnectParams {
  const key = url.searchParams.get('key');
  const id = url.searchParams.get('id');
  const token = url.searchParams.get('token');
  if (!key || !id || !token) return { ok: false, msg: 'No id, token, or key supplied to websocket server' };
  if (key !== API_KEY) return { ok: false, msg: 'Invalid key provided' };
  const peer = parsePeerId(id);
  if (!peer) return { ok: false, msg: 'Invalid id: expected sa-<4 digits>-host or sa-<4 digits>-<6-32 letters or digits>' };
  if (!TOKEN.test(token)) return { ok: false, msg: 'Invalid token' };
  return { ok: true, peer, token };
}

/**
 * Parses one websocket frame from a client. Binary frames, frames over MAX_FRAME_BYTES (close: true),
 * malformed JSON, non-objects, unknown types and relayed frames without a string `dst` are failures with a
 * message for an ERROR frame. `src` in the frame is ignored: the server stamps it. SEATS passes with any payload:
 * who may send it and what it must hold are checked by the session (parseSeats).
 */
export function parseClientFrame(data: string | ArrayBuffer): FrameParse {
  if (typeof data !== 'string') return { ok: false, msg: 'Binary frames are not supported', close: false };
  // A UTF-16 unit encodes to at most 3 UTF-8 bytes: only measure exactly when it could matter.
  if (data.length * 3 > MAX_FRAME_BYTES && new TextEncoder().encode(data).byteLength > MAX_FRAME_BYTES) {
    return { ok: false, msg: `Frame larger than ${MAX_FRAME_BYTES} bytes`, close: true };
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, msg: 'Malformed JSON', close: false };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, msg: 'Frame must be a JSON object', close: false };
  }
  const { type, dst, payload } = value as Record<string, unknown>;
  if (type === 'HEARTBEAT') return { ok: true, frame: { type } };
  if (type === 'SEATS') return { ok: true, frame: { type, payload } };
  if (!isRelayedType(type)) {
    const shown = typeof type === 'string' ? type.slice(0, 32) : typeof type;
    return { ok: false, msg: `Unknown message type: ${shown}`, close: false };
  }
  if (typeof dst !== 'string' || dst === '') return { ok: false, msg: `${type} needs a dst`, close: false };
  return { ok: true, frame: { type, dst, payload } };
}

/**
 * Checks a SEATS payload from the host of session `code`: an object with `locked` a boolean, `tokens` an array of at
 * most MAX_SEAT_ENTRIES SHA-256 hex digests (64 lowercase hex digits), and `ids` an array of at most MAX_SEAT_ENTRIES
 * participant ids of session `code`. Other fields are ignored. Returns the list (duplicates kept), or null for
 * anything else. Never throws.
 */
export function parseSeats(payload: unknown, code: string): SeatList | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const { locked, tokens, ids } = payload as Record<string, unknown>;
  if (typeof locked !== 'boolean') return null;
  if (!Array.isArray(tokens) || tokens.length > MAX_SEAT_ENTRIES) return null;
  if (!Array.isArray(ids) || ids.length > MAX_SEAT_ENTRIES) return null;
  if (!tokens.every((token) => typeof token === 'string' && SHA256_HEX.test(token))) return null;
  const ofSession = (id: unknown) => {
    const peer = parsePeerId(id);
    return peer !== null && !peer.isHost && peer.code === code;
  };
  if (!ids.every(ofSession)) return null;
  return { locked, tokens: tokens as string[], ids: ids as string[] };
}

function isRelayedType(type: unknown): type is RelayedType {
  return (RELAYED_TYPES as readonly unknown[]).includes(type);
}

/** `{"type":"OPEN"}`: the id is registered to this socket. */
export function openFrame(): string {
  return JSON.stringify({ type: ServerType.Open });
}

/** `{"type":"ERROR","payload":{"msg":…}}`; the stock client aborts its Peer with `msg`. */
export function errorFrame(msg: string): string {
  return JSON.stringify({ type: ServerType.Error, payload: { msg } });
}

/** `{"type":"ID-TAKEN","payload":{"msg":"ID is taken"}}`: the id is held by a live socket with another token. */
export function idTakenFrame(): string {
  return JSON.stringify({ type: ServerType.IdTaken, payload: { msg: 'ID is taken' } });
}

/**
 * A frame as delivered to `dst`: `{type, src, dst, payload}` with `src` set by the server, plus `"seated": true` when
 * `seated` (an OFFER from a socket the host's SEATS names; the stock client ignores the extra field).
 */
export function relayFrame(type: RelayedType, src: string, dst: string, payload: unknown, seated = false): string {
  return JSON.stringify(seated ? { type, src, dst, payload, seated: true } : { type, src, dst, payload });
}

/** `LEAVE` telling `dst` that `src` is gone. */
export function leaveFrame(src: string, dst: string): string {
  return JSON.stringify({ type: ServerType.Leave, src, dst });
}

/** `EXPIRE` telling `dst` that its frames for the absent peer `src` were dropped unread. */
export function expireFrame(src: string, dst: string): string {
  return JSON.stringify({ type: ServerType.Expire, src, dst });
}

/** A fresh random id of letters and digits, as answered by GET /peerjs/id (unbiased; uses crypto). */
export function randomId(length = RANDOM_ID_LENGTH): string {
  let out = '';
  const limit = 256 - (256 % ALPHANUMERIC.length);
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return out;
}
