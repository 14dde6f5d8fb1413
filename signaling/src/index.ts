// The Worker: routes the PeerJS API and the app's small JSON API; everything else is the built PWA (assets).
import { ADDRESS_HEADER, type ClientAddress, clientAddress } from './address';
import type { Env } from './env';
import { json, refuseWebSocket, tooManyRequests } from './http';
import { iceServers, turnConfigured, turnTtlSeconds } from './ice';
import { type Verdict, limiterOf } from './limiter';
import { LOOKUPS_PER_ADDRESS } from './limits';
import { originAllowed } from './origin';
import {
  type PeerId,
  errorFrame,
  isSessionCode,
  isValidToken,
  parseConnectParams,
  parsePeerId,
  randomId,
} from './protocol';
import { Refusal } from './session';

export { AddressLimiter } from './limiter';
export { SignalingSession } from './session';

/** Where the stock client looks for the server: `path: '/'` + `key: 'peerjs'` → `/peerjs/id`, `/peerjs?…`. */
const PEERJS_ROOT = '/peerjs';
/** GET /api/session/<4 digits>. */
const SESSION_STATUS = /^\/api\/session\/([^/]*)$/;
/** Where the build's hashed files live (Vite's `build.assetsDir`). */
const HASHED_ASSETS = '/assets/';
/** Answer of GET /peerjs (no upgrade), like the reference server's banner. */
const BANNER = { name: 'Sommelier Arena signaling', description: 'PeerJS server protocol for session peers' };
const TEXT_NO_STORE = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

export default {
  /**
   * Routes:
   * - `GET /peerjs/id` → a fresh random id (text/plain). Ids must still carry a session code to connect.
   * - `GET /peerjs?key&id&token` with `Upgrade: websocket` → the SignalingSession named by the id's 4 digits;
   *   bad key/id/token → ERROR frame then close. Without upgrade → a JSON banner.
   * - `GET /api/ice` → `{ iceServers }` (STUN only); `POST /api/ice` with `{ id, token }` of a live peer →
   *   `{ iceServers, ttlSeconds }` with TURN credentials; `GET /api/session/<code>` → `{ code, host }`.
   * - `/assets/…` (the build's hashed files) → that file, or 404 when this deployment has no such file.
   * - anything else → static assets (SPA fallback), or 404 JSON under /peerjs and /api.
   * The socket and `/api/*` refuse pages of other origins (403, see origin.ts); a participant socket and a lookup
   * of a session code the client address has not used lately count against its budget of new codes (limiter.ts).
   */
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const isApi = path.startsWith('/api/');

    if ((path === PEERJS_ROOT || path === `${PEERJS_ROOT}/` || isApi) && !originAllowed(request, env)) {
      return json({ error: 'Requests from pages of another origin are refused' }, 403);
    }
    if (path === PEERJS_ROOT || path === `${PEERJS_ROOT}/`) {
      if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return json(BANNER);
      const params = parseConnectParams(url);
      if (!params.ok) return refuseWebSocket(errorFrame(params.msg), 'Invalid parameters');
      const client = clientAddress(request);
      // Host claims are counted by the session object, which alone knows a new claim from the host coming back.
      if (!params.peer.isHost) {
        const verdict = await touch(env, client, params.peer.code);
        if (!verdict.ok) return refuseWebSocket(errorFrame(Refusal.TooManyCodes), Refusal.TooManyCodes);
      }
      // The session object counts per client address; whatever a client sent under that header is replaced.
      const forwarded = new Request(request);
      forwarded.headers.set(ADDRESS_HEADER, client.key);
      return env.SESSIONS.get(env.SESSIONS.idFromName(params.peer.code)).fetch(forwarded);
    }
    if (path === `${PEERJS_ROOT}/id`) {
      return new Response(randomId(), { headers: TEXT_NO_STORE });
    }
    if (path === '/api/ice') return ice(request, env);
    const status = SESSION_STATUS.exec(path);
    if (status) {
      const code = status[1] as string;
      if (!isSessionCode(code)) return json({ error: 'Session code must be 4 digits' }, 400);
      const client = clientAddress(request);
      // Refused before the session object is even woken: a scan costs this address, not the sessions.
      const verdict = await touch(env, client, code);
      if (!verdict.ok) return tooManyRequests(verdict.retryAfterMs / 1000);
      const host = await env.SESSIONS.get(env.SESSIONS.idFromName(code)).hostOnline(code, client.key);
      if (host === null) return tooManyRequests(1 / LOOKUPS_PER_ADDRESS.perSecond);
      return json({ code, host });
    }
    if (path.startsWith(`${PEERJS_ROOT}/`) || path.startsWith('/api/')) return json({ error: 'Not found' }, 404);
    if (path.startsWith(HASHED_ASSETS)) return hashedAsset(request, env);
    return env.ASSETS ? env.ASSETS.fetch(request) : json({ error: 'Not found' }, 404);
  },
} satisfies ExportedHandler<Env>;

