#!/usr/bin/env node
// Abuse figures against a running server (`npm start` or wrangler dev): what one client address can do to the
// signaling Worker. Prints figures, never asserts; docs/security.md quotes them. Raw WebSockets (the `ws` package
// that wrangler already installs), so no WebRTC and no network namespace needed.
//   node signaling/attack.mjs <scenario> [baseUrl]        default http://127.0.0.1:8787
// Scenarios:
//   squat   claim sa-<code>-host for every code with throw-away tokens, one address; then check whether the claimed
//           codes are still refused to another token CHECK_AFTER seconds (default 2) after the sockets closed
//   scan    GET /api/session/0000…9999 from one address
//   ice     POST /api/ice as a participant id of every code 0000…9999 from one address (TURN credentials? listing?)
//   fill    while the host reloads, fill its session with junk participant sockets; then the host comes back, and
//           phones from the same and from another address try to join
//   offers  one address sends OFFERs at a host from new ids and from one id reconnecting with its token
// ADDRESS=203.0.113.7 sets CF-Connecting-IP: `wrangler dev` lets a client choose it (Cloudflare's edge never
// does), so the figures for a public address can be measured locally; loopback is exempt from the cross-session
// limits.
import WebSocket from 'ws';

const [scenario = 'help', base = 'http://127.0.0.1:8787'] = process.argv.slice(2);
const BASE = new URL(base);
const ADDRESS = process.env.ADDRESS ?? '';
const HEADERS = { ...(ADDRESS ? { 'CF-Connecting-IP': ADDRESS } : {}), Origin: BASE.origin };
const WS_BASE = `${BASE.protocol === 'https:' ? 'wss' : 'ws'}://${BASE.host}`;

/** Opens a peer socket (from `address` if given); resolves with the first server frame (OPEN, ID-TAKEN, ERROR …). */
function connect(id, token, address) {
  const headers = address ? { ...HEADERS, 'CF-Connecting-IP': address } : HEADERS;
  return new Promise((resolve) => {
    const ws = new WebSocket(`${WS_BASE}/peerjs?key=peerjs&id=${id}&token=${token}&version=1.5.5`, { headers });
    const inbox = [];
    let first = null;
    const settle = (frame) => {
      if (first) return;
      first = frame;
      resolve({ ws, first, inbox });
    };
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (!first) settle(frame);
      else inbox.push(frame);
    });
    ws.on('unexpected-response', (_req, res) => settle({ type: `HTTP ${res.statusCode}` }));
    ws.on('error', (e) => settle({ type: 'SOCKET-ERROR', payload: { msg: e.message } }));
    ws.on('close', () => settle({ type: 'CLOSED' }));
  });
}

