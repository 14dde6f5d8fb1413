// GET /api/ice: the RTCPeerConnection `iceServers` the app should use, built from vars and secrets.
import { type Env, positiveInt } from './env';
import { DEFAULT_TURN_TTL_SECONDS } from './limits';

/** Name part of TURN usernames (`<expiry>:<name>`); coturn only checks the expiry and the HMAC. */
const TURN_USER_NAME = 'sommelier';

/** One entry of RTCConfiguration.iceServers. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Splits a var of urls separated by commas or whitespace; absent or blank gives []. */
export function splitUrls(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((url) => url !== '');
}

/** True when this deployment hands out TURN (TURN_URLS and the secret TURN_SECRET are both set). */
export function turnConfigured(env: Env): boolean {
  return splitUrls(env.TURN_URLS).length > 0 && Boolean(env.TURN_SECRET);
}

/** Lifetime of TURN credentials in seconds (TURN_TTL_SECONDS). */
export function turnTtlSeconds(env: Env): number {
  return positiveInt(env.TURN_TTL_SECONDS, DEFAULT_TURN_TTL_SECONDS);
}

/**
 * The ICE servers for a client at `nowMs` (ms since epoch): one STUN entry when STUN_URLS is set, and, when `turn`
 * (the client proved it is a peer of a live session), one TURN entry when both TURN_URLS and TURN_SECRET are set.
 * TURN credentials follow the time-limited shared-secret scheme of coturn's `use-auth-secret` ("TURN REST API"):
 * username = `<unix expiry seconds>:<name>`, credential = base64(HMAC-SHA1(secret, username)), valid for
 * TURN_TTL_SECONDS. coturn checks them when a relay is allocated; a relay already in use outlives them.
 */
export async function iceServers(env: Env, nowMs: number, turn: boolean): Promise<IceServer[]> {
  const servers: IceServer[] = [];
  const stun = splitUrls(env.STUN_URLS);
  if (stun.length > 0) servers.push({ urls: stun });
  const turnUrls = splitUrls(env.TURN_URLS);
  if (turn && turnUrls.length > 0 && env.TURN_SECRET) {
    const ttl = turnTtlSeconds(env);
    const username = `${Math.floor(nowMs / 1000) + ttl}:${TURN_USER_NAME}`;
    servers.push({ urls: turnUrls, username, credential: await hmacSha1Base64(env.TURN_SECRET, username) });
  }
  return servers;
}

/** base64(HMAC-SHA1(key, message)), both strings taken as UTF-8. */
export async function hmacSha1Base64(key: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-1' }, false, [
    'sign',
  ]);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)));
  return btoa(String.fromCharCode(...signature));
}
