/**
 * Where the signaling Worker is and what it says: PeerJS options, ICE servers, session lookup.
 * The app talks to the Worker on its own origin by default (docs/screens.md#routes).
 */
import type { PeerOptions } from 'peerjs';

/** How long a lookup of the signaling Worker may take before we call it unreachable, in ms. */
export const SIGNALING_TIMEOUT_MS = 5000;

/**
 * What the signaling Worker says (in an ERROR frame, which peerjs turns into a `server-error`) to a phone without a
 * seat while the host has locked joining: the phone shows SESSION_LOCKED, recognising the message by that code at its
 * start (participant-link `linkErrorCode`). The Worker's `Refusal.Locked`; a test keeps the two equal.
 */
export const LOCKED_REFUSAL = 'SESSION_LOCKED: this tasting is closed to new players';

/** Peer id of a session's host (docs/protocol.md#peer-ids): `sa-<code>-host`. */
export function hostPeerId(code: string): string {
  return `sa-${code}-host`;
}

/** A fresh participant peer id `sa-<code>-<12 random lowercase alphanumerics>`. */
export function participantPeerId(code: string): string {
  return `sa-${code}-${randomAlnum(12)}`;
}

/** `n` random characters from [a-z0-9], from the platform CSPRNG. */
export function randomAlnum(n: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => (b % 36).toString(36)).join('');
}

/** `bytes` as lowercase hex, two digits a byte. */
const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** A 128-bit random secret as 32 lowercase hex digits (rejoin tokens, PeerJS tokens). */
export function randomToken(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * SHA-256 of the UTF-8 text `text`, as 64 lowercase hex digits. Browsers give `crypto.subtle` only to secure pages;
 * on a plain-http page (the app on a venue's LAN address, README) the same digest comes from @noble/hashes, loaded
 * only then, so phones on https never download it.
 */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  return hex(crypto.subtle ? await crypto.subtle.digest('SHA-256', bytes) : (await import('@noble/hashes/sha2.js')).sha256(bytes));
}

/**
 * The PeerJS token a phone that holds a seat registers with on the signaling Worker
 * (docs/protocol.md#seat-signaling-token): the first 32 lowercase hex digits of SHA-256 of the UTF-8 text
 * `"sa-signaling:" + seatToken`. The host knows every seat token, so it can tell the Worker which sockets belong to
 * seated phones (the SEATS frame carries the SHA-256 of this value) and the Worker lets them in past its limits for
 * strangers and its join lock. Derived, not the seat token itself: the PeerJS token travels in the socket's URL and
 * sits in the Worker's memory, while the seat token is what rejoins the seat. A phone without a seat registers with
 * a random token (`randomToken`).
 */
export async function seatSignalingToken(seatToken: string): Promise<string> {
  return (await sha256Hex('sa-signaling:' + seatToken)).slice(0, 32);
}

/** Thrown when the signaling Worker cannot be reached (network down, timeout, 5xx). */
export class SignalingUnreachableError extends Error {
  constructor(cause?: unknown) {
    super('signaling server unreachable', { cause });
  }
}

async function getJson(path: string, init?: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, cache: 'no-store', signal: AbortSignal.timeout(SIGNALING_TIMEOUT_MS) });
  } catch (e) {
    throw new SignalingUnreachableError(e);
  }
  // The cause is the HTTP status (a 429 too: the Worker's limits, docs/security.md, read as unreachable for now).
  if (!res.ok) throw new SignalingUnreachableError(res.status);
  try {
    return await res.json();
  } catch (e) {
    throw new SignalingUnreachableError(e);
  }
}

/** ICE servers from the Worker; `ttlSeconds` (how long its TURN credentials stay valid) when it gave TURN. */
export interface IceConfig {
  iceServers: RTCIceServer[];
  ttlSeconds?: unknown;
}

/**
 * ICE servers from the Worker's `POST /api/ice` for the registered peer `id` with `token` (in a JSON body, never in
 * a URL): STUN, plus TURN credentials valid `ttlSeconds` when the peer holds a live socket of a live session, or is
 * its host coming back (docs/protocol.md#signaling-endpoints). So ask once the Peer is open, and set them before
 * making a connection: PeerJS builds each RTCPeerConnection from `peer.options.config` when the connection is made.
 * @throws SignalingUnreachableError
 */
export async function fetchIceServers(id: string, token: string): Promise<IceConfig> {
  const body = (await getJson('/api/ice', { method: 'POST', body: JSON.stringify({ id, token }) })) as IceConfig;
  return Array.isArray(body?.iceServers) ? body : { iceServers: [] };
}

/**
 * Whether a host currently holds session `code` on the Worker (`GET /api/session/<code>` → `{ host: boolean }`).
 * @throws SignalingUnreachableError
 */
export async function isSessionLive(code: string): Promise<boolean> {
  const body = (await getJson(`/api/session/${encodeURIComponent(code)}`)) as { host?: unknown };
  return body?.host === true;
}

/** PeerJS options pointing at this origin's Worker (path `/`, key `peerjs`, so the socket is `/peerjs?key=peerjs…`). */
export function peerOptions(token: string, iceServers: RTCIceServer[]): PeerOptions {
  const secure = location.protocol === 'https:';
  return {
    host: location.hostname,
    port: Number(location.port) || (secure ? 443 : 80),
    secure,
    path: '/',
    key: 'peerjs',
    token,
    debug: 0,
    config: { iceServers },
  };
}
