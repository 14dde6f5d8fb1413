/**
 * Wire messages between a participant and the host, over a PeerJS data channel with `raw` serialization:
 * each message is one JSON text frame. Validated with valibot on receipt (docs/protocol.md): anything malformed,
 * oversized or not allowed is dropped and counted by the caller, never thrown through.
 *
 * The schemas below are the single source of the wire format: the message types are inferred from them, and the
 * snapshot schema is checked at compile time against the engine's `ParticipantView` (see `ViewMatchesEngine`).
 * Every object is strict (an unknown key fails validation), so a field cannot travel unnoticed.
 *
 * Changing the wire format (a field added, removed or retyped, a new message or error code):
 *   1. change the engine type (if any) and the schema here — the typecheck fails until both agree;
 *   2. bump PROTOCOL_VERSION — `messages.test.ts` keeps a fingerprint of the schemas per version and fails until
 *      you do, then tells you the fingerprint to record.
 * Phones and hosts of different versions then meet at the handshake: the host answers a join or rejoin of another
 * version with `error PROTOCOL_MISMATCH` carrying its own version, and the phone says which side must update.
 * The handshake shapes (`join`/`rejoin` with `v`, `error` with `code` and `v`) are read by every version: never
 * change them.
 */
import * as v from 'valibot';
import { CATEGORIES, PHASES } from '../engine/types';
import type { ParticipantView } from '../engine/view';
import type { Equals } from '../lib/type-equals';

/** The wire format's version; sent in join/rejoin/welcome/error. Bump it on any schema change (see above). */
export const PROTOCOL_VERSION = 3;
/** Largest frame a host accepts from a participant, in bytes of JSON text (every intent is well under 300). */
export const MAX_CLIENT_FRAME_BYTES = 2048;
/** Largest frame a participant accepts from the host (a snapshot with 30 players is about 3 KB). */
export const MAX_HOST_FRAME_BYTES = 16_000;
/** A participant pings this often while its channel is open, in ms; the host answers each ping with a pong. */
export const HEARTBEAT_INTERVAL_MS = 2000;
/** A channel silent this long is dead (a closed tab may never fire `close`; docs/architecture.md#peerjs-and-browser-facts), in ms. */
export const HEARTBEAT_TIMEOUT_MS = 6500;

/** Error codes a host may send in an `error` message (part of the wire format: adding one is a schema change). */
export const ERROR_CODES = [
  'SESSION_NOT_FOUND',
  'GAME_STARTED',
  'SESSION_FULL',
  'SESSION_LOCKED',
  'SIGNALING_UNREACHABLE',
  'HOST_UNREACHABLE',
  'INVALID_REJOIN',
  'PROTOCOL_MISMATCH',
  'REMOVED',
] as const;
export type WireErrorCode = (typeof ERROR_CODES)[number];
/**
 * Codes a phone finds by itself and never receives: BROWSER_UNSUPPORTED (no WebRTC, storage or secure page;
 * docs/robustness.md).
 */
export const LOCAL_ERROR_CODES = ['BROWSER_UNSUPPORTED'] as const;
/** Every error code shown to participants (docs/protocol.md#error-codes). */
export type ErrorCode = WireErrorCode | (typeof LOCAL_ERROR_CODES)[number];

const Token = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/));
const ShortId = v.pipe(v.string(), v.maxLength(40));

/**
 * Participant -> host. The only intents a participant has: join, rejoin, answer, leave (docs/protocol.md).
 * `ping` carries no intent: it only proves the channel is alive (HEARTBEAT_INTERVAL_MS).
 */
export const ClientMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('ping') }),
  v.strictObject({ type: v.literal('join'), v: v.literal(PROTOCOL_VERSION) }),
  v.strictObject({ type: v.literal('rejoin'), v: v.literal(PROTOCOL_VERSION), token: Token }),
  v.strictObject({ type: v.literal('answer'), questionId: ShortId, optionId: ShortId }),
  v.strictObject({ type: v.literal('leave') }),
]);
/**
 * The part of a join or rejoin every version shares, whatever else a newer one adds: enough to tell a phone of
 * another version that it is one.
 */
const HandshakeSchema = v.looseObject({ type: v.picklist(['join', 'rejoin']), v: v.number() });
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

