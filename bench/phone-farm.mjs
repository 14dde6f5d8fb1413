#!/usr/bin/env node
// Simulated phones for `npm run bench`, in a process of their own so their work never delays the orchestrator's
// clock. Each phone is bench/sim-phone.ts: the real participant runtime and link (stock PeerJS) under Node, with
// node-datachannel's RTCPeerConnection. Driven over IPC by scripts/bench.mjs: requests {id, cmd, ...args},
// replies {id, result} or {id, error}. Times are this machine's Date.now() in ms (one clock for all processes).
import * as polyfill from 'node-datachannel/polyfill';

const base = process.env.BENCH_BASE;
if (!base || !process.send) throw new Error('phone-farm runs as a child of scripts/bench.mjs (BENCH_BASE + IPC)');

// What a browser page would give the participant code: WebRTC, its own origin, fetch relative to it.
for (const [name, value] of Object.entries(polyfill)) if (name !== 'default') globalThis[name] = value;
globalThis.location = new URL(base);
const nodeFetch = globalThis.fetch;
globalThis.fetch = (input, init) => nodeFetch(typeof input === 'string' ? new URL(input, base) : input, init);

const { createServer } = await import('vite');
// Vite compiles our TypeScript; PeerJS is compiled too (its CommonJS build has no named exports for Node),
// from its untouched ESM build with its real dependencies (no aliases: configFile false).
const vite = await createServer({
  configFile: false,
  appType: 'custom',
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, ws: false },
  optimizeDeps: { noDiscovery: true, include: [] },
  ssr: { noExternal: ['peerjs'] },
});
const { SimPhone } = await vite.ssrLoadModule('/bench/sim-phone.ts');

/** @type {import('./sim-phone.ts').SimPhone[]} */
let phones = [];
/** The option id each phone picked in the last answer storm. */
let picks = [];
/** Links each phone had opened at the last `mark` (for `arrivals` with `reconnected`). */
let marks = [];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 10 ms until it returns a value other than undefined, or `timeoutMs` passes. */
async function until(check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) return undefined;
    await sleep(10);
  }
}

const commands = {
  /** Starts `count` phones on `code`, at most `concurrency` joining at once. Returns join times (ms) and failures. */
  async join({ code, count, concurrency = 10, timeoutMs = 60_000 }) {
    const fresh = Array.from({ length: count }, () => new SimPhone());
    phones.push(...fresh);
    let next = 0;
    const worker = async () => {
      while (next < fresh.length) {
        const phone = fresh[next++];
        await phone.start(code);
        await until(() => (phone.seatedAt ? true : undefined), timeoutMs);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    return {
      joinMs: fresh.filter((p) => p.seatedAt).map((p) => p.seatedAt - p.startedAt),
      failed: fresh.filter((p) => !p.seatedAt).map((p) => `${p.where()} ${p.runtime.error.value ?? ''}`.trim()),
    };
  },

  /**
   * Waits until every phone received a snapshot in `phase` at or after `since` (and for `questionId`, if given).
   * Returns each phone's arrival time (null for phones that never got it within `timeoutMs`).
   */
  async arrivals({ since, phase, questionId, reconnected = false, timeoutMs = 30_000 }) {
    const first = (p, i) =>
      p.log.find(
        (a) =>
          a.at >= since &&
          a.phase === phase &&
          (questionId === undefined || a.questionId === questionId) &&
          (!reconnected || a.link > (marks[i] ?? Infinity)),
      )?.at ?? null;
    await until(() => (phones.every((p, i) => first(p, i) !== null) ? true : undefined), timeoutMs);
    return phones.map(first);
  },

  /** Notes how many links each phone has opened so far: `arrivals({ reconnected })` then counts only later ones. */
  async mark() {
    marks = phones.map((p) => p.links);
    return true;
  },

  /** Every phone taps a random option at a random moment within the next `windowMs`. Returns the send times. */
  async answerStorm({ windowMs }) {
    picks = [];
    const sent = await Promise.all(
      phones.map(
        (p, i) =>
          new Promise((resolve) =>
            setTimeout(() => {
              picks[i] = p.answer(Math.floor(Math.random() * 4));
              resolve(Date.now());
            }, Math.random() * windowMs),
          ),
      ),
    );
    return { sent, picks };
  },

  /** Waits until every phone's latest snapshot shows the option it picked; returns the time each got it (or null). */
  async confirmations({ timeoutMs = 30_000 }) {
    const confirmedAt = (p, i) => {
      const last = p.log.at(-1);
      return last && picks[i] && last.selectedOptionId === picks[i] ? last.at : null;
    };
    await until(() => (phones.every((p, i) => confirmedAt(p, i) !== null) ? true : undefined), timeoutMs);
    return phones.map(confirmedAt);
  },

  /** How many phones are where (`connected:<phase>`, `reconnecting`, …). */
  async where() {
    const counts = {};
    for (const p of phones) counts[p.where()] = (counts[p.where()] ?? 0) + 1;
    return counts;
  },

  /** Sizes of the frames that brought each snapshot since `since`, per phase (bytes, one entry per snapshot). */
  async sizes({ since = 0 }) {
    const byPhase = {};
    for (const p of phones) for (const a of p.log) if (a.at >= since && a.bytes) (byPhase[a.phase] ??= []).push(a.bytes);
    return byPhase;
  },

  /** Each phone's connection attempts since `since` (ms): start relative to `since`, duration, result. */
  async attempts({ since }) {
    return phones.map((p) => p.attempts.filter((a) => a.at >= since).map((a) => ({ ...a, at: a.at - since })));
  },

  /** Links each phone opened (1 = never reconnected). */
  async links() {
    return phones.map((p) => p.links);
  },

  /** Stops every phone (its link closes; the host sees it leave). */
  async stopAll() {
    for (const p of phones) p.stop();
    phones = [];
    picks = [];
    marks = [];
    return true;
  },

  async exit() {
    for (const p of phones) p.stop();
    setTimeout(() => process.exit(0), 100);
    return true;
  },
};

process.on('message', async ({ id, cmd, ...args }) => {
  try {
    process.send({ id, result: await commands[cmd](args) });
  } catch (e) {
    process.send({ id, error: e instanceof Error ? e.stack : String(e) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
