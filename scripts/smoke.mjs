#!/usr/bin/env node
// `npm run smoke -- <url>`: checks that a deployment (or a local `npm start`) answers the way the app needs
// (docs/deploy.md, "Check a deployment"). Read-only apart from one short-lived signaling socket, which registers
// the host id of a random free code and closes at once: the Worker keeps that code for this token for 60 s
// (docs/security.md), and no session is created.
//
// Checks, in order: the app page, the web app manifest, the service worker script, the SPA route /play, a missing
// hashed file answered 404 (not the app page), GET /api/ice, a signaling WebSocket that must receive OPEN, and
// POST /api/ice as that registered host (TURN credentials go only to a peer of a live session). Prints one line per
// check; exits 0 when every required check passed, 1 otherwise, 2 on bad usage. Needs Node 22+ (global fetch and
// WebSocket).

/** How long each HTTP request or the WebSocket may take, in ms. */
const TIMEOUT_MS = 10_000;

const [arg] = process.argv.slice(2);
if (!arg || arg === '--help' || arg === '-h') {
  console.error('usage: npm run smoke -- <url>     e.g. npm run smoke -- https://tasting.example.com');
  process.exit(arg ? 0 : 2);
}
let base;
try {
  base = new URL(arg);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('not http(s)');
} catch {
  console.error(`smoke: "${arg}" is not an http:// or https:// URL`);
  process.exit(2);
}
base = new URL('/', base);

/** Each check's outcome: `ok` false fails the run; `warn` only prints. */
const results = [];
const pass = (name, detail) => results.push({ name, ok: true, detail });
const fail = (name, detail) => results.push({ name, ok: false, detail });
const warn = (name, detail) => results.push({ name, ok: true, warn: true, detail });

/** GET `path` on the deployment; never throws (a network failure comes back as `{ error }`). */
async function get(path) {
  try {
    const res = await fetch(new URL(path, base), { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
    return { res, body: await res.text() };
  } catch (e) {
    return { error: e?.cause?.code ?? e?.name ?? String(e) };
  }
}

const contentType = (res) => res.headers.get('content-type') ?? '';

/** A random string of `n` lowercase letters and digits (participant id suffix, token). */
function randomAlnum(n) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => alphabet[b % alphabet.length]).join('');
}

async function checkPage(name, path) {
  const r = await get(path);
  if (r.error) return fail(name, `no answer (${r.error})`);
  if (r.res.status !== 200) return fail(name, `HTTP ${r.res.status}`);
  if (!contentType(r.res).includes('text/html')) return fail(name, `content-type ${contentType(r.res) || 'missing'}`);
  if (!r.body.includes('id="app"')) return fail(name, 'HTML without the app root (<div id="app">): not this app?');
  if (!/<script[^>]+type="module"/.test(r.body)) return fail(name, 'HTML without the module script: was `vite build` run?');
  pass(name, `HTTP 200, ${r.body.length} bytes`);
}

async function checkManifest() {
  const name = 'web app manifest';
  const r = await get('/manifest.webmanifest');
  if (r.error) return fail(name, `no answer (${r.error})`);
  if (r.res.status !== 200) return fail(name, `HTTP ${r.res.status}`);
  try {
    const m = JSON.parse(r.body);
    if (typeof m.name !== 'string' || !Array.isArray(m.icons)) return fail(name, 'JSON without name or icons');
    pass(name, `"${m.name}", ${m.icons.length} icons`);
  } catch {
    fail(name, 'not JSON (the SPA page answered instead?)');
  }
}

async function checkServiceWorker() {
  const name = 'service worker /sw.js';
  const r = await get('/sw.js');
  if (r.error) return fail(name, `no answer (${r.error})`);
  if (r.res.status !== 200) return fail(name, `HTTP ${r.res.status}`);
  if (!contentType(r.res).includes('javascript')) return fail(name, `content-type ${contentType(r.res) || 'missing'} (the SPA page answered instead?)`);
  pass(name, `HTTP 200, ${r.body.length} bytes`);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(base.hostname);
  if (base.protocol !== 'https:' && !local)
    warn('HTTPS', 'served over http:// — browsers only run service workers on https:// (or localhost), so nothing works offline');
}

/** A hashed file this deployment does not have must be a 404, never the app page (pages of an older build ask for them). */
async function checkMissingAsset() {
  const name = 'missing /assets/ file';
  const r = await get(`/assets/smoke-${randomAlnum(10)}.js`);
  if (r.error) return fail(name, `no answer (${r.error})`);
  if (r.res.status === 404) return pass(name, 'HTTP 404');
  fail(name, `HTTP ${r.res.status} ${contentType(r.res)} (is /assets/* routed to the Worker first?)`);
}

