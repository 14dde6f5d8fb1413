/**
 * Reusable tastings (issue 13): a tasting saved to "My tastings" without opening a session, suggested distractors
 * in the form, rename, duplicate, delete with undo, served from the library, and a past session served again.
 */
import { expect, test, type Page } from '@playwright/test';
import { closePages, expectPhase, fixturePath, joinPhone, loadFixture } from './helpers';

/** Every value of the catalogue's region list is "Region — Sub-region (Country)". */
const FULL_REGION = /^(.+) — (.+) \((.+)\)$/;

async function openNewForm(host: Page): Promise<void> {
  const newButton = host.getByTestId('tasting-new');
  const submit = host.getByTestId('tasting-submit');
  await expect(async () => {
    if (!(await submit.isVisible())) await newButton.click({ timeout: 1000 });
    await expect(submit).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}

test('suggest distractors, save to my tastings, rename, duplicate, delete with undo, serve, and serve a past session again', async ({
  browser,
}) => {
  const fixture = loadFixture('two-wines.json');
  const host = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  await host.goto('/host');
  await openNewForm(host);

  // Suggested distractors: three different values of the category, never the correct answer, editable.
  await host.getByTestId('answer-region').fill('Bordeaux — Pauillac (France)');
  await host.getByTestId('suggest-region').click();
  const regions = await Promise.all([1, 2, 3].map((n) => host.getByTestId(`distractor-region-${n}`).inputValue()));
  expect(new Set(regions).size).toBe(3);
  for (const r of regions) {
    const [, region, , country] = FULL_REGION.exec(r) ?? [];
    expect(country, r).toBe('France');
    expect(region, r).not.toBe('Bordeaux');
  }
  await host.getByTestId('answer-vintage_year').fill('2015');
  await host.getByTestId('suggest-vintage_year').click();
  const years = await Promise.all([1, 2, 3].map((n) => host.getByTestId(`distractor-vintage_year-${n}`).inputValue()));
  expect(new Set(years).size).toBe(3);
  for (const y of years) expect([2012, 2013, 2014, 2016, 2017, 2018]).toContain(Number(y));
  await host.getByTestId('distractor-vintage_year-2').fill('1999');
  await expect(host.getByTestId('distractor-vintage_year-2')).toHaveValue('1999');

  // Saved without opening a session.
  await host.getByTestId('tasting-title').fill('Bordeaux night');
  await host.getByTestId('tasting-save').click();
  const items = host.getByTestId('library-item');
  await expect(items).toHaveCount(1);
  await expect(items.first().getByTestId('library-title')).toHaveText('Bordeaux night');
  await expect(host.getByTestId('session-list-item')).toHaveCount(0);

  // A second one from a file, then rename, duplicate, delete with undo.
  await openNewForm(host);
  await host.getByTestId('tasting-import').setInputFiles(fixturePath('two-wines.json'));
  await expect(host.getByTestId('wine-name')).toHaveCount(2);
  await host.getByTestId('tasting-save').click();
  await expect(items).toHaveCount(2);
  const imported = items.filter({ hasText: fixture.title! });
  await imported.getByTestId('library-rename').click();
  await host.getByTestId('library-rename-input').fill('Reds and whites');
  await host.getByTestId('library-rename-save').click();
  const renamed = items.filter({ has: host.getByTestId('library-title').getByText('Reds and whites', { exact: true }) });
  await expect(renamed).toHaveCount(1);
  await renamed.getByTestId('library-duplicate').click();
  await expect(items).toHaveCount(3);
  const copy = items.filter({ hasText: 'Reds and whites (copy)' });
  await copy.getByTestId('library-delete').click();
  await expect(items).toHaveCount(2);
  await host.getByTestId('library-undo').click();
  await expect(items).toHaveCount(3);
  await expect(copy).toHaveCount(1);

  // The library survives a reload; serving opens a lobby with the tasting.
  await host.reload();
  await expect(items).toHaveCount(3);
  await renamed.getByTestId('library-serve').click();
  await expect(host.getByTestId('host-session')).toHaveAttribute('data-phase', 'waiting');
  await expect(host.locator('.host-title')).toHaveText('Reds and whites');
  const firstCode = (await host.getByTestId('session-code').textContent())!.trim();

  // Played and ended, it is served again from the past sessions: a new code, the same wines and answers.
  const { phone } = await joinPhone(browser, firstCode);
  await host.getByTestId('host-start').click();
  await expectPhase([host, phone], 'question_open');
  const options = (await host.getByTestId('host-option').locator('.option-text').allTextContents()).sort();
  await host.getByTestId('host-end').click();
  await host.getByTestId('host-end-confirm').click();
  await expectPhase([host, phone], 'ended');
  await host.goto('/host');
  await host.locator(`[data-testid="session-list-item"][data-code="${firstCode}"]`).getByTestId('session-serve-again').click();
  await expect(host.getByTestId('host-session')).toHaveAttribute('data-phase', 'waiting');
  const secondCode = (await host.getByTestId('session-code').textContent())!.trim();
  expect(secondCode).not.toBe(firstCode);
  await expect(host.locator('.host-title')).toHaveText('Reds and whites');
  const again = await joinPhone(browser, secondCode);
  await host.getByTestId('host-start').click();
  await expectPhase([host, again.phone], 'question_open');
  expect((await host.getByTestId('host-option').locator('.option-text').allTextContents()).sort()).toEqual(options);
  await closePages([phone, again.phone, host]);
});
