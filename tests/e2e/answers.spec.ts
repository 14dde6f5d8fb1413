/**
 * Changing an answer before the reveal (docs/game-rules.md): only the last pick counts, the selection moves on
 * the phone, and the host's "X / Y answered" counts the person once. Two questions of one game:
 * Q1 wrong -> right (+100), Q2 right -> wrong (0). A second player is the control.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectPhase, fixturePath, hostSession, joinPhone, loadFixture } from './helpers';

/** The option button whose text is `text` on a phone. */
function option(phone: Page, text: string): Locator {
  return phone.getByTestId('option').filter({ hasText: text });
}

/** Asserts `locator` shows `text` at every sample over `ms` (a value that must not move, e.g. after a change). */
async function expectSteadyText(locator: Locator, text: string, ms = 1500): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await expect(locator).toHaveText(text, { timeout: 100 });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Picks `first`, then `last` on `phone`; checks the selection follows and the host counts one answer. */
async function pickThenChange(phone: Page, host: Page, first: string, last: string, total: number): Promise<void> {
  await option(phone, first).click();
  await expect(option(phone, first)).toHaveAttribute('aria-pressed', 'true');
  await expect(host.getByTestId('answered-count')).toHaveText(`1/${total}`);

  await option(phone, last).click();
  await expect(option(phone, last)).toHaveAttribute('aria-pressed', 'true');
  await expect(option(phone, first)).toHaveAttribute('aria-pressed', 'false');
  await expect(phone.locator('[data-testid="option"][aria-pressed="true"]')).toHaveCount(1);
  // The host's snapshot comes back (a lost change would flip the selection back to `first`): still one answer.
  await expectSteadyText(host.getByTestId('answered-count'), `1/${total}`);
  await expect(option(phone, last)).toHaveAttribute('aria-pressed', 'true');
}

test('changing the answer before the reveal: only the last pick is scored and counted once', async ({ browser }) => {
  const [color, region] = loadFixture('one-wine.json').wines[0]!.questions;
  expect(color!.category).toBe('color');
  expect(region!.category).toBe('region');

  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
  const p1 = await joinPhone(browser, code);
  const p2 = await joinPhone(browser, code);
  const all = [host, p1.phone, p2.phone];
  await host.getByTestId('host-start').click();

  await test.step('Q1: wrong, then right -> +100', async () => {
    await expectPhase(all, 'question_open');
    await expect(host.getByTestId('answered-count')).toHaveText('0/2');
    await pickThenChange(p1.phone, host, color!.distractors[0]!, color!.correct, 2);
    // The count still moves for someone else: it is live, not stuck.
    await option(p2.phone, color!.distractors[1]!).click();
    await expect(host.getByTestId('answered-count')).toHaveText('2/2');

    await host.getByTestId('host-reveal').click();
    await expectPhase(all, 'question_revealed');
    await expect(p1.phone.getByTestId('my-points')).toHaveText('+100');
    await expect(p1.phone.getByTestId('my-score')).toHaveText('100');
    await expect(p2.phone.getByTestId('my-points')).toHaveText('0');
    // After the reveal the phone still shows the last pick as its own, and it is the correct one.
    await expect(option(p1.phone, color!.correct)).toHaveAttribute('aria-pressed', 'true');
    await expect(option(p1.phone, color!.correct)).toHaveAttribute('data-correct', 'true');
    await expect(option(p1.phone, color!.distractors[0]!)).toHaveAttribute('aria-pressed', 'false');
    await expect(option(p1.phone, color!.distractors[0]!).getByLabel('your answer, wrong')).toHaveCount(0);
    // The host's per-question board agrees.
    const hostRow = host.locator(`[data-testid="leaderboard-row"][data-pseudonym="${p1.pseudonym}"]`);
    await expect(hostRow).toHaveAttribute('data-score', '100');
  });

  await host.getByTestId('host-next').click();
  await expectPhase(all, 'question_leaderboard');
  await host.getByTestId('host-next').click();

  await test.step('Q2: right, then wrong -> 0', async () => {
    await expectPhase(all, 'question_open');
    await expect(p1.phone.getByTestId('option').filter({ hasText: region!.correct })).toHaveCount(1);
    await expect(host.getByTestId('answered-count')).toHaveText('0/2');
    await pickThenChange(p1.phone, host, region!.correct, region!.distractors[0]!, 2);
    await option(p2.phone, region!.correct).click();
    await expect(host.getByTestId('answered-count')).toHaveText('2/2');

    await host.getByTestId('host-reveal').click();
    await expectPhase(all, 'question_revealed');
    await expect(p1.phone.getByTestId('my-points')).toHaveText('0');
    await expect(p1.phone.getByTestId('my-score')).toHaveText('100');
    await expect(p2.phone.getByTestId('my-points')).toHaveText('+100');
    await expect(p2.phone.getByTestId('my-score')).toHaveText('100');
    await expect(option(p1.phone, region!.distractors[0]!)).toHaveAttribute('aria-pressed', 'true');
    await expect(option(p1.phone, region!.distractors[0]!).getByLabel('your answer, wrong')).toHaveCount(1);
    await expect(option(p1.phone, region!.correct)).toHaveAttribute('aria-pressed', 'false');
    await expect(option(p1.phone, region!.correct)).toHaveAttribute('data-correct', 'true');
    const hostRow = host.locator(`[data-testid="leaderboard-row"][data-pseudonym="${p1.pseudonym}"]`);
    await expect(hostRow).toHaveAttribute('data-score', '100');
  });

  for (const page of all) await page.context().close();
});
