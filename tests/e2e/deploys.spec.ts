/**
 * Field failures of issue 9, host side: a new version deployed in the middle of an evening. Builds never mix (a
 * missing hashed file is a 404, old chunks stay reachable for a while, a chunk that cannot load says "reload"), and
 * a game in progress is never interrupted by an update.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import {
  answer,
  checkForUpdate,
  expectPhase,
  hostSession,
  joinPhone,
  loadFixture,
  recordPhases,
  SLOW_ONE_WINE as SLOW,
} from './helpers';

const Q = loadFixture('one-wine.json').wines[0]!.questions[0]!;

/** Builds the app again as a new deployment (new hashes) and waits until the server serves it. */
async function deploy(page: Page): Promise<void> {
  // The service worker script lists every file of its build, and no service worker ever answers for it.
  // While wrangler dev picks the new files up, a request may fail: that is "not yet".
  const index = () =>
    page.evaluate(() =>
      fetch('/sw.js', { cache: 'no-store' }).then(
        (r) => (r.ok ? r.text() : ''),
        () => '',
      ),
    );
  const before = await index();
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { env: { ...process.env, BUILD_ID: `deploy-${Date.now()}` } });
  expect(build.status, String(build.stderr)).toBe(0);
  // wrangler dev picks the new files up by itself.
  await expect
    .poll(async () => {
      const now = await index();
      return now !== '' && now !== before;
    }, { timeout: 30_000 })
    .toBe(true);
}

/** The dashboard row of session `code`. */
const sessionItem = (page: Page, code: string) => page.locator(`[data-testid="session-list-item"][data-code="${code}"]`);

test('a hashed file that is not there is a 404, never the app page', async ({ page }) => {
  await page.goto('/');
  const res = await page.evaluate(async () => {
    const r = await fetch('/assets/Dashboard-0ldHash0.js', { cache: 'no-store' });
    return { status: r.status, type: r.headers.get('content-type') ?? '' };
  });
  expect(res.status).toBe(404);
  expect(res.type).not.toMatch(/html/);
});

// Regression (issue 9.3): after a deploy, with no service worker, the host's next screen asked for the previous
// build's chunk, got the app page (200 text/html) instead, and stayed on the old screen; clicks did nothing.
test('a deploy mid-game with no service worker: the host still opens the dashboard and the game goes on', async ({ browser }) => {
  test.setTimeout(150_000);
  const { host, code } = await hostSession(browser, SLOW, { serviceWorkers: 'block' });
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await answer(a.phone, Q.correct);
  // A session page loaded on its own, so the dashboard's code is not in memory yet; the phone is back in after it.
  await host.reload();
  await expectPhase([host], 'question_open');
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');
  await expectPhase([a.phone], 'question_open');
  const phases = await recordPhases(a.phone);

  await deploy(host);
  await host.getByRole('link', { name: /Your tastings/ }).click();
  await expect(sessionItem(host, code)).toHaveAttribute('data-status', 'active');
  await sessionItem(host, code).getByTestId('session-open').click();
  await expectPhase([host], 'question_open');
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');
  await host.getByTestId('host-reveal').click();
  await expectPhase([a.phone], 'question_revealed');
  await expect(a.phone.getByTestId('my-points')).toHaveText('+100');
  expect(await phases()).not.toContain('reconnecting');
});

test('a screen whose code is gone: one retry, then "a new version is available — reload", and the session is back after it', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW, { serviceWorkers: 'block' });
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await answer(a.phone, Q.correct);
  await host.reload();
  await expectPhase([host], 'question_open');

  // What a deploy without the old files answers for the dashboard's code.
  let asked = 0;
  await host.route(/\/assets\/Dashboard-[^/]*\.js$/, (route) => {
    asked++;
    return route.fulfill({ status: 404, body: 'Not found' });
  });
  await host.getByRole('link', { name: /Your tastings/ }).click();
  const notice = host.getByRole('alert').filter({ hasText: /new version/i });
  await expect(notice).toBeVisible();
  expect(asked).toBe(2);
  await host.unroute(/\/assets\/Dashboard-[^/]*\.js$/);
  const phases = await recordPhases(a.phone);
  await notice.getByRole('button', { name: 'Reload' }).click();
  await expect(sessionItem(host, code)).toHaveAttribute('data-status', 'active');
  // The reloaded page hosts the session again by itself: the phone is back while the host is still on the dashboard.
  await expect.poll(phases, { timeout: 20_000 }).toEqual(['question_open', 'reconnecting', 'question_open']);
  await sessionItem(host, code).getByTestId('session-open').click();
  await expectPhase([host, a.phone], 'question_open');
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');
});

