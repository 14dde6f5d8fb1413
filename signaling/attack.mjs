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
//   share2  two addresses fill a session (120 + 120 sockets) and keep reconnecting their oldest sockets as fast as
//           they may (each once RENEW_MS old, default 12000; RENEW_MS=0 only holds them); a phone from a third address
//           tries to join every 2 s for SECONDS (default 90)
//   guest   a guest on the venue's address opens 120 sockets and keeps reconnecting them (RENEW_MS as above); meanwhile the venue's
//           seated phones (vouched for by the host's SEATS) reconnect and new venue phones try to join every 2 s; at
//           LOCK_AT seconds (default 60) the host locks the tasting
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

/** How old an attacker's socket gets before it replaces it (0: never, it only holds its sockets). */
const RENEW_MS = Number(process.env.RENEW_MS ?? 12_000) || Infinity;

/** SHA-256 hex of `text`. */
async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * An attacker holding `count` participant sockets of `code` from `address`, replacing its oldest one once it is
 * `renewAfterMs` old, as fast as the server lets it (on a refusal it waits 100 ms). Sends HEARTBEATs like a stock
 * client. Counts what happened to it.
 */
function churn(code, address, prefix, count, renewAfterMs) {
  const held = [];
  const stats = { opened: 0, refused: new Map(), closedByServer: 0 };
  let stop = false;
  let n = 0;
  const open = async () => {
    const id = `sa-${code}-${prefix}${String(n++).padStart(6, '0')}`;
    const s = await connect(id, `j${rand()}`, address);
    if (s.first.type !== 'OPEN') {
      const why = describe(s.first);
      stats.refused.set(why, (stats.refused.get(why) ?? 0) + 1);
      s.ws.close();
      return false;
    }
    stats.opened += 1;
    const entry = { ws: s.ws, at: Date.now(), mine: false };
    s.ws.on('close', () => {
      const i = held.indexOf(entry);
      if (i >= 0) held.splice(i, 1);
      if (!entry.mine) stats.closedByServer += 1;
    });
    held.push(entry);
    return true;
  };
  const heartbeat = setInterval(() => {
    for (const { ws } of held) if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"HEARTBEAT"}');
  }, 5000);
  const done = (async () => {
    while (!stop) {
      if (held.length < count) {
        if (!(await open())) await sleep(100);
        continue;
      }
      const oldest = held.reduce((a, b) => (a.at <= b.at ? a : b));
      if (Date.now() - oldest.at < renewAfterMs) {
        await sleep(50);
        continue;
      }
      // The old one goes, a fresh one takes its place (at the address's cap, a new one first would be refused).
      oldest.mine = true;
      oldest.ws.close();
      held.splice(held.indexOf(oldest), 1);
    }
  })();
  return {
    stats,
    held,
    async stop() {
      stop = true;
      await done;
      clearInterval(heartbeat);
      for (const { ws } of held) {
        ws.removeAllListeners('close');
        ws.close();
      }
    },
  };
}

/** Tries to join as a new phone every 2 s for `seconds`; returns the outcomes with their time since `started`. */
async function phonesEvery2s(code, address, seconds, started, token = () => `p${rand()}`, prefix = 'phone') {
  const outcomes = [];
  while (Date.now() - started < seconds * 1000) {
    const at = Date.now();
    const s = await connect(`sa-${code}-${prefix}${rand()}`, token(), address);
    outcomes.push({ t: (at - started) / 1000, what: describe(s.first) });
    s.ws.close();
    await sleep(Math.max(0, 2000 - (Date.now() - at)));
  }
  return outcomes;
}

/** "first OPEN after N s; k of n attempts got in; tally". */
function joinSummary(outcomes) {
  const first = outcomes.find((o) => o.what === 'OPEN');
  const ok = outcomes.filter((o) => o.what === 'OPEN').length;
  return `${first ? `first in after ${first.t.toFixed(1)} s` : 'never in'}; ${ok} of ${outcomes.length} attempts got in (${tally(outcomes.map((o) => o.what))})`;
}