/** Checks an /api/ice answer `r` and reports its STUN and TURN url counts under `name`. */
function reportIce(name, r, note) {
  if (r.error) return fail(name, `no answer (${r.error})`);
  if (r.res.status !== 200) return fail(name, `HTTP ${r.res.status}`);
  let body;
  try {
    body = JSON.parse(r.body);
  } catch {
    return fail(name, 'not JSON (is the Worker routing /api/* first?)');
  }
  if (!Array.isArray(body?.iceServers)) return fail(name, 'JSON without an iceServers list');
  const urls = body.iceServers.flatMap((s) => (Array.isArray(s?.urls) ? s.urls : [s?.urls])).filter(Boolean);
  const stun = urls.filter((u) => /^stuns?:/.test(u)).length;
  const turn = urls.filter((u) => /^turns?:/.test(u)).length;
  const ttl = typeof body.ttlSeconds === 'number' ? `, credentials valid ${body.ttlSeconds} s` : '';
  pass(name, `${stun} STUN and ${turn} TURN url(s)${ttl}${note}`);
}

async function checkIce() {
  reportIce('GET /api/ice', await get('/api/ice'), ' (TURN goes only to registered peers: see below)');
}

/** POST /api/ice with a registered peer's id and token, as the app does once its Peer is open. */
async function checkIceAsPeer(id, token) {
  let r;
  try {
    const res = await fetch(new URL('/api/ice', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', Origin: base.origin },
      body: JSON.stringify({ id, token }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    r = { res, body: await res.text() };
  } catch (e) {
    r = { error: e?.cause?.code ?? e?.name ?? String(e) };
  }
  reportIce('POST /api/ice as a live host', r, ' (credentials not shown)');
}

/**
 * Opens a signaling WebSocket as the host of a random session code, waits for the server's OPEN frame, then asks
 * /api/ice as that registered host before closing. A code someone holds (ID-TAKEN) is retried with another.
 */
async function checkSignaling() {
  for (let attempt = 0; attempt < 3; attempt++) if ((await registerHost()) !== 'taken') return;
}

/** One try of checkSignaling; resolves 'taken' when the random code was someone's. */
function registerHost() {
  const name = 'signaling WebSocket';
  const code = String(1000 + (crypto.getRandomValues(new Uint16Array(1))[0] % 9000));
  const id = `sa-${code}-host`;
  const token = randomAlnum(32);
  const wsUrl = new URL('/peerjs', base);
  wsUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.search = new URLSearchParams({ key: 'peerjs', id, token, version: 'smoke' }).toString();
  return new Promise((resolve) => {
    let ws;
    let finished = false;
    const done = async (ok, detail, outcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (outcome !== 'taken') (ok ? pass : fail)(name, detail);
      if (ok) await checkIceAsPeer(id, token);
      try {
        ws?.close();
      } catch {
        // already closed
      }
      resolve(outcome);
    };
    const timer = setTimeout(() => done(false, `no OPEN frame within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    try {
      // A browser on the app's own page sends its origin; so do we, as the Worker may refuse other origins.
      ws = new WebSocket(wsUrl, { headers: { Origin: base.origin } });
    } catch (e) {
      return done(false, `cannot open (${e?.message ?? e})`);
    }
    ws.addEventListener('message', (event) => {
      let frame;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return done(false, `first frame is not JSON: ${String(event.data).slice(0, 80)}`);
      }
      if (frame?.type === 'OPEN') return done(true, `OPEN for the host id of code ${code}`);
      if (frame?.type === 'ID-TAKEN') return done(false, '', 'taken');
      done(false, `first frame ${frame?.type ?? '?'}${frame?.payload?.msg ? `: ${frame.payload.msg}` : ''}`);
    });
    ws.addEventListener('error', () => done(false, 'connection failed (is /peerjs routed to the Worker?)'));
    ws.addEventListener('close', (event) => done(false, `closed before OPEN (code ${event.code}${event.reason ? `, ${event.reason}` : ''})`));
  });
}

console.log(`Smoke check of ${base.origin}`);
await checkPage('app page /', '/');
await checkManifest();
await checkServiceWorker();
await checkPage('SPA route /play', '/play?code=1234');
await checkMissingAsset();
await checkIce();
await checkSignaling();

for (const r of results) console.log(`${r.ok ? (r.warn ? '!' : '✓') : '✗'} ${r.name}: ${r.detail}`);
const failed = results.filter((r) => !r.ok).length;
console.log(failed ? `${failed} check(s) failed.` : 'All checks passed.');
process.exit(failed ? 1 : 0);
