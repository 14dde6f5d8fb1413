/**
 * A whole two-wine tasting over real WebRTC (issue 2, scenario 1): P1 always right, P2 right only on color,
 * P3 never answers. Scores checked at every reveal and on every leaderboard, on the host and on every phone.
 */
import { expect, test } from '@playwright/test';
import { answer, expectPhase, fixturePath, hostSession, joinPhone, leaderboardRows, loadFixture } from './helpers';

test('two wines, three players: exact points at every reveal and leaderboard', async ({ browser }) => {
  const fixture = loadFixture('two-wines.json');
  const { host, code } = await hostSession(browser, fixturePath('two-wines.json'));
  const p1 = await joinPhone(browser, code);
  const p2 = await joinPhone(browser, code);
  const p3 = await joinPhone(browser, code);
  await expect(host.getByTestId('lobby-player')).toHaveCount(3);
  const names = await host.getByTestId('lobby-player').allTextContents();
  expect(names.sort()).toEqual([p1.pseudonym, p2.pseudonym, p3.pseudonym].sort());

  const phones = [p1.phone, p2.phone, p3.phone];
  const expected = { p1: 0, p2: 0, p3: 0 };
  await host.getByTestId('host-start').click();

  for (const [wi, wine] of fixture.wines.entries()) {
    for (const [qi, q] of wine.questions.entries()) {
      await expectPhase([host, ...phones], 'question_open');
      await expect(host.getByTestId('host-option')).toHaveCount(4);
      // The same order of options on the host and on every phone.
      const hostOrder = await host.getByTestId('host-option').locator('.option-text').allTextContents();
      for (const phone of phones) expect(await phone.getByTestId('option').locator('.option-text').allTextContents()).toEqual(hostOrder);

      await answer(p1.phone, q.correct);
      await answer(p2.phone, q.category === 'color' ? q.correct : q.distractors[0]!);
      await expect(host.getByTestId('answered-count')).toHaveText('2/3');

      await host.getByTestId('host-reveal').click();
      await expectPhase([host, ...phones], 'question_revealed');
      expected.p1 += 100;
      if (q.category === 'color') expected.p2 += 100;
      await expect(p1.phone.getByTestId('my-points')).toHaveText('+100');
      await expect(p2.phone.getByTestId('my-points')).toHaveText(q.category === 'color' ? '+100' : '0');
      await expect(p3.phone.getByTestId('my-points')).toHaveText('0');
      await expect(host.locator('[data-testid="host-option"][data-correct="true"]')).toHaveText(new RegExp(escape(q.correct)));
      for (const phone of phones)
        await expect(phone.locator('[data-testid="option"][data-correct="true"]')).toContainText(q.correct);
      await expect(p1.phone.getByTestId('my-score')).toHaveText(String(expected.p1));
      await expect(p2.phone.getByTestId('my-score')).toHaveText(String(expected.p2));
      await expect(p3.phone.getByTestId('my-score')).toHaveText('0');

      await host.getByTestId('host-next').click();
      await expectPhase([host, ...phones], 'question_leaderboard');
      await host.getByTestId('host-next').click();
      if (qi === wine.questions.length - 1) {
        await expectPhase([host, ...phones], 'round_leaderboard');
        // Wine results name the wine, now that its questions are over, and show what each won on it.
        for (const page of [host, ...phones]) await expect(page.getByTestId('leaderboard')).toContainText(wine.name);
        await expect(host.locator(`[data-testid="leaderboard-row"][data-pseudonym="${p1.pseudonym}"] .delta`)).toHaveText('+500');
        if (wi === 0) {
          for (const page of [host, ...phones]) {
            expect(await leaderboardRows(page)).toEqual([
              { pseudonym: p1.pseudonym, score: 500, rank: 1 },
              { pseudonym: p2.pseudonym, score: 100, rank: 2 },
              { pseudonym: p3.pseudonym, score: 0, rank: 3 },
            ]);
          }
        }
        await host.getByTestId('host-next').click();
      }
    }
  }

  await expectPhase([host, ...phones], 'ended');
  const final = [
    { pseudonym: p1.pseudonym, score: 1000, rank: 1 },
    { pseudonym: p2.pseudonym, score: 200, rank: 2 },
    { pseudonym: p3.pseudonym, score: 0, rank: 3 },
  ];
  for (const page of [host, ...phones]) expect(await leaderboardRows(page)).toEqual(final);
  await expect(p1.phone.getByText('You finished #1')).toBeVisible();

  // The dashboard keeps the ended session with its players.
  await host.goto('/host');
  const item = host.locator(`[data-testid="session-list-item"][data-code="${code}"]`);
  await expect(item).toHaveAttribute('data-status', 'ended');
  await expect(item).toHaveAttribute('data-players', '3');
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
