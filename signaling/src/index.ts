// The Worker: routes the PeerJS API and the app's small JSON API; everything else is the built PWA (assets).
import { ADDRESS_HEADER, clientAddress } from './address';
import type { Env } from './env';
import { json, refuseWebSocket, tooManyRequests } from './http';
import { iceServers } from './ice';
import { LOOKUPS_PER_ADDRESS } from './limits';
import { errorFrame, isSessionCode, parseConnectParams, randomId } from './protocol';

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
   * - `GET /api/ice` → `{ iceServers }`; `GET /api/session/<code>` → `{ code, host }`.
   * - `/assets/…` (the build's hashed files) → that file, or 404 when this deployment has no such file.
   * - anything else → static assets (SPA fallback), or 404 JSON under /peerjs and /api.
   */
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;

    if (path === PEERJS_ROOT || path === `${PEERJS_ROOT}/`) {
      if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return json(BANNER);
      const params = parseConnectParams(url);
      if (!params.ok) return refuseWebSocket(errorFrame(params.msg), 'Invalid parameters');
      // The session object counts per client address; whatever a client sent under that header is replaced.
      const forwarded = new Request(request);
      forwarded.headers.set(ADDRESS_HEADER, clientAddress(request).key);
      return env.SESSIONS.get(env.SESSIONS.idFromName(params.peer.code)).fetch(forwarded);
    }
    if (path === `${PEERJS_ROOT}/id`) {
      return new Response(randomId(), { headers: TEXT_NO_STORE });
    }
    if (path === '/api/ice') {
      return json({ iceServers: await iceServers(env, Date.now()) });
    }
    const status = SESSION_STATUS.exec(path);
    if (status) {
      const code = status[1] as string;
      if (!isSessionCode(code)) return json({ error: 'Session code must be 4 digits' }, 400);
      const host = await env.SESSIONS.get(env.SESSIONS.idFromName(code)).hostOnline(code, clientAddress(request).key);
      if (host === null) return tooManyRequests(1 / LOOKUPS_PER_ADDRESS.perSecond);
      return json({ code, host });
    }
    if (path.startsWith(`${PEERJS_ROOT}/`) || path.startsWith('/api/')) return json({ error: 'Not found' }, 404);
    if (path.startsWith(HASHED_ASSETS)) return hashedAsset(request, env);
    return env.ASSETS ? env.ASSETS.fetch(request) : json({ error: 'Not found' }, 404);
  },
} satisfies ExportedHandler<Env>;

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
