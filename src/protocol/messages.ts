/**
 * Wire messages between a participant and the host, over a PeerJS data channel with `raw` serialization:
 * each message is one JSON text frame. Validated with valibot on receipt (DESIGN §7): anything malformed,
 * oversized or not allowed is dropped and counted by the caller, never thrown through.
 */
import * as v from 'valibot';
import { CATEGORIES, PHASES } from '../engine/types';
import type { ParticipantView } from '../engine/view';

/** Bumped whenever a message shape changes incompatibly; sent in join/rejoin. */
export const PROTOCOL_VERSION = 1;
/** Largest frame a host accepts from a participant, in bytes of JSON text (every intent is well under 300). */
export const MAX_CLIENT_FRAME_BYTES = 2048;
/** Largest frame a participant accepts from the host (a snapshot with 30 players is about 3 KB). */
export const MAX_HOST_FRAME_BYTES = 16_000;
/** A participant pings this often while its channel is open, in ms; the host answers each ping with a pong. */
export const HEARTBEAT_INTERVAL_MS = 2000;
/** A channel silent this long is dead (a closed tab may never fire `close`; FIELD-NOTES), in ms. */
export const HEARTBEAT_TIMEOUT_MS = 6500;

/** Error codes shown to participants (ACCEPTANCE "Error codes"). */
export const ERROR_CODES = [
  'SESSION_NOT_FOUND',
  'GAME_STARTED',
  'SESSION_FULL',
  'SIGNALING_UNREACHABLE',
  'HOST_UNREACHABLE',
  'INVALID_REJOIN',
  'PROTOCOL_MISMATCH',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const Token = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/));
const ShortId = v.pipe(v.string(), v.maxLength(40));

/**
 * Participant -> host. The only intents a participant has: join, rejoin, answer, leave (DESIGN §7).
 * `ping` carries no intent: it only proves the channel is alive (HEARTBEAT_INTERVAL_MS).
 */
export const ClientMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('ping') }),
  v.strictObject({ type: v.literal('join'), v: v.number() }),
  v.strictObject({ type: v.literal('rejoin'), v: v.number(), token: Token }),
  v.strictObject({ type: v.literal('answer'), questionId: ShortId, optionId: ShortId }),
  v.strictObject({ type: v.literal('leave') }),
]);
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

const OptionSchema = v.object({ id: v.string(), text: v.string() });
const ViewSchema = v.object({
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
    v.object({
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
    v.object({ pseudonym: v.string(), score: v.number(), rank: v.number(), winePoints: v.optional(v.number()) }),
  ),
});

/** Host -> participant. */
export const HostMessageSchema = v.variant('type', [
  /** Seat granted: keep `token` to rejoin. */
  v.object({ type: v.literal('welcome'), v: v.number(), pseudonym: v.string(), token: Token }),
  /** Full snapshot for this participant. */
  v.object({ type: v.literal('state'), view: ViewSchema }),
  /** Join refused or protocol error; the host closes the channel after it. */
  v.object({ type: v.literal('error'), code: v.picklist(ERROR_CODES) }),
  /** Another device (or tab) took this seat; this one should stop reconnecting. */
  v.object({ type: v.literal('moved') }),
  /** The host removed this participant. */
  v.object({ type: v.literal('removed') }),
  /** Answer to a ping: the host is alive. */
  v.object({ type: v.literal('pong') }),
]);
export type HostMessage =
  | { type: 'welcome'; v: number; pseudonym: string; token: string }
  | { type: 'state'; view: ParticipantView }
  | { type: 'error'; code: ErrorCode }
  | { type: 'moved' }
  | { type: 'removed' }
  | { type: 'pong' };

/** Why a frame was dropped. */
export type DropReason = 'not_text' | 'too_big' | 'bad_json' | 'bad_shape';

/** Result of decoding one frame: the message, or why it was dropped. */
export type Decoded<T> = { ok: true; message: T } | { ok: false; reason: DropReason };

function decode<T>(frame: unknown, maxBytes: number, schema: v.GenericSchema<unknown, T>): Decoded<T> {
  if (typeof frame !== 'string') return { ok: false, reason: 'not_text' };
  // UTF-16 length is a lower bound of UTF-8 bytes and an upper bound of a third of them: good enough as a cap.
  if (frame.length > maxBytes) return { ok: false, reason: 'too_big' };
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return { ok: false, reason: 'bad_json' };
  }
  const parsed = v.safeParse(schema, data);
  return parsed.success ? { ok: true, message: parsed.output } : { ok: false, reason: 'bad_shape' };
}

/** Decodes a participant's frame on the host (size cap, JSON, schema). Never throws. */
export function decodeClientMessage(frame: unknown): Decoded<ClientMessage> {
  return decode(frame, MAX_CLIENT_FRAME_BYTES, ClientMessageSchema);
}

/** Decodes a host frame on a participant. Never throws. */
export function decodeHostMessage(frame: unknown): Decoded<HostMessage> {
  return decode(frame, MAX_HOST_FRAME_BYTES, HostMessageSchema as v.GenericSchema<unknown, HostMessage>);
}

/** Encodes any message as one JSON text frame. */
export function encode(message: ClientMessage | HostMessage): string {
  return JSON.stringify(message);
}