/** Waits until the service worker controls `page` (it claims clients on its first install). */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
}

test('after Update in one tab, a page still running the previous build keeps loading its own screens (offline too)', async ({ browser }) => {
  test.setTimeout(150_000);
  const { host, code } = await hostSession(browser, SLOW);
  await controlled(host);
  // This tab loads only the session screen of the current build.
  await host.reload();
  await expectPhase([host], 'waiting');
  const other = await host.context().newPage();
  await other.goto('/host');
  await controlled(other);

  await deploy(other);
  await checkForUpdate(other);
  await Promise.all([other.waitForEvent('framenavigated'), other.getByRole('button', { name: 'Update' }).click()]);
  // The new version now controls both tabs; the first still runs the previous build, and the network is gone.
  await expect.poll(() => host.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '')).toContain('/sw.js');
  await host.context().setOffline(true);
  await host.getByRole('link', { name: /Your tastings/ }).click();
  await expect(sessionItem(host, code)).toHaveAttribute('data-status', 'waiting');
});

/** The update banner's sentence. */
const UPDATE_READY = 'A new version of Sommelier Arena is ready.';

// Regression (issue 9.2): the "game running" flag belonged to the session screen: on the dashboard the update banner
// showed mid-game, and pressing it reloaded the page.
test('a new version during a game: no prompt wherever the host goes, phones never disconnected, the prompt waits for the end', async ({ browser }) => {
  test.setTimeout(150_000);
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await controlled(host);
  // A page of this browser with no game: it offers the update, which tells when the host's page knows of it too.
  const idle = await host.context().newPage();
  await idle.goto('/');
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');
  const phases = await recordPhases(a.phone);

  await deploy(host);
  await checkForUpdate(host);
  await expect(idle.getByText(UPDATE_READY)).toBeVisible({ timeout: 30_000 });
  await idle.close();
  await host.getByRole('link', { name: /Your tastings/ }).click();
  await expect(sessionItem(host, code)).toHaveAttribute('data-status', 'active');
  await expect(host.getByText(UPDATE_READY)).toHaveCount(0);
  await answer(a.phone, Q.correct);
  await expect(host.getByText(UPDATE_READY)).toHaveCount(0);
  await sessionItem(host, code).getByTestId('session-open').click();
  await expectPhase([host], 'question_open');
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');

  // Between games the prompt shows, wherever the host is.
  await host.getByTestId('host-end').click();
  await host.getByTestId('host-end-confirm').click();
  await expectPhase([host, a.phone], 'ended');
  await host.getByRole('link', { name: /Your tastings/ }).click();
  await expect(host.getByText(UPDATE_READY)).toBeVisible();
  expect(await phases()).toEqual(['question_open', 'ended']);
});

// Regression (issue 9.2): pressing Update reloaded the page and its sessions were no longer hosted: phones sat on
// "reconnecting…" until the host reopened the session.
test('Update between games: the page reloads into the new version and hosts its lobby again by itself', async ({ browser }) => {
  test.setTimeout(150_000);
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await controlled(host);
  await host.getByRole('link', { name: /Your tastings/ }).click();
  await expect(sessionItem(host, code)).toHaveAttribute('data-status', 'waiting');
  const phases = await recordPhases(a.phone);

  await deploy(host);
  await checkForUpdate(host);
  const build = await host.evaluate(() => document.querySelector('script[type="module"][src]')?.getAttribute('src'));
  await Promise.all([host.waitForEvent('framenavigated'), host.getByRole('button', { name: 'Update' }).click()]);
  await expect(sessionItem(host, code)).toHaveAttribute('data-status', 'waiting');
  expect(await host.evaluate(() => document.querySelector('script[type="module"][src]')?.getAttribute('src'))).not.toBe(build);
  await expect.poll(phases, { timeout: 20_000 }).toEqual(['waiting', 'reconnecting', 'waiting']);
  await sessionItem(host, code).getByTestId('session-open').click();
  await expect(host.getByTestId('lobby-player')).toHaveText(a.pseudonym);
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');
});
