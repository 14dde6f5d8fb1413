#!/usr/bin/env node
// Signaling bench: prints figures against a running server (`npm start`, or wrangler dev). Never asserts.
//   node signaling/bench.mjs [baseUrl]      default http://127.0.0.1:8787
// Measures: time from socket open to the server's OPEN frame; relay round trip through the Durable Object; and
// the memory of the local workerd processes per idle session (Linux /proc only). Frames per participant join come
// from the browser test tests/e2e/signaling-peerjs.spec.ts (stock peerjs can't run in Node), quoted below.
import { readFileSync, readdirSync } from 'node:fs';

const BASE = new URL(process.argv[2] ?? 'http://127.0.0.1:8787');
const CONNECTS = 50;
const ROUND_TRIPS = 200;
const IDLE_SESSIONS = 20;
const PEERS_PER_IDLE_SESSION = 11; // host + 10 participants, the default participant cap
/** Frames relayed per stock peerjs join, counted by the e2e test in a one-interface netns with no STUN. */
const FRAMES_PER_JOIN_NOTE = 'OFFER 1 + ANSWER 1 + CANDIDATE 2 (1 each way) = 4 relayed frames, plus HEARTBEAT every 5 s';

// Node 20 has no global WebSocket unless run with --experimental-websocket; `ws` (already installed as a
// dependency of wrangler/miniflare) offers the same onopen/onmessage/onclose surface.
const WebSocketImpl = globalThis.WebSocket ?? (await import('ws')).default;

/** A random bench code in 9000–9999 so runs don't collide with app sessions. */
const code = () => String(9000 + Math.floor(Math.random() * 1000));
const suffix = () => Math.random().toString(36).slice(2, 12).padEnd(8, '0');

/** Opens a peer socket; resolves { ws, openedAt, okAt } once the server's OPEN arrives. */
function connect(id, token = suffix()) {
  const url = `${BASE.protocol === 'https:' ? 'wss' : 'ws'}://${BASE.host}/peerjs?key=peerjs&id=${id}&token=${token}&version=1.5.5`;
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocketImpl(url);
    const inbox = [];
    let openedAt = 0;
    ws.onopen = () => (openedAt = performance.now());
    ws.onerror = () => reject(new Error(`socket error for ${id}`));
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data));
      if (frame.type === 'OPEN') resolve({ ws, inbox, startedAt, openedAt, okAt: performance.now() });
      else if (frame.type === 'ERROR' || frame.type === 'ID-TAKEN') reject(new Error(`${id}: ${frame.type}`));
      else inbox.push(frame);
    };
  });
}

/** Resolves with the next relayed frame on a peer. */
function nextFrame(peer) {
  return new Promise((resolve) => {
    peer.ws.onmessage = (event) => resolve(JSON.parse(String(event.data)));
  });
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (value) => `${value.toFixed(2)} ms`;

/** Sum of VmRSS (KiB) of the workerd processes of the wrangler dev serving BASE's port; null when unknown. */
function workerdRssKiB() {
  try {
    const procs = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    const info = procs.flatMap((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const ppid = /PPid:\s+(\d+)/.exec(status)?.[1];
        const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        return cmd.includes('workerd') ? [{ pid, ppid, cmd, rss }] : [];
      } catch {
        return [];
      }
    });
    const entry = info.find((p) => p.cmd.includes(`entry=${BASE.hostname}:${BASE.port || 80}`) || p.cmd.includes(`entry=127.0.0.1:${BASE.port || 80}`));
    if (!entry) return null;
    return info.filter((p) => p.ppid === entry.ppid).reduce((sum, p) => sum + p.rss, 0);
  } catch {
    return null;
  }
}

async function main() {
  console.log(`signaling bench against ${BASE.origin}\n`);

  // 1. Time from socket open to OPEN, one fresh id at a time: in a new session (cold Durable Object) and in an
  //    existing one (warm).
  for (const [label, nextId] of [
    ['new session ', () => `sa-${code()}-${suffix()}`],
    ['same session', ((warm) => () => `sa-${warm}-${suffix()}`)(code())],
  ]) {
    const toOpen = [];
    const handshake = [];
    for (let i = 0; i < CONNECTS; i += 1) {
      const peer = await connect(nextId());
      toOpen.push(peer.okAt - peer.openedAt);
      handshake.push(peer.okAt - peer.startedAt);
      peer.ws.close();
    }
    console.log(`${label}: socket open → OPEN   p50 ${ms(percentile(toOpen, 50))}  p95 ${ms(percentile(toOpen, 95))}  (n=${CONNECTS})`);
    console.log(`${label}: new WebSocket → OPEN p50 ${ms(percentile(handshake, 50))}  p95 ${ms(percentile(handshake, 95))}  (incl. upgrade)`);
  }

  // 2. Relay round trip: guest OFFER → host, host ANSWER → guest.
  const session = code();
  const host = await connect(`sa-${session}-host`);
  const guest = await connect(`sa-${session}-${suffix()}`);
  const sdp = { type: 'offer', sdp: 'x'.repeat(3000) }; // a typical data-channel offer is ~1–3 KB
  const rtt = [];
  for (let i = 0; i < ROUND_TRIPS; i += 1) {
    const startedAt = performance.now();
    const atHost = nextFrame(host);
    guest.ws.send(JSON.stringify({ type: 'OFFER', dst: `sa-${session}-host`, payload: { sdp, connectionId: `dc_${i}` } }));
    const offer = await atHost;
    const atGuest = nextFrame(guest);
    host.ws.send(JSON.stringify({ type: 'ANSWER', dst: offer.src, payload: { sdp, connectionId: `dc_${i}` } }));
    await atGuest;
    rtt.push(performance.now() - startedAt);
  }
  console.log(`relay round trip, 3 KB frames (n=${ROUND_TRIPS}): p50 ${ms(percentile(rtt, 50))}  p95 ${ms(percentile(rtt, 95))}`);
  host.ws.close();
  guest.ws.close();

  // 3. Frames per join (from the browser test).
  console.log(`signaling frames per participant join: ${FRAMES_PER_JOIN_NOTE}`);

  // 4. Memory per idle session (local workerd; on Cloudflare a hibernated session holds no memory at all).
  const before = workerdRssKiB();
  const idle = [];
  for (let s = 0; s < IDLE_SESSIONS; s += 1) {
    const idleCode = code();
    idle.push(await connect(`sa-${idleCode}-host`));
    for (let p = 1; p < PEERS_PER_IDLE_SESSION; p += 1) idle.push(await connect(`sa-${idleCode}-${suffix()}`));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = workerdRssKiB();
  if (before === null || after === null) {
    console.log('memory per idle session: n/a (needs Linux /proc and the local wrangler dev workerd)');
  } else {
    const perSession = (after - before) / IDLE_SESSIONS;
    console.log(
      `memory per idle session (${PEERS_PER_IDLE_SESSION} sockets, local workerd RSS): ~${perSession.toFixed(0)} KiB ` +
        `(${(perSession / PEERS_PER_IDLE_SESSION).toFixed(0)} KiB per socket; workerd total ${(after / 1024).toFixed(0)} MiB)`,
    );
  }
  for (const peer of idle) peer.ws.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.exit(0);
}

main().catch((error) => {
  console.error(`bench failed: ${error.message}`);
  process.exit(1);
});
