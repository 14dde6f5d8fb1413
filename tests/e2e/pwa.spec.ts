/**
 * Offline-first PWA (issue 5): service worker, offline use, manifest and icons, safe updates.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { answer, checkForUpdate, endTasting, expectPhase, hostSession, joinPhone, SLOW_ONE_WINE as SLOW } from './helpers';


/** Waits until the service worker controls `page` (it claims clients on its first install). */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
}

test('manifest: required fields, and every icon serves a PNG of its stated size', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({
    name: 'Sommelier Arena',
    short_name: 'Sommelier',
    display: 'standalone',
    start_url: '/',
    scope: '/',
    background_color: '#4f1414',
    theme_color: '#9e3333',
  });
  const purposes = manifest.icons.map((i: { purpose?: string }) => i.purpose ?? 'any');
  expect(purposes).toContain('maskable');
  const pngs = [...manifest.icons, ...manifest.screenshots].filter((i: { type: string }) => i.type === 'image/png');
  for (const icon of pngs) {
    const res = await request.get(icon.src);
    expect(res.ok(), icon.src).toBe(true);
    const body = await res.body();
    expect(body.subarray(1, 4).toString('ascii')).toBe('PNG');
    // PNG IHDR: width and height as big-endian 32-bit integers at bytes 16 and 20.
    expect(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
  expect(pngs.some((i: { sizes: string }) => i.sizes === '192x192')).toBe(true);
  expect(pngs.some((i: { sizes: string }) => i.sizes === '512x512')).toBe(true);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/icons/apple-touch-icon.png');
});

test('offline: the app reloads, and a tasting is created and edited', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await page.goto('/host');
  await controlled(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('tasting-submit').or(page.getByTestId('tasting-new'))).toBeVisible();
  if (await page.getByTestId('tasting-new').isVisible()) await page.getByTestId('tasting-new').click();
  await page.getByTestId('tasting-title').fill('Offline reds');
  await page.getByTestId('tasting-submit').click();
  await expectPhase([page], 'waiting');
  await expect(page.getByRole('status').filter({ hasText: 'phones cannot join' })).toBeVisible();
  await page.getByTestId('edit-tasting').click();
  // The edit form lists the distractors in the shuffled order shown to players: set all four answers.
  await page.getByTestId('answer-color').fill('Orange');
  for (const [i, text] of ['Rouge', 'Blanc', 'Rosé'].entries()) await page.getByTestId(`distractor-color-${i + 1}`).fill(text);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expectPhase([page], 'waiting');
  await page.getByTestId('edit-tasting').click();
  await expect(page.getByTestId('answer-color')).toHaveValue('Orange');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.goto('/host');
  await expect(page.locator('[data-testid="session-list-item"]').filter({ hasText: 'Offline reds' })).toBeVisible();
  await context.close();
});

test('past results open offline', async ({ browser }) => {
  const q = SLOW.json.wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await answer(a.phone, q.correct);
  await host.getByTestId('host-reveal').click();
  await endTasting(host);
  await expectPhase([host, a.phone], 'ended');
  await controlled(host);
  await host.context().setOffline(true);
  await host.goto('/host');
  const item = host.locator(`[data-testid="session-list-item"][data-code="${code}"]`);
  await expect(item).toHaveAttribute('data-status', 'ended');
  await item.getByRole('button', { name: 'Results' }).click();
  await expect(item.getByTestId('leaderboard-row')).toHaveAttribute('data-score', '100');
});

test('a new version deployed mid-game reloads nobody; the update prompt waits for the end', async ({ browser }) => {
  test.setTimeout(120_000);
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await controlled(host);
  await controlled(a.phone);
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');
  for (const p of [host, a.phone]) await p.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  const swBefore = await host.evaluate(() => fetch('/sw.js', { cache: 'no-store' }).then((r) => r.text()));
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { env: { ...process.env, BUILD_ID: `next-${Date.now()}` } });
  expect(build.status, String(build.stderr)).toBe(0);
  // wrangler dev picks the new assets up by itself; wait until it serves the new service worker.
  await expect
    .poll(() =>
      host.evaluate(async () => {
        const res = await fetch('/sw.js', { cache: 'no-store' });
        return `${res.headers.get('content-type')}|${await res.text()}`;
      }),
    { timeout: 30_000 })
    .toMatch(/^(text|application)\/javascript[^|]*\|/);
  await expect.poll(() => host.evaluate(() => fetch('/sw.js', { cache: 'no-store' }).then((r) => r.text())), { timeout: 30_000 }).not.toBe(swBefore);
  for (const p of [host, a.phone]) await checkForUpdate(p);
  // The new service worker installs and waits; nothing reloads and no prompt shows during the question.
  for (const p of [host, a.phone])
    await p.waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting, undefined, { timeout: 30_000 });
  await expect(host.getByText('A new version of Sommelier Arena is ready.')).toHaveCount(0);
  await host.getByTestId('host-reveal').click();
  await expectPhase([host, a.phone], 'question_revealed');
  for (const p of [host, a.phone]) expect(await p.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
  await endTasting(host);
  await expectPhase([host, a.phone], 'ended');
  await expect(host.getByText('A new version of Sommelier Arena is ready.')).toBeVisible();
  await expect(a.phone.getByText('A new version of Sommelier Arena is ready.')).toBeVisible();
  expect(await host.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
});
