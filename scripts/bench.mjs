#!/usr/bin/env node
// `npm run bench`: measures the game over real WebRTC in headless Chromium and prints figures (never asserts).
//   join:    from opening /play?code=… to the lobby on the phone (ms), per participant
//   fan-out: from the host's click on Start / Reveal to each phone showing the new phase (ms)
// Run inside ../shared/tools/netns-run on machines whose only network is loopback. BENCH_PLAYERS=N (default 10, max 20).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const PLAYERS = Number(process.env.BENCH_PLAYERS || 10);
const PORT = Number(process.env.BENCH_PORT || 8799);
const ROUNDS = 5;
const base = `http://localhost:${PORT}`;
const fixture = [path.resolve('../shared/fixtures/five-wines.json'), path.resolve('tests/fixtures/five-wines.json')].find((p) =>
  existsSync(p),
);
const executablePath = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium-headless-shell', '/usr/lib/chromium/chromium']
  .find((p) => p && existsSync(p));

const server = spawn('node', ['scripts/start.mjs', '--ephemeral', '--var', 'STUN_URLS:'], {
  env: { ...process.env, PORT: String(PORT) },
  stdio: 'ignore',
  detached: true,
});
const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } };
process.on('exit', stop);

async function waitForServer() {
  for (let i = 0; i < 240; i++) {
    try { if ((await fetch(`${base}/api/ice`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `p50 ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${s.at(-1).toFixed(1)} ms (n=${s.length})`;
};

/** Resolves, in the page, with Date.now() at the moment [data-testid=play] shows `phase`. */
const armPhase = (page, phase) =>
  page.evaluate((phase) => {
    window.__phaseAt = new Promise((resolve) => {
      const check = () => {
        if (document.querySelector(`[data-testid="play"][data-phase="${phase}"]`)) { resolve(Date.now()); return true; }
        return false;
      };
      if (check()) return;
      const mo = new MutationObserver(() => { if (check()) mo.disconnect(); });
      mo.observe(document.body, { subtree: true, attributes: true, childList: true });
    });
  }, phase);

await waitForServer();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-features=WebRtcHideLocalIpsWithMdns'],
});
const host = await (await browser.newContext()).newPage();
await host.goto(`${base}/host`);
if (await host.getByTestId('tasting-new').isVisible().catch(() => false)) await host.getByTestId('tasting-new').click();
await host.getByTestId('tasting-import').setInputFiles(fixture);
await host.getByTestId('tasting-submit').click();
await host.waitForSelector('[data-testid="host-session"][data-phase="waiting"]');
const code = (await host.getByTestId('session-code').textContent()).trim();

const joins = [];
const phones = [];
// Sessions take 10 players by default; the host may raise it to 20.
if (PLAYERS > 10) await host.getByTestId('max-players').selectOption(String(Math.min(PLAYERS, 20)));
for (let i = 0; i < Math.min(PLAYERS, 20); i++) {
  const phone = await (await browser.newContext()).newPage();
  const t0 = Date.now();
  await phone.goto(`${base}/play?code=${code}`);
  await phone.waitForSelector('[data-testid="play"][data-phase="waiting"]');
  joins.push(Date.now() - t0);
  phones.push(phone);
}
console.log(`join (page load + signaling + data channel + seat), ${phones.length} phones: ${stats(joins)}`);

const fanout = [];
const measure = async (testId, phase) => {
  await Promise.all(phones.map((p) => armPhase(p, phase)));
  // Host controls stay disabled for a moment after each screen change (double-tap guard).
  await host.waitForSelector(`[data-testid="${testId}"]:not([disabled])`);
  const t0 = await host.evaluate((id) => { const b = document.querySelector(`[data-testid="${id}"]`); const t = Date.now(); b.click(); return t; }, testId);
  const ts = await Promise.all(phones.map((p) => p.evaluate(() => window.__phaseAt)));
  for (const t of ts) fanout.push(t - t0);
};
await measure('host-start', 'question_open');
for (let r = 0; r < ROUNDS; r++) {
  await measure('host-reveal', 'question_revealed');
  await measure('host-next', 'question_leaderboard');
  if (r < ROUNDS - 1) await measure('host-next', 'question_open');
}
console.log(`fan-out (host click -> phone shows the new phase, incl. save + render), ${phones.length} phones: ${stats(fanout)}`);

// Recovery: a host reload mid-question, until every phone is back in the question and the host counts them all.
// After the 5th question: standings -> wine results -> the next wine's first question.
while ((await host.getByTestId('host-session').getAttribute('data-phase')) !== 'question_open') {
  await host.getByTestId('host-next').click();
  await new Promise((r) => setTimeout(r, 500));
}
const recoveries = [];
for (let r = 0; r < 3; r++) {
  const t0 = Date.now();
  await host.reload();
  await host.waitForFunction(
    (n) => document.querySelector('[data-testid="answered-count"]')?.textContent?.endsWith(`/${n}`),
    phones.length,
    { timeout: 60_000 },
  );
  await Promise.all(phones.map((p) => p.waitForSelector('[data-testid="play"][data-phase="question_open"]', { timeout: 60_000 })));
  recoveries.push(Date.now() - t0);
}
console.log(`host reload -> all ${phones.length} phones back in the question (host counts them all): ${stats(recoveries)}`);

// A phone reloading (its link drops and comes back) until it is back in the question with its seat.
const rejoins = [];
for (const phone of phones.slice(0, 5)) {
  const t0 = Date.now();
  await phone.reload();
  await phone.waitForSelector('[data-testid="play"][data-phase="question_open"]', { timeout: 60_000 });
  rejoins.push(Date.now() - t0);
}
console.log(`phone reload -> back in the question with its seat: ${stats(rejoins)}`);
await browser.close();
stop();
process.exit(0);
