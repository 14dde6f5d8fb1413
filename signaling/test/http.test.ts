// The Worker's plain HTTP routes: /peerjs/id, /peerjs banner, /api/ice, /api/session/<code>, /assets/…, 404s.
import { env, SELF } from 'cloudflare:test';
import type { Env } from '../src/env';
import worker from '../src/index';
import { describe, expect, it } from 'vitest';
import { hmacSha1Base64 } from '../src/ice';
import { eventually, join } from './helpers';

/** TURN vars of vitest.config.mts. */
const TURN_SECRET = 'test-secret';
const TURN_TTL_SECONDS = 600;

async function get(path: string): Promise<Response> {
  return SELF.fetch(`http://localhost${path}`);
}

describe('GET /peerjs/id', () => {
  it('returns a fresh random id as plain text', async () => {
    const first = await get('/peerjs/id?ts=1234.5&version=1.5.5');
    const second = await get('/peerjs/id');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/plain/);
    const [a, b] = [await first.text(), await second.text()];
    expect(a).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(b).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(a).not.toBe(b);
  });
});

describe('GET /peerjs without upgrade', () => {
  it('answers a JSON banner', async () => {
    const response = await get('/peerjs');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: expect.any(String) });
  });
});

describe('/api/ice', () => {
  /** POST /api/ice with `body` (JSON-encoded unless a string). */
  async function post(body: unknown): Promise<Response> {
    return SELF.fetch('http://localhost/api/ice', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
  type Servers = { iceServers: { urls: string[]; username?: string; credential?: string }[]; ttlSeconds?: number };
  const STUN = { urls: ['stun:stun.test.invalid:3478'] };

  it('GET gives the STUN servers and never TURN credentials', async () => {
    const response = await get('/api/ice');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ iceServers: [STUN] });
  });

  it('POST by a live peer of a live session gives TURN with time-limited HMAC-SHA1 credentials', async () => {
    const host = await join('sa-5101-host', 'host-token');
    const guest = await join('sa-5101-guest01', 'guest-token');
    const before = Math.floor(Date.now() / 1000);
    for (const proof of [{ id: guest.id, token: 'guest-token' }, { id: host.id, token: 'host-token' }]) {
      const response = await post(proof);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const { iceServers, ttlSeconds } = (await response.json()) as Servers;
      expect(ttlSeconds).toBe(TURN_TTL_SECONDS);
      expect(iceServers).toHaveLength(2);
      expect(iceServers[0]).toEqual(STUN);
      const turn = iceServers[1] as { urls: string[]; username: string; credential: string };
      expect(turn.urls).toEqual(['turn:turn.test.invalid:3478?transport=udp']);
      const [expiry, name] = turn.username.split(':');
      expect(name).toBe('sommelier');
      expect(Number(expiry)).toBeGreaterThanOrEqual(before + TURN_TTL_SECONDS);
      expect(Number(expiry)).toBeLessThan(before + TURN_TTL_SECONDS + 60);
      const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(TURN_SECRET), { name: 'HMAC', hash: 'SHA-1' }, false, [
        'verify',
      ]);
      const signature = Uint8Array.from(atob(turn.credential), (c) => c.charCodeAt(0));
      expect(await crypto.subtle.verify('HMAC', key, signature, new TextEncoder().encode(turn.username))).toBe(true);
    }
    host.close();
    guest.close();
  });

  it('POST gives no TURN to a wrong token, an absent peer, or a participant of a session without a host', async () => {
    const host = await join('sa-5102-host', 'host-token');
    const guest = await join('sa-5102-guest01', 'guest-token');
    const lonely = await join('sa-5103-guest01', 'lonely-token');
    for (const proof of [
      { id: guest.id, token: 'host-token' },
      { id: host.id, token: 'guest-token' },
      { id: 'sa-5102-nobody1', token: 'guest-token' },
      { id: lonely.id, token: 'lonely-token' },
    ]) {
      const response = await post(proof);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ iceServers: [STUN] });
    }
    for (const peer of [host, guest, lonely]) peer.close();
  });

  it('POST gives TURN to a host coming back within its grace, with its own token only', async () => {
    const host = await join('sa-5104-host', 'host-token');
    host.close();
    await host.closed();
    expect(((await (await post({ id: host.id, token: 'host-token' })).json()) as Servers).iceServers).toHaveLength(2);
    expect(await (await post({ id: host.id, token: 'not-the-host' })).json()).toEqual({ iceServers: [STUN] });
  });

  it.each([
    ['not JSON', 'token=abc'],
    ['a JSON array', '[]'],
    ['no token', { id: 'sa-5105-host' }],
    ['a bad id', { id: 'host', token: 'abc' }],
    ['a token with unsafe characters', { id: 'sa-5105-host', token: '<script>' }],
    ['a huge body', { id: 'sa-5105-host', token: 'a', pad: 'x'.repeat(5000) }],
  ])('POST answers 400 for %s', async (_what, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it('answers 405 to other methods', async () => {
    expect((await SELF.fetch('http://localhost/api/ice', { method: 'PUT' })).status).toBe(405);
  });

  it('POST stops reading a streamed body past 1 KB (no content-length) and answers 400', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 1000) controller.close();
        else controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
      },
    });
    const response = await worker.fetch(new Request('http://localhost/api/ice', { method: 'POST', body }), env as Env);
    expect(response.status).toBe(400);
    expect(pulled).toBeLessThan(10);
  });

  it('POST without TURN configured answers STUN at once: no address budget spent, no session object asked', async () => {
    const asked = () => {
      throw new Error('a Durable Object was asked');
    };
    const objects = { idFromName: asked, get: asked } as unknown as Env['SESSIONS'];
    const noTurn = { ...(env as Env), TURN_SECRET: '', SESSIONS: objects, LIMITER: objects as unknown as Env['LIMITER'] };
    // A public address (with TURN, its 31st new code would be refused: limits/address.test.ts).
    for (let i = 0; i < 40; i++) {
      const request = new Request('http://localhost/api/ice', {
        method: 'POST',
        headers: { 'CF-Connecting-IP': '192.0.2.77' },
        body: JSON.stringify({ id: `sa-${5200 + i}-probe01`, token: 'probe' }),
      });
      const response = await worker.fetch(request, noTurn);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ iceServers: [STUN] });
    }
  });

  it('computes HMAC-SHA1 as RFC 2202 test case 2 says', async () => {
    expect(await hmacSha1Base64('Jefe', 'what do ya want for nothing?')).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk=');
  });
});

