/**
 * The deployment smoke check (`npm run smoke -- <url>`, docs/deploy.md) run against the suite's own `wrangler dev`,
 * and against servers that only look like a deployment, so the script is known to tell them apart.
 */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Runs scripts/smoke.mjs against `url`; resolves with its exit code and output. */
function smoke(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/smoke.mjs', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A server that answers every path with the app's HTML page, as a static host without the Worker would. */
async function htmlOnlyServer(html: string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

test('passes against the running app and signaling Worker', async ({ baseURL }) => {
  const { code, out } = await smoke(baseURL!);
  expect(out).toContain('✓ app page /');
  expect(out).toContain('✓ service worker /sw.js');
  expect(out).toContain('✓ missing /assets/ file: HTTP 404');
  expect(out).toContain('✓ GET /api/ice');
  expect(out).toMatch(/✓ signaling WebSocket: OPEN/);
  expect(out).toMatch(/✓ POST \/api\/ice as a live host: \d+ STUN and \d+ TURN/);
  expect(code, out).toBe(0);
});

test('fails where the Worker is missing or nothing listens', async ({ baseURL, request }) => {
  const page = await (await request.get('/')).text();
  const server = await htmlOnlyServer(page);
  try {
    const { port } = server.address() as AddressInfo;
    const htmlOnly = await smoke(`http://127.0.0.1:${port}`);
    expect(htmlOnly.out).toContain('✓ app page /');
    expect(htmlOnly.out).toMatch(/✗ service worker \/sw\.js: content-type text\/html/);
    expect(htmlOnly.out).toMatch(/✗ missing \/assets\/ file: HTTP 200 text\/html/);
    expect(htmlOnly.out).toMatch(/✗ GET \/api\/ice: not JSON/);
    expect(htmlOnly.out).toMatch(/✗ signaling WebSocket/);
    expect(htmlOnly.code).toBe(1);
  } finally {
    server.close();
  }
  const closed = await smoke(`${new URL(baseURL!).protocol}//127.0.0.1:9`);
  expect(closed.out).toMatch(/✗ app page \/: no answer/);
  expect(closed.code).toBe(1);
});