/**
 * `/api/ice`. GET: the STUN servers, for anyone. POST with a JSON body `{ "id": peer id, "token": its token }` from a
 * peer that holds a live socket (or the host coming back within its grace): STUN plus TURN with credentials valid
 * TURN_TTL_SECONDS (`ttlSeconds` in the answer). The token travels in the body, never in a URL. 400 for a body that
 * is not such JSON; 429 past the address's budgets; 200 without TURN for a peer that proves nothing.
 */
async function ice(request: Request, env: Env): Promise<Response> {
  const now = Date.now();
  if (request.method === 'GET' || request.method === 'HEAD') return json({ iceServers: await iceServers(env, now, false) });
  if (request.method !== 'POST') return json({ error: 'Use GET, or POST with {"id","token"}' }, 405);
  const proof = await readIceProof(request);
  if (!proof) return json({ error: 'Body must be JSON {"id": "<peer id>", "token": "<its token>"}' }, 400);
  // Without TURN there is nothing to guard: the STUN list, with no limiter or session object asked (every phone
  // asks on every attempt, and a probe must not wake the object of a code nobody uses).
  if (!turnConfigured(env)) return json({ iceServers: await iceServers(env, now, false) });
  const client = clientAddress(request);
  const verdict = await touch(env, client, proof.peer.code);
  if (!verdict.ok) return tooManyRequests(verdict.retryAfterMs / 1000);
  const session = env.SESSIONS.get(env.SESSIONS.idFromName(proof.peer.code));
  const grant = await session.iceGrant(proof.peer.id, proof.token, client.key);
  if (grant === null) return tooManyRequests(1 / LOOKUPS_PER_ADDRESS.perSecond);
  const servers = await iceServers(env, now, grant);
  const ttlSeconds = turnTtlSeconds(env);
  return json(servers.some((s) => s.username !== undefined) ? { iceServers: servers, ttlSeconds } : { iceServers: servers });
}

/** Largest POST /api/ice body read, in bytes (an id and a token are under 200). */
const MAX_ICE_BODY_BYTES = 1024;

/** The `{ id, token }` of a POST /api/ice body, checked like the socket's query; null when it is anything else. */
async function readIceProof(request: Request): Promise<{ peer: PeerId; token: string } | null> {
  const text = await readAtMost(request, MAX_ICE_BODY_BYTES);
  if (text === null) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const { id, token } = body as Record<string, unknown>;
  const peer = parsePeerId(id);
  return peer && isValidToken(token) ? { peer, token } : null;
}

/**
 * The body of `request` as text, or null when it is longer than `maxBytes` (reading stops there: a huge body is
 * never held in memory) or cannot be read.
 */
async function readAtMost(request: Request, maxBytes: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return null;
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Counts a touch of session `code` by `client` (free for loopback clients, see address.ts). */
function touch(env: Env, client: ClientAddress, code: string): Promise<Verdict> | Verdict {
  return client.loopback ? { ok: true } : limiterOf(env, client.key).touch(client.key, code);
}

/**
 * A hashed file of the build. One this deployment lacks (a chunk of another build, asked by a page opened before a
 * deploy) is a 404, never the SPA fallback's index.html with 200: the page then tells the person to reload instead
 * of running HTML as a script (docs/robustness.md, "Deploys").
 */
async function hashedAsset(request: Request, env: Env): Promise<Response> {
  const response = env.ASSETS ? await env.ASSETS.fetch(request) : null;
  if (!response || response.headers.get('content-type')?.startsWith('text/html')) {
    return new Response('Not found', { status: 404, headers: TEXT_NO_STORE });
  }
  return response;
}
