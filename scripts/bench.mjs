#!/usr/bin/env node
// `npm run bench`: how many phones one host page serves, measured over real WebRTC (printed as a table and written
// to bench/results.json; never asserted in tests). The host is a real Chromium page — the thing under test. Most
// phones are simulated (bench/phone-farm.mjs: our real participant runtime and link, stock PeerJS, under Node with
// node-datachannel), so 100 of them cost little; a few real Chromium phones run at every level as the check that
// the simulation behaves like a browser. docs/performance.md explains every figure.
//
// Per level of N phones (BENCH_LEVELS, default 10,20,25,50,100), on a fresh session:
//   join:     from starting the phone to its lobby (sim: runtime start; Chromium: page open, so + page load), ms
//   fan-out:  host's tap on Start / Reveal / Next → each phone received (sim) or shows (Chromium) the new phase, ms
//   host busy: the host page's main-thread time per transition (CDP TaskDuration), ms
//   answers:  every phone taps an option within the same 100 ms → host counts N/N, every phone sees its pick
//             confirmed, and the saved session holds N answers
//   reload:   host reload mid-question → every phone back in the question and the host counting N (3 tries)
//   memory:   host page JS heap after the game (after a GC), MB
//   sizes:    bytes of each `state` message a phone receives, per phase
// Env: BENCH_LEVELS, BENCH_RELOAD_LEVELS (default 20,50,100), BENCH_REAL (Chromium phones per level, default 3),
// BENCH_FARMS (processes for the simulated phones, default 2), BENCH_PORT, BENCH_PROFILE=1 (the host page's CPU profile of each level's game → bench/host-N.cpuprofile). On a machine whose only network is loopback, run it inside a network namespace of its own (CI does).
import { chromium } from '@playwright/test';
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const list = (s) => s.split(',').map(Number).filter((n) => n > 0);
const LEVELS = list(process.env.BENCH_LEVELS || '10,20,25,50,100');
const RELOAD_LEVELS = new Set(list(process.env.BENCH_RELOAD_LEVELS || '20,50,100'));
const REAL = Number(process.env.BENCH_REAL ?? 3);
const FARMS = Math.max(1, Number(process.env.BENCH_FARMS || 2));
const PORT = Number(process.env.BENCH_PORT || 8799);
const RELOADS = 3;
const STORM_WINDOW_MS = 100;
const base = `http://localhost:${PORT}`;
const executablePath = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium-headless-shell', '/usr/lib/chromium/chromium']
  .find((p) => p && existsSync(p));
if (!executablePath) throw new Error('no Chromium: sudo apt-get install -y chromium-headless-shell (or set CHROMIUM_PATH)');

// The five-wine fixture with the longest timer, so no question expires while a level is measured.
mkdirSync('bench', { recursive: true });
const tastingFile = path.resolve('bench/.tasting.json');
writeFileSync(tastingFile, JSON.stringify({ ...JSON.parse(readFileSync('tests/fixtures/five-wines.json', 'utf8')), timerSeconds: 120 }));

// ---- processes: the app + signaling Worker, the phone farm, Chromium ----
// The local Worker keeps its Durable Object storage in SQLite files; on a VM's disk every relayed frame queued for an
// absent host waits for a sync (seconds for 100 phones after a host reload), which Cloudflare's storage never costs.
// The bench measures the host page, so that storage goes to memory (/dev/shm) where there is one.
const workerTmp = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/sommelier-bench-') : null;
const server = spawn('node', ['scripts/start.mjs', '--ephemeral', '--var', 'STUN_URLS:'], {
  env: { ...process.env, PORT: String(PORT), ...(workerTmp ? { TMPDIR: workerTmp } : {}) },
  stdio: 'ignore',
  detached: true,
});
const farmProcesses = [];
const stop = () => {
  try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
  if (workerTmp) rmSync(workerTmp, { recursive: true, force: true });
  for (const child of farmProcesses) try { child.kill(); } catch { /* gone */ }
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitForServer() {
  for (let i = 0; i < 240; i++) {
    try { if ((await fetch(`${base}/api/ice`)).ok) return; } catch { /* not yet */ }
    await sleep(500);
  }
  throw new Error('server did not start');
}

/** One phone-farm process: `call(cmd, args)` resolves with its reply. */
async function startFarm() {
  const child = fork('bench/phone-farm.mjs', [], { env: { ...process.env, BENCH_BASE: base }, stdio: 'inherit' });
  farmProcesses.push(child);
  const waiting = new Map();
  let nextId = 0;
  await new Promise((resolve, reject) => {
    child.once('message', (m) => (m.ready ? resolve() : reject(new Error('farm did not start'))));
    child.once('exit', (code) => reject(new Error(`farm exited (${code})`)));
  });
  child.on('message', ({ id, result, error }) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (error) w?.reject(new Error(`farm: ${error}`));
    else w?.resolve(result);
  });
  return (cmd, args = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ id, cmd, ...args });
    });
}

