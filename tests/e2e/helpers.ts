/** Shared steps of the e2e specs: a host creating a tasting, phones joining, answering by text. */
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The tasting fixtures, checked in (the format: docs/tasting-format.md). */
export const FIXTURES = path.resolve(here, '../fixtures');

/** A fixture tasting as parsed JSON. */
export interface FixtureTasting {
  title?: string;
  timerSeconds?: number;
  wines: { name: string; questions: { category: string; correct: string; distractors: string[] }[] }[];
}

export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}

export function loadFixture(name: string): FixtureTasting {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as FixtureTasting;
}

/** Options of a new browser context: `locale` sets the browser's language (e.g. `fr-FR`; Playwright's default is en-US). */
export interface DeviceOptions {
  locale?: string;
  /** `'block'`: a browser with no service worker (a plain-http LAN address, or one that has none). */
  serviceWorkers?: BrowserContextOptions['serviceWorkers'];
  /** Runs on the new context before its page opens (routes, init scripts, listeners). */
  prepare?: (context: BrowserContext) => Promise<void>;
}

/** Opens /host in a fresh context, imports `file` (path or JSON buffer), creates the session; returns page + code. */
export async function hostSession(
  browser: Browser,
  file: string | { name: string; json: unknown },
  options: DeviceOptions = {},
): Promise<{ host: Page; code: string }> {
  const { prepare, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ...contextOptions });
  await prepare?.(context);
  const host = await context.newPage();
  await host.goto('/host');
  // "+ New tasting" shows while the session list loads, then disappears when the list is empty and the form opens
  // by itself: click it only while the form is not there, and retry if it vanished under the click.
  const newButton = host.getByTestId('tasting-new');
  const submit = host.getByTestId('tasting-submit');
  await expect(async () => {
    if (!(await submit.isVisible())) await newButton.click({ timeout: 1000 });
    await expect(submit).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const input = host.getByTestId('tasting-import');
  const json = (typeof file === 'string' ? JSON.parse(readFileSync(file, 'utf8')) : file.json) as FixtureTasting;
  if (typeof file === 'string') await input.setInputFiles(file);
  else
    await input.setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file.json)) });
  // The import reads the file asynchronously: submit only once the form shows the imported tasting.
  await expect(host.getByTestId('wine-name')).toHaveCount(json.wines.length);
  for (const [i, wine] of json.wines.entries()) await expect(host.getByTestId('wine-name').nth(i)).toHaveValue(wine.name);
  if (json.timerSeconds !== undefined) await expect(host.getByTestId('timer-seconds')).toHaveValue(String(json.timerSeconds));
  await submit.click();
  await expect(host.getByTestId('host-session')).toHaveAttribute('data-phase', 'waiting');
  const code = (await host.getByTestId('session-code').textContent())!.trim();
  expect(code).toMatch(/^\d{4}$/);
  return { host, code };
}

/** A phone (mobile viewport, touch) in its own browser context, opened at `url` (e.g. `/play`). */
export async function openPhone(browser: Browser, url: string, { locale, serviceWorkers, prepare }: DeviceOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale, serviceWorkers });
  await prepare?.(context);
  const phone = await context.newPage();
  await phone.goto(url);
  return phone;
}

/** A phone joining `code` in its own browser context; waits for the lobby and returns page + pseudonym. */
export async function joinPhone(browser: Browser, code: string, options: DeviceOptions = {}): Promise<{ phone: Page; pseudonym: string }> {
  const phone = await openPhone(browser, `/play?code=${code}`, options);
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'waiting');
  const pseudonym = (await phone.getByTestId('my-pseudonym').first().textContent())!.trim();
  expect(pseudonym).toMatch(/^[A-Z]+-[A-Z]+$/);
  return { phone, pseudonym };
}

/** Taps the option whose text is `text` on a phone. */
export async function answer(phone: Page, text: string): Promise<void> {
  const option = phone.getByTestId('option').filter({ hasText: text });
  await option.click();
  await expect(option).toHaveAttribute('aria-pressed', 'true');
}

/** Waits until every page shows `phase` (host or participant root). */
export async function expectPhase(pages: Page[], phase: string): Promise<void> {
  for (const p of pages) {
    const root = p.getByTestId('host-session').or(p.getByTestId('play'));
    await expect(root).toHaveAttribute('data-phase', phase);
  }
}

/** Leaderboard rows shown on `page` (or inside a part of it), as {pseudonym, score, rank}. */
export async function leaderboardRows(page: Page | Locator): Promise<{ pseudonym: string; score: number; rank: number }[]> {
  const rows = page.getByTestId('leaderboard').last().getByTestId('leaderboard-row');
  return rows.evaluateAll((els) =>
    els.map((el) => ({
      pseudonym: el.getAttribute('data-pseudonym')!,
      score: Number(el.getAttribute('data-score')),
      rank: Number(el.getAttribute('data-rank')),
    })),
  );
}

/** `fixture` (a file in FIXTURES) with some top-level fields replaced, ready for `hostSession`. */
export function fixtureWith(name: string, changes: Partial<FixtureTasting>): { name: string; json: FixtureTasting } {
  return { name, json: { ...loadFixture(name), ...changes } };
}

/** one-wine.json with a 120 s timer, so no question expires by itself while a test reloads or waits. */
export const SLOW_ONE_WINE = fixtureWith('one-wine.json', { timerSeconds: 120 });