describe('GET /api/session/<code>', () => {
  async function status(code: string): Promise<{ code: string; host: boolean }> {
    const response = await get(`/api/session/${code}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return response.json();
  }

  it('tells whether the host id of the code holds a live socket', async () => {
    expect(await status('5001')).toEqual({ code: '5001', host: false });
    const guest = await join('sa-5001-guest1');
    expect(await status('5001')).toEqual({ code: '5001', host: false });
    const host = await join('sa-5001-host');
    expect(await status('5001')).toEqual({ code: '5001', host: true });
    expect(await status('5002')).toEqual({ code: '5002', host: false });
    host.close();
    expect(await eventually(async () => (await status('5001')).host, false)).toBe(false);
    guest.close();
  });

  it.each(['123', '12345', 'abcd', '12%2034', ''])('answers 400 for the code %j', async (code) => {
    const response = await get(`/api/session/${code}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });
});

describe('unknown API paths', () => {
  it.each(['/api/nope', '/peerjs/peers', '/api/session/1234/extra'])('answers 404 JSON for %s', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not found' });
  });
});

describe('the build\'s hashed files (/assets/…)', () => {
  /** The static assets binding as Workers answers with the single-page-application fallback. */
  const assets = (files: Record<string, string>): Fetcher =>
    ({
      fetch: async (input: RequestInfo | URL) => {
        const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
        const body = files[path];
        return body === undefined
          ? new Response('<!doctype html><title>app</title>', { headers: { 'content-type': 'text/html' } })
          : new Response(body, { headers: { 'content-type': 'text/javascript' } });
      },
    }) as unknown as Fetcher;

  it('serves a file the deployment has', async () => {
    const response = await worker.fetch(new Request('http://localhost/assets/Play-abc123.js'), {
      ...(env as Env),
      ASSETS: assets({ '/assets/Play-abc123.js': 'export{}' }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('export{}');
  });

  // Regression (issue 9.3): a chunk of the previous build was answered with index.html and status 200.
  it('answers 404 for one it lacks, never the app page', async () => {
    const response = await worker.fetch(new Request('http://localhost/assets/Dashboard-0ldhash.js'), { ...(env as Env), ASSETS: assets({}) });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).not.toMatch(/html/);
  });
});

describe('pages of other origins', () => {
  const socket = (headers: Record<string, string>) =>
    SELF.fetch('http://localhost/peerjs?key=peerjs&id=sa-6001-abcdef&token=t&version=1.5.5', {
      headers: { Upgrade: 'websocket', ...headers },
    });

  it.each(['http://evil.test.invalid', 'null', 'http://localhost:1234', 'https://localhost'])(
    'refuses the socket and the API to a page of %s',
    async (origin) => {
      const refused = await socket({ Origin: origin });
      expect(refused.status).toBe(403);
      expect(refused.webSocket).toBeNull();
      for (const path of ['/api/session/6001', '/api/ice']) {
        const response = await SELF.fetch(`http://localhost${path}`, { headers: { Origin: origin } });
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({ error: expect.any(String) });
      }
    },
  );

  it('refuses a cross-site request that carries no Origin (Sec-Fetch-Site says where it comes from)', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await SELF.fetch('http://localhost/api/session/6001', { headers: { 'Sec-Fetch-Site': site } });
      expect(response.status).toBe(403);
    }
  });

  it('lets through its own origin, ALLOWED_ORIGINS, same-origin requests without Origin, and non-browsers', async () => {
    for (const headers of [{ Origin: 'http://localhost' }, { Origin: 'https://allowed.test.invalid' }, {}] as Record<string, string>[]) {
      const response = await socket(headers);
      expect(response.status).toBe(101);
      response.webSocket?.accept();
      response.webSocket?.close();
    }
    const cases: Record<string, string>[] = [{ 'Sec-Fetch-Site': 'same-origin' }, { 'Sec-Fetch-Site': 'none' }, { Origin: 'http://localhost' }, {}];
    for (const headers of cases) {
      expect((await SELF.fetch('http://localhost/api/session/6001', { headers })).status).toBe(200);
    }
  });
});
