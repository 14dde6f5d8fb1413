/** Shared steps of the e2e specs: a host creating a tasting, phones joining, answering by text. */
import { expect, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The team's fixtures folder (`../shared/fixtures` beside the repo). */
export const FIXTURES = path.resolve(here, '../../../shared/fixtures');

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

/** Opens /host in a fresh context, imports `file` (path or JSON buffer), creates the session; returns page + code. */
export async function hostSession(browser: Browser, file: string | { name: string; json: unknown }): Promise<{ host: Page; code: string }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const host = await context.newPage();
  await host.goto('/host');
  const newButton = host.getByTestId('tasting-new');
  if (await newButton.isVisible().catch(() => false)) await newButton.click();
  const input = host.getByTestId('tasting-import');
  if (typeof file === 'string') await input.setInputFiles(file);
  else
    await input.setInputFiles({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file.json)) });
  await host.getByTestId('tasting-submit').click();
  await expect(host.getByTestId('host-session')).toHaveAttribute('data-phase', 'waiting');
  const code = (await host.getByTestId('session-code').textContent())!.trim();
  expect(code).toMatch(/^\d{4}$/);
  return { host, code };
}

/** A phone joining `code` in its own browser context; waits for the lobby and returns page + pseudonym. */
export async function joinPhone(browser: Browser, code: string): Promise<{ phone: Page; pseudonym: string }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await phone.goto(`/play?code=${code}`);
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

/** Leaderboard rows shown on `page`, as {pseudonym, score, rank}. */
export async function leaderboardRows(page: Page): Promise<{ pseudonym: string; score: number; rank: number }[]> {
  const rows = page.getByTestId('leaderboard').last().getByTestId('leaderboard-row');
  return rows.evaluateAll((els) =>
    els.map((el) => ({
      pseudonym: el.getAttribute('data-pseudonym')!,
      score: Number(el.getAttribute('data-score')),
      rank: Number(el.getAttribute('data-rank')),
    })),
  );
}
