/**
 * Latecomers (issue 13, docs/game-rules.md): with the host's "latecomers may join" on (the default), a phone that opens the
 * link at question 3 gets a seat, answers question 3 while it is open, has 0 for questions 1 and 2, and ends with
 * its exact score on every leaderboard.
 */
import { expect, test } from '@playwright/test';
import { answer, closePages, expectPhase, hostSession, joinPhone, leaderboardRows, openPhone, SLOW_ONE_WINE } from './helpers';

test('a phone joining at question 3 plays on from there and ends with its exact score', async ({ browser }) => {
  const questions = SLOW_ONE_WINE.json.wines[0]!.questions;
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const early = await joinPhone(browser, code);
  await expect(host.getByTestId('latecomers')).toBeChecked();
  await host.getByTestId('host-start').click();

  // Questions 1 and 2: the early player is right on both.
  for (const q of questions.slice(0, 2)) {
    await expectPhase([host, early.phone], 'question_open');
    await answer(early.phone, q.correct);
    await host.getByTestId('host-reveal').click();
    await expectPhase([host, early.phone], 'question_revealed');
    await host.getByTestId('host-next').click();
    await expectPhase([host], 'question_leaderboard');
    await host.getByTestId('host-next').click();
  }

  // Question 3 is open: the latecomer scans the code and lands in it, at 0.
  await expectPhase([host, early.phone], 'question_open');
  const late = await openPhone(browser, `/play?code=${code}`);
  await expectPhase([late], 'question_open');
  const lateName = (await late.getByTestId('my-pseudonym').first().textContent())!.trim();
  expect(lateName).toMatch(/^[A-Z]+-[A-Z]+$/);
  expect(lateName).not.toBe(early.pseudonym);
  await expect(late.getByTestId('my-score')).toHaveText('0');
  await expect(late.getByTestId('option')).toHaveCount(4);
  await expect(host.getByTestId('answered-count')).toHaveText('0/2');

  const expected = { early: 200, late: 0 };
  // Q3: latecomer right, early wrong. Q4: both right. Q5: early right, latecomer wrong.
  const picks = [
    [questions[2]!.distractors[0]!, questions[2]!.correct],
    [questions[3]!.correct, questions[3]!.correct],
    [questions[4]!.correct, questions[4]!.distractors[1]!],
  ] as const;
  for (const [i, [earlyPick, latePick]] of picks.entries()) {
    const q = questions[2 + i]!;
    await expectPhase([host, early.phone, late], 'question_open');
    await answer(early.phone, earlyPick);
    await answer(late, latePick);
    await expect(host.getByTestId('answered-count')).toHaveText('2/2');
    await host.getByTestId('host-reveal').click();
    await expectPhase([host, early.phone, late], 'question_revealed');
    if (earlyPick === q.correct) expected.early += 100;
    if (latePick === q.correct) expected.late += 100;
    await expect(late.getByTestId('my-points')).toHaveText(latePick === q.correct ? '+100' : '0');
    await expect(late.getByTestId('my-score')).toHaveText(String(expected.late));
    await host.getByTestId('host-next').click();
    await expectPhase([host, early.phone, late], 'question_leaderboard');
    // The latecomer is on the standings like everyone else.
    await expect(host.locator(`[data-testid="leaderboard-row"][data-pseudonym="${lateName}"]`)).toHaveAttribute('data-score', String(expected.late));
    await host.getByTestId('host-next').click();
  }

  await expectPhase([host, early.phone, late], 'round_leaderboard');
  await host.getByTestId('host-next').click();
  await expectPhase([host, early.phone, late], 'ended');
  expect(expected).toEqual({ early: 400, late: 200 });
  const final = [
    { pseudonym: early.pseudonym, score: 400, rank: 1 },
    { pseudonym: lateName, score: 200, rank: 2 },
  ];
  for (const page of [host, early.phone, late]) expect(await leaderboardRows(page)).toEqual(final);
  await expect(late.getByText('You finished #2')).toBeVisible();
  await closePages([late, early.phone, host]);
});
