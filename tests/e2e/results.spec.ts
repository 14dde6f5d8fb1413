/**
 * Results that leave the room (issue 13): the host's printable results page of an ended session — title, date, the
 * ranking with each player's points per wine, the wines with their correct answers, a print stylesheet that keeps
 * only the results — and a phone that keeps its own final result and shows it again from the home screen.
 */
import { expect, test } from '@playwright/test';
import { answer, closePages, expectPhase, fixtureWith, hostSession, joinPhone, leaderboardRows } from './helpers';

const TASTING = fixtureWith('two-wines.json', { timerSeconds: 120 });

test('the printable results page of an ended session, and a phone showing its kept result again', async ({ browser }) => {
  const wines = TASTING.json.wines;
  const { host, code } = await hostSession(browser, TASTING);
  const a = await joinPhone(browser, code);
  const b = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();

  // Wine 1: A always right, B right on the color only. Wine 2, first question: B right, A wrong; then the end.
  const play = async (q: { correct: string; distractors: string[] }, aRight: boolean, bRight: boolean) => {
    await expectPhase([host, a.phone, b.phone], 'question_open');
    await answer(a.phone, aRight ? q.correct : q.distractors[0]!);
    await answer(b.phone, bRight ? q.correct : q.distractors[1]!);
    await host.getByTestId('host-reveal').click();
    await expectPhase([host], 'question_revealed');
    await host.getByTestId('host-next').click();
    await expectPhase([host], 'question_leaderboard');
  };
  for (const q of wines[0]!.questions) {
    await play(q, true, q.category === 'color');
    await host.getByTestId('host-next').click();
  }
  await expectPhase([host], 'round_leaderboard');
  await host.getByTestId('host-next').click();
  await play(wines[1]!.questions[0]!, false, true);
  await host.getByTestId('host-end').click();
  await host.getByTestId('host-end-confirm').click();
  await expectPhase([host, a.phone, b.phone], 'ended');

  // From the final screen to the printable page.
  await host.getByTestId('print-results').click();
  await expect(host).toHaveURL(new RegExp(`/host/${code}/results$`));
  const page = host.getByTestId('results-page');
  await expect(page).toHaveAttribute('data-code', code);
  await expect(host.getByTestId('results-title')).toHaveText(TASTING.json.title!);
  const day = (ms: number) => new Intl.DateTimeFormat('en-US', { dateStyle: 'full' }).format(ms);
  await expect(host.getByTestId('results-date')).toContainText(new RegExp(`^(${day(Date.now())}|${day(Date.now() - 86_400_000)}) · code ${code} · 2 players$`));
  const rows = await host.getByTestId('results-row').evaluateAll((els) =>
    els.map((el) => ({
      pseudonym: el.getAttribute('data-pseudonym'),
      rank: Number(el.getAttribute('data-rank')),
      score: Number(el.getAttribute('data-score')),
      perWine: [...el.querySelectorAll('[data-testid="results-wine-points"]')].map((c) => Number(c.textContent)),
    })),
  );
  expect(rows).toEqual([
    { pseudonym: a.pseudonym, rank: 1, score: 500, perWine: [500, 0] },
    { pseudonym: b.pseudonym, rank: 2, score: 200, perWine: [100, 100] },
  ]);
  await expect(host.getByTestId('results-ranking').locator('thead th')).toHaveText([
    'Rank',
    'Player',
    `Wine 1: ${wines[0]!.name}`,
    `Wine 2: ${wines[1]!.name}`,
    'Total',
  ]);
  // Every wine with its correct answers, category by category.
  await expect(host.getByTestId('results-wine')).toHaveCount(2);
  for (const [wi, wine] of wines.entries()) {
    const answers = host.getByTestId('results-wine').nth(wi).getByTestId('results-answer');
    await expect(answers).toHaveText(wine.questions.map((q) => q.correct));
  }

  // On paper: the results only.
  await host.emulateMedia({ media: 'print' });
  await expect(host.getByTestId('results-print')).toBeHidden();
  await expect(host.getByTestId('lang-switch')).toBeHidden();
  await expect(host.getByTestId('results-ranking')).toBeVisible();
  await expect(host.getByTestId('results-wine').last()).toBeVisible();
  await host.emulateMedia({ media: 'screen' });
  await expect(host.getByTestId('results-print')).toBeVisible();

  // The phone kept its result: from the home screen, even after a reload, with the whole final leaderboard.
  const final = await leaderboardRows(b.phone);
  await b.phone.goto('/');
  await b.phone.reload();
  await b.phone.getByTestId('my-results-link').click();
  await expect(b.phone).toHaveURL(/\/play\/results$/);
  const kept = b.phone.getByTestId('my-result');
  await expect(kept).toHaveCount(1);
  await expect(kept).toHaveAttribute('data-code', code);
  await expect(kept).toHaveAttribute('data-rank', '2');
  await expect(kept).toHaveAttribute('data-score', '200');
  await expect(kept).toContainText(TASTING.json.title!);
  await kept.getByRole('button').click();
  expect(await leaderboardRows(b.phone)).toEqual(final);
  expect(final).toEqual([
    { pseudonym: a.pseudonym, score: 500, rank: 1 },
    { pseudonym: b.pseudonym, score: 200, rank: 2 },
  ]);
  await closePages([a.phone, b.phone, host]);
});