/**
 * All simulated phones, spread over FARMS processes (phones of one process handle their messages one after the
 * other, like no real phones would): `farm(cmd, args)` sends the command to each and merges the replies.
 */
async function startFarms() {
  const farms = await Promise.all(Array.from({ length: FARMS }, startFarm));
  return async (cmd, args = {}) => {
    if (cmd === 'join') {
      const share = (i) => Math.floor(args.count / FARMS) + (i < args.count % FARMS ? 1 : 0);
      const parts = await Promise.all(farms.map((f, i) => f('join', { ...args, count: share(i), concurrency: Math.ceil(args.concurrency / FARMS) })));
      return { joinMs: parts.flatMap((p) => p.joinMs), failed: parts.flatMap((p) => p.failed) };
    }
    const parts = await Promise.all(farms.map((f) => f(cmd, args)));
    if (cmd === 'answerStorm') return { sent: parts.flatMap((p) => p.sent), picks: parts.flatMap((p) => p.picks) };
    if (cmd === 'sizes') {
      const merged = {};
      for (const p of parts) for (const [phase, xs] of Object.entries(p)) (merged[phase] ??= []).push(...xs);
      return Object.fromEntries(
        Object.entries(merged).map(([phase, xs]) => {
          xs.sort((a, b) => a - b);
          return [phase, { min: xs[0], median: xs[Math.floor(xs.length / 2)], max: xs.at(-1), n: xs.length }];
        }),
      );
    }
    if (cmd === 'where') {
      const counts = {};
      for (const p of parts) for (const [k, v] of Object.entries(p)) counts[k] = (counts[k] ?? 0) + v;
      return counts;
    }
    return Array.isArray(parts[0]) ? parts.flat() : parts[0];
  };
}

// ---- statistics ----
const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : null;
};
const summary = (xs) => (xs.length ? { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), max: quantile(xs, 1), n: xs.length } : null);

// ---- the host page ----
await waitForServer();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-features=WebRtcHideLocalIpsWithMdns'],
});
const hostContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
// When the host page hands each snapshot to a data channel (its own share of a fan-out; the rest is the network
// and the phones), recorded in the page by wrapping RTCDataChannel.send. Bench-only: the app is untouched.
await hostContext.addInitScript(() => {
  window.__stateSends = [];
  const send = RTCDataChannel.prototype.send;
  RTCDataChannel.prototype.send = function (data) {
    if (typeof data === 'string' && data.startsWith('{"type":"state"')) window.__stateSends.push(performance.timeOrigin + performance.now());
    return send.call(this, data);
  };
});
const host = await hostContext.newPage();
const cdp = await hostContext.newCDPSession(host);
/** Signaling frames the host page sent, by type (the Worker rate-limits each socket: signaling/src/limits.ts). */
const hostSignaling = {};
host.on('websocket', (ws) =>
  ws.on('framesent', ({ payload }) => {
    const type = /"type":"([A-Z]+)"/.exec(String(payload))?.[1] ?? '?';
    hostSignaling[type] = (hostSignaling[type] ?? 0) + 1;
  }),
);
/** Orchestrator times (Date.now()) of the host page's steps towards registering, for the reload figures. */
const hostSteps = {};
host.on('request', (r) => { if (r.url().endsWith('/api/ice')) hostSteps.iceRequested ??= Date.now(); });
host.on('response', (r) => { if (r.url().endsWith('/api/ice')) hostSteps.iceAnswered ??= Date.now(); });
host.on('websocket', (ws) => {
  hostSteps.socketOpened ??= Date.now();
  ws.on('framereceived', ({ payload }) => { if (String(payload).includes('"OPEN"')) hostSteps.registered ??= Date.now(); });
});
const signalingSince = () => {
  const before = { ...hostSignaling };
  return () => Object.fromEntries(Object.entries(hostSignaling).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v > 0));
};
await cdp.send('Performance.enable');
const farm = await startFarms();

