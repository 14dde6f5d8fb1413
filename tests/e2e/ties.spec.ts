/**
 * Ties share a rank (docs/game-rules.md: 1, 1, 3) on the host and on every phone; then the host ends the tasting
 * in the middle of a question (docs/game-rules.md): everyone lands on the final leaderboard and the host's
 * dashboard keeps the session as ended, with its results.
 */
import { expect, test } from '@playwright/test';
import { endTasting, expectPhase, fixturePath, hostSession, joinPhone, leaderboardRows, loadFixture } from './helpers';

type Row = { pseudonym: string; score: number; rank: number };

/** Asserts `rows` are `tied` (any order) at rank 1 with `score`, then `last` at rank 3 with `lastScore`. */
function expectOneOneThree(rows: Row[], tied: string[], score: number, last: string, lastScore: number): void {
  expect(rows).toHaveLength(3);
  expect(rows.slice(0, 2).map((r) => r.pseudonym).sort()).toEqual([...tied].sort());
  for (const r of rows.slice(0, 2)) expect(r).toMatchObject({ score, rank: 1 });
  expect(rows[2]).toEqual({ pseudonym: last, score: lastScore, rank: 3 });
}

test('equal scores share a rank (1, 1, 3); End mid-question shows the final board everywhere', async ({ browser }) => {
  const [color] = loadFixture('one-wine.json').wines[0]!.questions;
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
  const p1 = await joinPhone(browser, code);
  const p2 = await joinPhone(browser, code);
  const p3 = await joinPhone(browser, code);
  const phones = [p1.phone, p2.phone, p3.phone];
  const all = [host, ...phones];
  const tied = [p1.pseudonym, p2.pseudonym];

  await host.getByTestId('host-start').click();
  await expectPhase(all, 'question_open');
  // p1 and p2 answer identically (right), p3 is wrong.
  for (const phone of [p1.phone, p2.phone]) await phone.getByTestId('option').filter({ hasText: color!.correct }).click();
  await p3.phone.getByTestId('option').filter({ hasText: color!.distractors[0]! }).click();
  await expect(host.getByTestId('answered-count')).toHaveText('3/3');
  await host.getByTestId('host-reveal').click();
  await expectPhase(all, 'question_revealed');

  await test.step('first question leaderboard: 1, 1, 3 on the host and every phone', async () => {
    await host.getByTestId('host-next').click();
    await expectPhase(all, 'question_leaderboard');
    await expect(host.getByTestId('leaderboard-row')).toHaveCount(3);
    const hostRows = await leaderboardRows(host);
    expectOneOneThree(hostRows, tied, 100, p3.pseudonym, 0);
    for (const [i, phone] of phones.entries()) {
      await expect(phone.getByTestId('leaderboard-row')).toHaveCount(3);
      // Same rows, same order as the host's screen.
      expect(await leaderboardRows(phone)).toEqual(hostRows);
      const me = [p1, p2, p3][i]!.pseudonym;
      await expect(phone.locator(`[data-testid="leaderboard-row"][data-pseudonym="${me}"]`)).toHaveAttribute('aria-current', 'true');
    }
    // The shared rank is what people read too, not only an attribute.
    for (const page of all)
      for (const name of tied)
        await expect(page.locator(`[data-testid="leaderboard-row"][data-pseudonym="${name}"]`)).toContainText('#1');
    await expect(host.locator(`[data-testid="leaderboard-row"][data-pseudonym="${p3.pseudonym}"]`)).toContainText('#3');
  });

  await test.step('End in the middle of question 2: everyone sees the final leaderboard', async () => {
    await host.getByTestId('host-next').click();
    await expectPhase(all, 'question_open');
    await expect(host.getByTestId('answered-count')).toHaveText('0/3');
    // "End tasting" asks first: keeping on playing changes nothing for anyone.
    await host.getByTestId('host-end').click();
    await expect(host.getByRole('dialog', { name: 'End the tasting for everyone?' })).toBeVisible();
    await host.getByTestId('host-end-cancel').click();
    await expect(host.getByRole('dialog')).toHaveCount(0);
    await expectPhase(all, 'question_open');
    await expect(host.getByTestId('answered-count')).toHaveText('0/3');
    await endTasting(host);
    await expectPhase(all, 'ended');

    await expect(host.getByRole('heading', { name: 'Final results', level: 1 })).toBeVisible();
    for (const id of ['host-start', 'host-pause', 'host-resume', 'host-reveal', 'host-next', 'host-end'])
      await expect(host.getByTestId(id)).toHaveCount(0);
    const finalRows = await leaderboardRows(host);
    expectOneOneThree(finalRows, tied, 100, p3.pseudonym, 0);
    for (const phone of phones) {
      await expect(phone.getByTestId('leaderboard')).toHaveAttribute('aria-label', 'Final results');
      expect(await leaderboardRows(phone)).toEqual(finalRows);
      await expect(phone.getByTestId('option')).toHaveCount(0);
    }
    await expect(p1.phone.getByRole('heading', { name: 'You finished #1' })).toBeVisible();
    await expect(p2.phone.getByRole('heading', { name: 'You finished #1' })).toBeVisible();
    await expect(p3.phone.getByRole('heading', { name: 'You finished #3' })).toBeVisible();
  });

  await test.step('the dashboard lists the session as ended, with its results', async () => {
    // The host's own way back from the final screen (in-app navigation).
    await host.getByRole('link', { name: 'Create a new tasting' }).click();
    await expect(host).toHaveURL(/\/host$/);
    const item = host.locator(`[data-testid="session-list-item"][data-code="${code}"]`);
    await expect(item).toHaveAttribute('data-status', 'ended');
    await expect(item).toHaveAttribute('data-players', '3');
    await item.getByRole('button', { name: 'Results' }).click();
    await expect(item.getByTestId('leaderboard-row')).toHaveCount(3);
    expectOneOneThree(await leaderboardRows(item), tied, 100, p3.pseudonym, 0);
    // Phones keep the final board on screen after the host left the session screen.
    await expectPhase(phones, 'ended');
    await expect(p3.phone.getByRole('heading', { name: 'You finished #3' })).toBeVisible();
  });

  for (const page of all) await page.context().close();
});

// Regression: once a tasting had ended, closing the host's tab sent every phone from the final leaderboard to an
// endless "Reconnecting…" (docs/game-rules.md: the final leaderboard stays on screen).
test('after the end, the final leaderboard stays on phones when the host closes its tab', async ({ browser }) => {
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
  const { phone, pseudonym } = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await expectPhase([host, phone], 'question_open');
  await endTasting(host);
  await expectPhase([host, phone], 'ended');
  await host.context().close();
  // Give the phone time to notice the closed channel (it fires within ~60 ms of the host's pagehide).
  await phone.waitForTimeout(3000);
  await expectPhase([phone], 'ended');
  expect(await leaderboardRows(phone)).toEqual([{ pseudonym, score: 0, rank: 1 }]);
  await expect(phone.getByRole('heading', { name: 'You finished #1' })).toBeVisible();
  await phone.context().close();
});
