/**
 * The signaling Worker going away (issue 4 §5). These tests run their own `wrangler dev` on another port so they
 * can kill and restart it; the pages load from that origin, exactly as with `npm start`.
 */
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { answer, expectPhase, hostSession, joinPhone, leaderboardRows, loadFixture, SLOW_ONE_WINE as SLOW } from './helpers';

const PORT = Number(process.env.E2E_PORT || 8787) + 11;
const ORIGIN = `http://localhost:${PORT}`;

let server: ChildProcess | null = null;

/** Starts the Worker (serving the dist/ that the main webServer built) and waits until it answers. */
async function startServer(): Promise<void> {
  server = spawn('node', ['scripts/start.mjs', '--no-build', '--ephemeral', '--var', 'STUN_URLS:'], {
    env: { ...process.env, PORT: String(PORT) },
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/ice`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('signaling server did not start');
}

/** Kills the Worker and everything it started (wrangler, workerd), then waits until the port is dead. */
async function killServer(): Promise<void> {
  if (!server?.pid) return;
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  server = null;
  for (let i = 0; i < 40; i++) {
    try {
      await fetch(`${ORIGIN}/api/ice`, { signal: AbortSignal.timeout(500) });
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

test.use({ baseURL: ORIGIN });
test.beforeEach(startServer);
test.afterEach(killServer);

test('signaling killed after everyone joined: the game is played to the end over the open channels', async ({ browser }) => {
  const fixture = loadFixture('one-wine.json');
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  const b = await joinPhone(browser, code);
  await killServer();
  await expect(host.getByText('No signaling — playing on')).toBeVisible({ timeout: 15_000 });

  await host.getByTestId('host-start').click();
  for (const [i, q] of fixture.wines[0]!.questions.entries()) {
    await expectPhase([host, a.phone, b.phone], 'question_open');
    await answer(a.phone, q.correct);
    await answer(b.phone, i === 0 ? q.correct : q.distractors[1]!);
    await host.getByTestId('host-reveal').click();
    await expectPhase([host, a.phone, b.phone], 'question_revealed');
    await host.getByTestId('host-next').click();
    await host.getByTestId('host-next').click();
  }
  await expectPhase([host, a.phone, b.phone], 'round_leaderboard');
  await host.getByTestId('host-next').click();
  await expectPhase([host, a.phone, b.phone], 'ended');
  const final = [
    { pseudonym: a.pseudonym, score: 500, rank: 1 },
    { pseudonym: b.pseudonym, score: 100, rank: 2 },
  ];
  for (const page of [host, a.phone, b.phone]) expect(await leaderboardRows(page)).toEqual(final);
});

test('signaling down before joining: SIGNALING_UNREACHABLE, then the phone joins by itself once it is back', async ({ browser }) => {
  test.setTimeout(120_000);
  const { host, code } = await hostSession(browser, SLOW);
  const phone = await (await browser.newContext()).newPage();
  await phone.goto('/play');
  await expect(phone.getByTestId('join-code')).toBeVisible();
  await killServer();
  await phone.getByTestId('join-code').fill(code);
  await phone.getByTestId('join-submit').click();
  await expect(phone.getByTestId('join-error')).toHaveAttribute('data-error-code', 'SIGNALING_UNREACHABLE');
  await expect(phone.getByTestId('join-error')).toContainText(/keep trying/);
  await startServer();
  // The host re-registers its code and the phone's retries get through, both by themselves.
  await expectPhase([phone], 'waiting');
  await expect(host.getByTestId('lobby-player')).toHaveCount(1);
  await expect(host.getByText('Open to join')).toBeVisible();
});

test('a tasting created with no network gets a code at once, and opens to players when the network is back', async ({ browser }) => {
  test.setTimeout(120_000);
  const host = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  await host.goto('/host');
  await expect(host.getByTestId('tasting-import')).toBeAttached();
  // As at a venue: the app was opened once online, so its service worker holds the whole app shell.
  await host.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
  await killServer();
  await host.getByTestId('tasting-import').setInputFiles({
    name: SLOW.name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(SLOW.json)),
  });
  await host.getByTestId('tasting-submit').click();
  await expectPhase([host], 'waiting');
  await expect(host.getByRole('status').filter({ hasText: 'phones cannot join' })).toBeVisible();
  await startServer();
  await expect(host.getByText('Open to join')).toBeVisible({ timeout: 20_000 });
  const code = (await host.getByTestId('session-code').textContent())!.trim();
  const a = await joinPhone(browser, code);
  await expect(host.getByTestId('lobby-player')).toHaveText([a.pseudonym]);
});