/** The host page's main-thread busy time so far (s → ms), from CDP (survives neither reloads nor navigations). */
async function hostTaskMs() {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return 1000 * metrics.find((m) => m.name === 'TaskDuration').value;
}
/** JS heap of the host page after a garbage collection, MB. */
async function hostHeapMb() {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/** A fresh session for `max` phones on the host page; returns its code. */
async function newSession(max) {
  await host.goto(`${base}/host`);
  const submit = host.getByTestId('tasting-submit');
  for (let i = 0; i < 30 && !(await submit.isVisible()); i++) {
    await host.getByTestId('tasting-new').click({ timeout: 1000 }).catch(() => undefined);
    await sleep(200);
  }
  await host.getByTestId('tasting-import').setInputFiles(tastingFile);
  await host.getByTestId('wine-name').nth(4).waitFor();
  await submit.click();
  await host.waitForSelector('[data-testid="host-session"][data-phase="waiting"]');
  const ceiling = await host.getByTestId('max-players').evaluate((s) => Math.max(...[...s.options].map((o) => Number(o.value))));
  if (max > ceiling) throw new Error(`above the host's ceiling of ${ceiling} players (MAX_PARTICIPANTS_LIMIT)`);
  await host.getByTestId('max-players').selectOption(String(max));
  await host.waitForFunction((max) => document.querySelector('[data-testid="max-players"]')?.value === String(max), max);
  return (await host.getByTestId('session-code').textContent()).trim();
}

/** Records, in a Chromium phone, the time of every change of the phase it shows. */
const PHASE_LOGGER = () => {
  window.__phases = [];
  let last = null;
  const check = () => {
    const phase = document.querySelector('[data-testid="play"]')?.getAttribute('data-phase') ?? null;
    if (phase !== last) {
      last = phase;
      window.__phases.push({ phase, at: Date.now() });
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
};

/** A real Chromium phone joining `code`; returns the page and its join time (page open → lobby, ms). */
async function chromiumPhone(code) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.addInitScript(PHASE_LOGGER);
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${base}/play?code=${code}`);
  await page.waitForSelector('[data-testid="play"][data-phase="waiting"]', { timeout: 60_000 });
  return { page, joinMs: Date.now() - t0 };
}

/**
 * When each Chromium phone first showed `phase` at or after `since` (ms), waiting for all. `reconnected`: only after
 * it showed another phase first (it noticed the host was gone).
 */
function chromiumArrivals(pages, since, phase, reconnected = false) {
  return Promise.all(
    pages.map(async (p) => {
      const h = await p.waitForFunction(
        ({ since, phase, reconnected }) => {
          const after = window.__phases.filter((e) => e.at >= since);
          const from = reconnected ? after.findIndex((e) => e.phase !== phase) : 0;
          return from < 0 ? undefined : after.slice(from).find((e) => e.phase === phase)?.at;
        },
        { since, phase, reconnected },
        { timeout: 120_000, polling: 20 },
      );
      return h.jsonValue();
    }),
  );
}

/** Taps host control `testId` once it is enabled; returns the page's Date.now() at the tap. */
async function tap(testId) {
  await host.waitForSelector(`[data-testid="${testId}"]:not([disabled])`);
  return host.evaluate((id) => {
    const b = document.querySelector(`[data-testid="${id}"]`);
    const t = Date.now();
    b.click();
    return t;
  }, testId);
}

/** The phase the host shows. */
const hostPhase = () => host.getByTestId('host-session').getAttribute('data-phase');

/** One level: N phones (REAL of them Chromium) through a wine of five questions, answers, reloads. */
async function level(n) {
  const real = Math.min(REAL, n);
  const code = await newSession(n);
  const out = { phones: n, chromiumPhones: real };

  // Join: simulated phones (10 at a time), then the Chromium ones.
  const sims = await farm('join', { code, count: n - real, concurrency: 10 });
  if (sims.failed.length) throw new Error(`${sims.failed.length} simulated phones did not join: ${sims.failed.slice(0, 5).join('; ')}`);
  const pages = [];
  const chromiumJoins = [];
  for (let i = 0; i < real; i++) {
    const { page, joinMs } = await chromiumPhone(code);
    pages.push(page);
    chromiumJoins.push(joinMs);
  }
  await host.getByRole('heading', { name: new RegExp(`^Players ${n} /`) }).waitFor({ timeout: 60_000 });
  out.join = { sim: summary(sims.joinMs), chromium: summary(chromiumJoins) };
  const sizeSince = Date.now();

  // Fan-out over one wine: Start, then per question Reveal and Next (standings), Next (next question / wine results).
  const fan = { sim: [], chromium: [], lastPhone: [], hostSent: [], hostBusy: [], byPhase: {} };
  const transition = async (testId, phase, { before } = {}) => {
    const busy0 = await hostTaskMs();
    await before?.();
    const t0 = await tap(testId);
    const [simAt, chromiumAt] = await Promise.all([farm('arrivals', { since: t0, phase }), chromiumArrivals(pages, t0, phase)]);
    if (simAt.some((t) => t === null)) throw new Error(`${simAt.filter((t) => t === null).length} phones never got ${phase}`);
    const sim = simAt.map((t) => t - t0);
    const chrome = chromiumAt.map((t) => t - t0);
    fan.sim.push(...sim);
    fan.chromium.push(...chrome);
    fan.lastPhone.push(Math.max(...sim, ...chrome));
    // Tap → the host handed its last snapshot of this transition to a data channel.
    const sent = await host.evaluate(({ t0, n }) => window.__stateSends.filter((t) => t >= t0).slice(0, n).at(-1), { t0, n });
    fan.hostSent.push(sent - t0);
    // Let the host finish rendering before reading its busy time.
    await sleep(100);
    fan.hostBusy.push((await hostTaskMs()) - busy0);
    (fan.byPhase[phase] ??= []).push({
      hostSentMs: Math.round(fan.hostSent.at(-1)),
      p50: quantile([...sim, ...chrome], 0.5),
      lastPhone: fan.lastPhone.at(-1),
      hostBusyMs: Math.round(fan.hostBusy.at(-1)),
    });
    return t0;
  };
  if (process.env.BENCH_PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  await transition('host-start', 'question_open');

  // Answers: every phone taps within the same 100 ms, during the first question.
  const storm0 = Date.now() + 50;
  const chromiumPicks = pages.map((p) =>
    p.evaluate(async (at) => {
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now() + Math.random() * 100)));
      const options = [...document.querySelectorAll('[data-testid="option"]')];
      const o = options[Math.floor(Math.random() * options.length)];
      o.click();
      return o.getAttribute('data-option-id');
    }, storm0),
  );
  await sleep(Math.max(0, storm0 - Date.now()));
  const storm = await farm('answerStorm', { windowMs: STORM_WINDOW_MS });
  await Promise.all(chromiumPicks);
  await host.waitForFunction((n) => document.querySelector('[data-testid="answered-count"]')?.textContent === `${n}/${n}`, n, { timeout: 60_000, polling: 10 });
  const countedAt = Date.now();
  const confirmations = await farm('confirmations', {});
  for (const p of pages) await p.waitForSelector('[data-testid="option"][aria-pressed="true"]');
  const saved = await host.evaluate(async (code) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('sommelier-arena-sessions');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const record = await new Promise((res, rej) => {
      const r = db.transaction('sessions').objectStore('sessions').get(code);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    db.close();
    const q = record.state.tasting.wines[record.state.wineIndex].questions[record.state.questionIndex];
    return Object.keys(record.state.answers[q.id] ?? {}).length;
  }, code);
  const firstSent = Math.min(...storm.sent);
  out.answers = {
    phones: n,
    windowMs: STORM_WINDOW_MS,
    hostCountedAllMs: countedAt - firstSent,
    everyPhoneConfirmedMs: Math.max(...confirmations.filter((t) => t !== null)) - firstSent,
    confirmed: confirmations.filter((t) => t !== null).length + pages.length,
    saved,
    counted: `${n}/${n}`,
  };

  for (let q = 0; q < 5; q++) {
    await transition('host-reveal', 'question_revealed');
    await transition('host-next', 'question_leaderboard');
    await transition('host-next', q < 4 ? 'question_open' : 'round_leaderboard');
  }
  if (process.env.BENCH_PROFILE) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`bench/host-${n}.cpuprofile`, JSON.stringify(profile));
  }
  out.fanout = {
    all: summary([...fan.sim, ...fan.chromium]),
    sim: summary(fan.sim),
    chromium: summary(fan.chromium),
    lastPhone: summary(fan.lastPhone),
    hostSentAll: summary(fan.hostSent.map(Math.round)),
    hostBusyPerTransitionMs: summary(fan.hostBusy),
    byPhase: fan.byPhase,
  };
  out.sizes = await farm('sizes', { since: sizeSince });

  // Host reload mid-question (the next wine's first question), RELOADS times.
  if (RELOAD_LEVELS.has(n)) {
    const next = await tap('host-next');
    await Promise.all([farm('arrivals', { since: next, phase: 'question_open' }), chromiumArrivals(pages, next, 'question_open')]);
    const tries = [];
    for (let r = 0; r < RELOADS; r++) {
      const sent = signalingSince();
      const t0 = Date.now();
      // When the reloaded host is registered with the Worker again (polled here, 25 ms apart).
      let hostOnlineMs = null;
      const probe = (async () => {
        await sleep(50);
        while (hostOnlineMs === null && Date.now() - t0 < 60_000) {
          const online = await fetch(`${base}/api/session/${code}`).then((r) => r.json()).then((b) => b.host).catch(() => false);
          if (online) hostOnlineMs = Date.now() - t0;
          else await sleep(25);
        }
      })();
      await farm('mark');
      for (const k of Object.keys(hostSteps)) delete hostSteps[k];
      await host.reload();
      await host.waitForFunction(
        (n) => document.querySelector('[data-testid="answered-count"]')?.textContent?.endsWith(`/${n}`),
        n,
        { timeout: 120_000, polling: 20 },
      );
      const hostCounted = Date.now() - t0;
      // The reloaded page's own timeline: navigation start and DOMContentLoaded, relative to t0.
      const page = await host.evaluate((t0) => {
        const nav = performance.getEntriesByType('navigation')[0];
        const at = (ms) => Math.round(performance.timeOrigin + ms - t0);
        return { navigationStartMs: at(0), domContentLoadedMs: at(nav.domContentLoadedEventEnd) };
      }, t0);
      const [simAt, chromiumAt] = await Promise.all([
        farm('arrivals', { since: t0, phase: 'question_open', reconnected: true, timeoutMs: 120_000 }),
        chromiumArrivals(pages, t0, 'question_open', true),
      ]);
      const back = [...simAt, ...chromiumAt];
      if (back.some((t) => t === null)) throw new Error(`reload ${r + 1}: ${back.filter((t) => t === null).length} phones never came back`);
      if (process.env.BENCH_DEBUG) console.log(JSON.stringify((await farm('attempts', { since: t0 })).slice(0, 8)));
      await probe;
      tries.push({
        allBackMs: Math.max(hostCounted, ...back.map((t) => t - t0)),
        hostOnlineMs,
        hostCountedMs: hostCounted,
        hostSignalingFrames: sent(),
        hostPage: { ...page, ...Object.fromEntries(Object.entries(hostSteps).map(([k, v]) => [`${k}Ms`, v - t0])) },
        phoneBackMs: summary(back.map((t) => t - t0)),
      });
      await sleep(1000);
    }
    const all = tries.map((t) => t.allBackMs);
    out.reload = { p50: quantile(all, 0.5), tries };
  }

  out.hostHeapMb = await hostHeapMb();
  out.phase = await hostPhase();
  await farm('stopAll');
  await Promise.all(pages.map((p) => p.context().close()));
  return out;
}

// ---- run ----
const started = new Date();
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const results = {
  date: started.toISOString(),
  machine: { cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, chromium: browser.version() },
  loadBefore: load(),
  levels: [],
};
for (const n of LEVELS) {
  process.stdout.write(`level ${n} phones… `);
  try {
    const r = await level(n);
    results.levels.push(r);
    console.log(`fan-out p99 ${r.fanout.all.p99} ms${r.reload ? `, reload p50 ${r.reload.p50} ms` : ''}`);
  } catch (e) {
    console.log(`failed: ${e.message}`);
    results.levels.push({ phones: n, error: e.message });
    await farm('stopAll').catch(() => undefined);
  }
}
results.loadAfter = load();
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);

// ---- table ----
const ms = (x) => (x === null || x === undefined ? '—' : `${Math.round(x)}`);
const rows = [
  ['phones', 'join p50/p95 sim', 'join p50/p95 Chromium', 'fan-out p50/p99', 'sim p50/p99', 'Chromium p50/p99', 'host sent all p50/p99', 'host busy/transition', 'answers: counted / all confirmed', 'reload p50', 'host heap'],
];
for (const r of results.levels) {
  if (r.error) {
    rows.push([String(r.phones), { failed: r.error }]);
    continue;
  }
  rows.push([
    String(r.phones),
    `${ms(r.join.sim?.p50)} / ${ms(r.join.sim?.p95)}`,
    `${ms(r.join.chromium?.p50)} / ${ms(r.join.chromium?.p95)}`,
    `${ms(r.fanout.all.p50)} / ${ms(r.fanout.all.p99)}`,
    `${ms(r.fanout.sim?.p50)} / ${ms(r.fanout.sim?.p99)}`,
    `${ms(r.fanout.chromium?.p50)} / ${ms(r.fanout.chromium?.p99)}`,
    `${ms(r.fanout.hostSentAll?.p50)} / ${ms(r.fanout.hostSentAll?.p99)}`,
    `${ms(r.fanout.hostBusyPerTransitionMs.p50)}`,
    `${ms(r.answers.hostCountedAllMs)} / ${ms(r.answers.everyPhoneConfirmedMs)} (saved ${r.answers.saved})`,
    r.reload ? ms(r.reload.p50) : '—',
    `${r.hostHeapMb.toFixed(1)} MB`,
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.filter((r) => typeof r[1] === 'string').map((r) => r[i].length)));
console.log(`\n${results.machine.cpus}, ${results.machine.memoryGb} GB, Node ${results.machine.node}, Chromium ${results.machine.chromium}`);
console.log(`load average before ${results.loadBefore}, after ${results.loadAfter} (times in ms)\n`);
for (const r of rows) {
  console.log(typeof r[1] === 'string' ? r.map((c, i) => c.padEnd(widths[i])).join('  ') : `${r[0].padEnd(widths[0])}  failed: ${r[1].failed}`);
}
const sized = results.levels.filter((r) => r.sizes).at(-1);
if (sized) {
  console.log(`\nstate message sizes at ${sized.phones} phones (bytes, median / max):`);
  for (const [phase, s] of Object.entries(sized.sizes)) console.log(`  ${phase.padEnd(22)} ${s.median} / ${s.max}`);
}
console.log('\nwritten to bench/results.json');
await browser.close();
await farm('exit').catch(() => undefined);
stop();
process.exit(0);