const OptionSchema = v.strictObject({ id: v.string(), text: v.string() });
const ViewSchema = v.strictObject({
  code: v.string(),
  title: v.string(),
  phase: v.picklist(PHASES),
  pseudonym: v.string(),
  wineIndex: v.number(),
  wineName: v.nullable(v.string()),
  wineCount: v.number(),
  players: v.number(),
  maxPlayers: v.number(),
  question: v.nullable(
    v.strictObject({
      id: v.string(),
      category: v.picklist(CATEGORIES),
      index: v.number(),
      count: v.number(),
      options: v.array(OptionSchema),
      remainingMs: v.number(),
      correctOptionId: v.nullable(v.string()),
    }),
  ),
  selectedOptionId: v.nullable(v.string()),
  lastPoints: v.nullable(v.number()),
  score: v.number(),
  rank: v.number(),
  leaderboard: v.array(
    v.strictObject({ pseudonym: v.string(), score: v.number(), rank: v.number(), winePoints: v.optional(v.number()) }),
  ),
});

/**
 * Compile-time check: the snapshot schema describes exactly the engine's `ParticipantView`. A field added to one
 * and not the other makes this `false`, and the assignment below fails the typecheck.
 */
type ViewMatchesEngine = Equals<v.InferOutput<typeof ViewSchema>, ParticipantView>;
const viewMatchesEngine: ViewMatchesEngine = true;
void viewMatchesEngine;

/** Host -> participant. */
export const HostMessageSchema = v.variant('type', [
  /** Seat granted: keep `token` to rejoin. */
  v.strictObject({ type: v.literal('welcome'), v: v.literal(PROTOCOL_VERSION), pseudonym: v.string(), token: Token }),
  /** Full snapshot for this participant. */
  v.strictObject({ type: v.literal('state'), view: ViewSchema }),
  /**
   * Join refused or protocol error; the host closes the channel after it. `v` is the host's PROTOCOL_VERSION (hosts
   * of version 1 before this field did not send it). Part of the handshake: keys other versions may add are ignored.
   */
  v.object({ type: v.literal('error'), code: v.picklist(ERROR_CODES), v: v.optional(v.number()) }),
  /** Another device (or tab) took this seat; this one should stop reconnecting. */
  v.strictObject({ type: v.literal('moved') }),
  /** The host removed this participant. */
  v.strictObject({ type: v.literal('removed') }),
  /** Answer to a ping: the host is alive. */
  v.strictObject({ type: v.literal('pong') }),
]);
export type HostMessage = v.InferOutput<typeof HostMessageSchema>;

/** The host's `error` message for `code`, stamped with the host's protocol version. */
export function hostError(code: WireErrorCode): HostMessage {
  return { type: 'error', code, v: PROTOCOL_VERSION };
}

/** Why a frame was dropped. `other_version`: a join or rejoin of another PROTOCOL_VERSION (answer PROTOCOL_MISMATCH). */
export type DropReason = 'not_text' | 'too_big' | 'bad_json' | 'bad_shape' | 'other_version';

/** Result of decoding one frame: the message, or why it was dropped (with the sender's version for `other_version`). */
export type Decoded<T> =
  | { ok: true; message: T }
  | { ok: false; reason: Exclude<DropReason, 'other_version'> }
  | { ok: false; reason: 'other_version'; version: number };

type FrameDrop = { ok: false; reason: Exclude<DropReason, 'other_version'> };

function parseFrame(frame: unknown, maxBytes: number): { ok: true; data: unknown } | FrameDrop {
  if (typeof frame !== 'string') return { ok: false, reason: 'not_text' };
  // UTF-16 length is a lower bound of UTF-8 bytes and an upper bound of a third of them: good enough as a cap.
  if (frame.length > maxBytes) return { ok: false, reason: 'too_big' };
  try {
    return { ok: true, data: JSON.parse(frame) };
  } catch {
    return { ok: false, reason: 'bad_json' };
  }
}

/** Decodes a participant's frame on the host (size cap, JSON, schema, protocol version). Never throws. */
export function decodeClientMessage(frame: unknown): Decoded<ClientMessage> {
  const parsed = parseFrame(frame, MAX_CLIENT_FRAME_BYTES);
  if (!parsed.ok) return parsed;
  const message = v.safeParse(ClientMessageSchema, parsed.data);
  if (message.success) return { ok: true, message: message.output };
  const handshake = v.safeParse(HandshakeSchema, parsed.data);
  if (handshake.success && handshake.output.v !== PROTOCOL_VERSION)
    return { ok: false, reason: 'other_version', version: handshake.output.v };
  return { ok: false, reason: 'bad_shape' };
}

/** Decodes a host frame on a participant (size cap, JSON, schema). Never throws. */
export function decodeHostMessage(frame: unknown): Decoded<HostMessage> {
  const parsed = parseFrame(frame, MAX_HOST_FRAME_BYTES);
  if (!parsed.ok) return parsed;
  const message = v.safeParse(HostMessageSchema, parsed.data);
  return message.success ? { ok: true, message: message.output } : { ok: false, reason: 'bad_shape' };
}

/** Encodes any message as one JSON text frame. */
export function encode(message: ClientMessage | HostMessage): string {
  return JSON.stringify(message);
}