/** Closes the browser contexts of `pages` (phones no longer needed), keeping memory low on small machines. */
export async function closePages(pages: Page[]): Promise<void> {
  await Promise.all(pages.map((p) => p.context().close()));
}

/** The whole-seconds value the `timer` on `page` shows now. */
export async function timerValue(page: Page): Promise<number> {
  const text = (await page.getByTestId('timer').textContent())!.trim();
  expect(text).toMatch(/^\d+$/);
  return Number(text);
}

/** Ends the tasting from the host's controls: "End tasting" asks first, then its confirmation ends it. */
export async function endTasting(host: Page): Promise<void> {
  await host.getByTestId('host-end').click();
  await host.getByTestId('host-end-confirm').click();
}

/**
 * Asks `page`'s service worker registration to look for a new version, as the app does on its own every few
 * minutes. Right after a rebuild wrangler dev may still be reloading its files and answer sw.js with the app page
 * (the browser then refuses the update: "unsupported MIME type"); like the app's own check, it asks again until the
 * browser accepts the script.
 */
export async function checkForUpdate(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          navigator.serviceWorker.getRegistration().then((r) => r?.update()).then(
            () => 'checked',
            (e: unknown) => String(e),
          ),
        ),
      { timeout: 30_000 },
    )
    .toBe('checked');
}

/**
 * Starts recording every data-phase the root of `page` (phone or host session) shows from now on, in order, without
 * repeats; returns a reader of that list.
 */
export async function recordPhases(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { phases: string[] }).phases = seen;
    const note = () => {
      const phase = document.querySelector('[data-testid="play"], [data-testid="host-session"]')?.getAttribute('data-phase');
      if (phase && seen.at(-1) !== phase) seen.push(phase);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  });
  return () => page.evaluate(() => (window as unknown as { phases: string[] }).phases);
}

/** How many lines of text `locator` lays out (distinct tops of its text nodes' client rects). */
export async function lineCount(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const tops = new Set<number>();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
    }
    return tops.size;
  });
}

/**
 * The phone's header with the longest pseudonym and a five-digit score, at 390 and 320 px wide: the name stays on
 * one line (ellipsized), the points pill never splits, and the language switch stays on screen. Puts the page's
 * text and width back afterwards.
 */
export async function expectPhoneHeaderFits(phone: Page): Promise<void> {
  const name = phone.getByTestId('my-pseudonym');
  const score = phone.getByTestId('my-score');
  const [oldName, oldScore] = [await name.textContent(), await score.textContent()];
  const size = phone.viewportSize()!;
  await name.evaluate((el) => (el.textContent = 'SPARKLING-SOMMELIER'));
  await score.evaluate((el) => (el.textContent = '12 345'));
  for (const width of [390, 320]) {
    await phone.setViewportSize({ width, height: size.height });
    expect(await lineCount(name), `pseudonym lines at ${width} px`).toBe(1);
    expect(await lineCount(phone.locator('.score-pill')), `points pill lines at ${width} px`).toBe(1);
    const lang = (await phone.locator('.play-header').getByTestId('lang-switch').boundingBox())!;
    expect(lang.x + lang.width, `language switch on screen at ${width} px`).toBeLessThanOrEqual(width);
  }
  await phone.setViewportSize(size);
  await name.evaluate((el, text) => (el.textContent = text), oldName);
  await score.evaluate((el, text) => (el.textContent = text), oldScore);
}

/**
 * The phone's leaderboard with the longest pseudonym in its first row, at 390 and 320 px wide: the name and its
 * "(you)" stay on one line. Puts the page's text and width back afterwards.
 */
export async function expectBoardRowFits(phone: Page): Promise<void> {
  const row = phone.getByTestId('leaderboard-row').first();
  const name = row.locator('.name bdi');
  const old = await name.textContent();
  const size = phone.viewportSize()!;
  await name.evaluate((el) => (el.textContent = 'SPARKLING-SOMMELIER'));
  for (const width of [390, 320]) {
    await phone.setViewportSize({ width, height: size.height });
    expect(await lineCount(row.locator('.name')), `leaderboard name lines at ${width} px`).toBe(1);
  }
  await phone.setViewportSize(size);
  await name.evaluate((el, text) => (el.textContent = text), old);
}

/**
 * The host's lobby fits a 1024x768 tablet: the header shows the tasting's whole title (no ellipsis) and the join
 * card's buttons (Copy link) are above the fold.
 */
export async function expectLobbyFits(host: Page): Promise<void> {
  const title = host.locator('.host-title');
  expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth), 'tasting title not cut').toBe(true);
  const copy = (await host.locator('.join-card .row-actions button').first().boundingBox())!;
  expect(copy.y + copy.height, 'Copy link above the fold').toBeLessThanOrEqual(host.viewportSize()!.height);
}

/**
 * Plays the current wine's five questions through without answers (reveal, next to the question's leaderboard,
 * next) and waits until `host` and `others` show the wine's results (`round_leaderboard`).
 */
export async function playThroughWine(host: Page, others: Page[] = []): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await host.getByTestId('host-reveal').click();
    await host.getByTestId('host-next').click();
    await expectPhase([host], 'question_leaderboard');
    await host.getByTestId('host-next').click();
  }
  await expectPhase([host, ...others], 'round_leaderboard');
}
