/** The tasting form: validation names the first problem and points at it; imports say what they did. */
import { expect, test } from '@playwright/test';
import { loadFixture } from './helpers';

test('an empty answer is named in words and its field gets the focus', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  await page.goto('/host');
  await page.getByTestId('answer-wine_name').fill('');
  await page.getByTestId('tasting-submit').click();
  await expect(page.getByRole('alert')).toHaveText('Wine 1 — Wine name: correct answer is required');
  await expect(page.getByRole('alert')).toBeInViewport();
  await expect(page.getByTestId('answer-wine_name')).toBeFocused();
  await expect(page.getByTestId('host-session')).toHaveCount(0);
});

test('importing: a bad file is refused naming its first problem; a good one fills the form and says so', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  await page.goto('/host');
  const bad = loadFixture('one-wine.json');
  bad.wines[0]!.questions[2]!.distractors = ['Syrah'];
  await page.getByTestId('tasting-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByRole('alert')).toHaveText('Cannot import bad.json: wines[0].questions[2]: needs 3 distractors');
  await page.getByTestId('tasting-import').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{nope') });
  await expect(page.getByRole('alert')).toContainText('junk.json is not a tasting file');

  const two = loadFixture('two-wines.json');
  await page.getByTestId('tasting-import').setInputFiles({ name: 'two.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(two)) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 wines from two.json' })).toBeVisible();
  await expect(page.getByTestId('wine-name')).toHaveCount(2);
  await expect(page.getByTestId('wine-name').nth(1)).toHaveValue(two.wines[1]!.name);
  await expect(page.getByTestId('answer-region').nth(1)).toHaveValue(two.wines[1]!.questions[1]!.correct);
});