const describe = (frame) => (frame.type === 'ERROR' ? `ERROR ${frame.payload?.msg}` : frame.type);
const pad = (n) => String(n).padStart(4, '0');
const rand = () => Math.random().toString(36).slice(2, 12).padEnd(8, '0');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `task(i)` for i in [0, n) with `width` in flight; returns the results in order. */
async function pool(n, width, task) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/** Tally of outcomes, most frequent first. */
function tally(list) {
  const counts = new Map();
  for (const item of list) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} × ${k}`).join(', ');
}

async function squat() {
  const FROM = Number(process.env.FROM ?? 1000);
  const COUNT = Number(process.env.COUNT ?? 9000);
  const started = Date.now();
  let firstRefusalAt = null;
  const outcomes = await pool(COUNT, 20, async (i) => {
    const { ws, first } = await connect(`sa-${pad(FROM + i)}-host`, `squat${rand()}`);
    ws.close();
    if (first.type !== 'OPEN' && firstRefusalAt === null) firstRefusalAt = Date.now() - started;
    return describe(first);
  });
  const took = Date.now() - started;
  const claimed = outcomes.map((o, i) => (o === 'OPEN' ? FROM + i : null)).filter((c) => c !== null);
  console.log(`claims of ${COUNT} host ids in ${seconds(took)}: ${tally(outcomes)}`);
  if (firstRefusalAt !== null) console.log(`first refusal after ${seconds(firstRefusalAt)}`);
  const CHECK_AFTER_S = Number(process.env.CHECK_AFTER ?? 2);
  await sleep(CHECK_AFTER_S * 1000);
  const sample = claimed.slice(0, 20);
  // The victim: a host elsewhere (another public address) creating a tasting with one of those codes.
  const later = await pool(sample.length, 10, async (k) => {
    const { ws, first } = await connect(`sa-${pad(sample[k])}-host`, `victim${rand()}`, '198.51.100.99');
    ws.close();
    return describe(first);
  });
  console.log(`${CHECK_AFTER_S} s after the squatter closed, another token on ${sample.length} claimed codes: ${tally(later)}`);
}

async function scan() {
  const started = Date.now();
  const outcomes = await pool(10_000, 50, async (i) => {
    try {
      const res = await fetch(`${BASE.origin}/api/session/${pad(i)}`, { headers: HEADERS });
      const body = res.ok ? await res.json() : null;
      return res.ok ? `live=${body.host}` : `HTTP ${res.status}`;
    } catch (e) {
      return `fetch error ${e.message}`;
    }
  });
  console.log(`GET /api/session/0000…9999 in ${seconds(Date.now() - started)}: ${tally(outcomes)}`);
}

async function ice() {
  const started = Date.now();
  const outcomes = await pool(10_000, 50, async (i) => {
    try {
      const res = await fetch(`${BASE.origin}/api/ice`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ id: `sa-${pad(i)}-probe01`, token: `t${rand()}` }),
      });
      const body = res.ok ? await res.json() : null;
      return res.ok ? `${body.iceServers.some((s) => s.username) ? 'TURN' : 'no TURN'}` : `HTTP ${res.status}`;
    } catch (e) {
      return `fetch error ${e.message}`;
    }
  });
  const before = await fetch(`${BASE.origin}/api/ice`, { headers: HEADERS }).then((r) => r.json());
  console.log(`POST /api/ice for 10,000 codes in ${seconds(Date.now() - started)}: ${tally(outcomes)}`);
  console.log(`GET /api/ice: ${before.iceServers.some((s) => s.username) ? 'TURN credentials' : 'no TURN credentials'}`);
}

async function fill() {
  const code = pad(Number(process.env.CODE ?? 4321));
  const JUNK = Number(process.env.JUNK ?? 300);
  const host = await connect(`sa-${code}-host`, 'realHostToken1');
  console.log(`host registers: ${describe(host.first)}`);
  // The host reloads: its socket closes, and junk arrives before the new page registers.
  host.ws.close();
  await sleep(300);
  const junk = await pool(JUNK, 20, async (i) => connect(`sa-${code}-junk${String(i).padStart(5, '0')}`, `j${rand()}`));
  console.log(`${JUNK} junk participant sockets from one address: ${tally(junk.map((j) => describe(j.first)))}`);
  const reload = await connect(`sa-${code}-host`, 'realHostToken1');
  console.log(`the host reloads (same token): ${describe(reload.first)}`);
  const phone = await connect(`sa-${code}-phone${rand()}`, `p${rand()}`);
  console.log(`a phone from the same address: ${describe(phone.first)}`);
  const other = await connect(`sa-${code}-phone${rand()}`, `q${rand()}`, '198.51.100.23');
  console.log(`a phone from another address: ${describe(other.first)}`);
  other.ws.close();
  for (const s of [reload, phone, ...junk]) s.ws.close();
}

async function offers() {
  const code = pad(Number(process.env.CODE ?? 4322));
  const SECONDS = Number(process.env.SECONDS ?? 10);
  const host = await connect(`sa-${code}-host`, 'realHostToken2');
  let received = 0;
  host.ws.on('message', (data) => {
    if (JSON.parse(String(data)).type === 'OFFER') received += 1;
  });
  // One id reconnecting with its own token, 6 OFFERs per socket.
  const until = Date.now() + SECONDS * 1000;
  let sockets = 0;
  while (Date.now() < until) {
    const s = await connect(`sa-${code}-sameid01`, 'sameToken');
    sockets += 1;
    for (let i = 0; i < 6; i++) s.ws.send(JSON.stringify({ type: 'OFFER', dst: `sa-${code}-host`, payload: { i } }));
    await sleep(50);
    s.ws.close();
  }
  await sleep(500);
  console.log(`one id reconnecting ${sockets} times in ${SECONDS} s: ${received} OFFERs reached the host`);
  received = 0;
  // New ids, 6 OFFERs each.
  const until2 = Date.now() + SECONDS * 1000;
  let ids = 0;
  while (Date.now() < until2) {
    const s = await connect(`sa-${code}-new${rand()}`, `t${rand()}`);
    ids += 1;
    if (s.first.type === 'OPEN') {
      for (let i = 0; i < 6; i++) s.ws.send(JSON.stringify({ type: 'OFFER', dst: `sa-${code}-host`, payload: { i } }));
    }
    await sleep(20);
    s.ws.close();
  }
  await sleep(500);
  console.log(`${ids} new ids in ${SECONDS} s: ${received} OFFERs reached the host`);
  host.ws.close();
}

const scenarios = { squat, scan, ice, fill, offers };
if (!(scenario in scenarios)) {
  console.log('usage: node signaling/attack.mjs squat|scan|ice|fill|offers [baseUrl]   (env ADDRESS, COUNT, CODE …)');
  process.exit(scenario === 'help' ? 0 : 1);
}
await scenarios[scenario]();
process.exit(0);