async function share2() {
  const code = pad(Number(process.env.CODE ?? 4323));
  const SECONDS = Number(process.env.SECONDS ?? 90);
  const host = await connect(`sa-${code}-host`, 'realHostToken3', '198.51.100.40');
  console.log(`host registers: ${describe(host.first)}`);
  const started = Date.now();
  const a = churn(code, '198.51.100.31', 'a', 120, RENEW_MS);
  const b = churn(code, '198.51.100.32', 'b', 120, RENEW_MS);
  while (a.held.length + b.held.length < 240 && Date.now() - started < 20_000) await sleep(50);
  console.log(`two addresses hold ${a.held.length} + ${b.held.length} sockets after ${seconds(Date.now() - started)}`);
  const outcomes = await phonesEvery2s(code, '203.0.113.77', SECONDS, started);
  await Promise.all([a.stop(), b.stop()]);
  console.log(`a phone from a third address, every 2 s for ${SECONDS} s: ${joinSummary(outcomes)}`);
  const inWindow = (from, to) => outcomes.filter((o) => o.t >= from && o.t < to);
  for (const [from, to] of [[0, 30], [30, 60], [60, SECONDS]]) {
    const w = inWindow(from, to);
    console.log(`  ${from}-${to} s: ${w.filter((o) => o.what === 'OPEN').length} of ${w.length} in`);
  }
  for (const [name, s] of [['a', a.stats], ['b', b.stats]]) {
    console.log(`attacker ${name}: ${s.opened} sockets opened, ${s.closedByServer} closed by the server, refused: ${tally([...s.refused].flatMap(([k, v]) => Array(v).fill(k))) || 'none'}`);
  }
  host.ws.close();
}

async function guest() {
  const code = pad(Number(process.env.CODE ?? 4324));
  const SECONDS = Number(process.env.SECONDS ?? 90);
  const LOCK_AT = Number(process.env.LOCK_AT ?? 60);
  const VENUE = '203.0.113.10';
  const host = await connect(`sa-${code}-host`, 'realHostToken4', VENUE);
  console.log(`host registers: ${describe(host.first)}`);
  // Ten seated phones: each registers with a token the host vouches for (as the app's seat signaling token).
  const seatTokens = Array.from({ length: 10 }, (_, i) => (i + 1).toString(16).padStart(32, 'a'));
  const seats = (locked) => ({ type: 'SEATS', payload: { locked, tokens: hashes, ids: [] } });
  const hashes = await Promise.all(seatTokens.map(sha256Hex));
  host.ws.send(JSON.stringify(seats(false)));
  const hostHeartbeat = setInterval(() => host.ws.send('{"type":"HEARTBEAT"}'), 5000);
  const started = Date.now();
  const g = churn(code, VENUE, 'g', 120, RENEW_MS);
  while (g.held.length < 120 && Date.now() - started < 20_000) await sleep(50);
  console.log(`the guest holds ${g.held.length} sockets on the venue's address after ${seconds(Date.now() - started)}`);
  let k = 0;
  const seatedTries = phonesEvery2s(code, VENUE, SECONDS, started, () => seatTokens[k++ % seatTokens.length], 'seated');
  const newTries = phonesEvery2s(code, VENUE, SECONDS, started);
  let heldAtLock = 0;
  const lock = (async () => {
    await sleep(Math.max(0, started + LOCK_AT * 1000 - Date.now()));
    heldAtLock = g.held.length;
    host.ws.send(JSON.stringify(seats(true)));
    await sleep(1000);
  })();
  const [seated, fresh] = await Promise.all([seatedTries, newTries]);
  await lock;
  const heldAfter = g.held.length;
  await g.stop();
  clearInterval(hostHeartbeat);
  const before = (list) => list.filter((o) => o.t < LOCK_AT);
  const after = (list) => list.filter((o) => o.t >= LOCK_AT + 1);
  console.log(`seated venue phones reconnecting every 2 s, before the lock: ${joinSummary(before(seated))}`);
  console.log(`new venue phones every 2 s, before the lock: ${joinSummary(before(fresh))}`);
  for (const [from, to] of [[0, 20], [20, 40], [40, LOCK_AT]]) {
    const w = fresh.filter((o) => o.t >= from && o.t < to);
    console.log(`  ${from}-${to} s: ${w.filter((o) => o.what === 'OPEN').length} of ${w.length} in`);
  }
  console.log(`the host locks at ${LOCK_AT} s: the guest held ${heldAtLock} sockets, ${heldAfter} one second later`);
  console.log(`after the lock: seated phones ${joinSummary(after(seated))}; new phones ${tally(after(fresh).map((o) => o.what))}`);
  console.log(`guest: ${g.stats.opened} sockets opened, ${g.stats.closedByServer} closed by the server, refused: ${tally([...g.stats.refused].flatMap(([k2, v]) => Array(v).fill(k2))) || 'none'}`);
  const hostErrors = host.inbox.filter((f) => f.type === 'ERROR').map(describe);
  console.log(`the host's SEATS frames were answered with: ${hostErrors.length ? tally(hostErrors) : 'nothing (accepted)'}`);
  host.ws.close();
}

const scenarios = { squat, scan, ice, fill, offers, share2, guest };
if (!(scenario in scenarios)) {
  console.log('usage: node signaling/attack.mjs squat|scan|ice|fill|offers|share2|guest [baseUrl]   (env ADDRESS, COUNT, CODE …)');
  process.exit(scenario === 'help' ? 0 : 1);
}
await scenarios[scenario]();
process.exit(0);
