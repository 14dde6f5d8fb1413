/**
 * The projector view (`/host/<code>/screen`, issue 13): opened from the host's screen on the same device, it follows
 * a whole game — lobby with code and QR, every question with its timer and answered count, reveals, standings, the
 * wine's results and the end — while the host drives with the keyboard shortcuts; it keeps its picture through a
 * reload of the host's tab and of its own, and goes on following.
 */
import { expect, test, type Page } from '@playwright/test';
import { answer, closePages, expectPhase, hostSession, joinPhone, leaderboardRows, SLOW_ONE_WINE } from './helpers';

const screenPhase = (screen: Page, phase: string) => expect(screen.getByTestId('projector')).toHaveAttribute('data-phase', phase);

test('the projector follows a whole game, the keyboard shortcuts and a host reload', async ({ browser }) => {
  const questions = SLOW_ONE_WINE.json.wines[0]!.questions;
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const [screen] = await Promise.all([host.context().waitForEvent('page'), host.getByTestId('open-projector').click()]);
  await expect(screen).toHaveURL(new RegExp(`/host/${code}/screen$`));

  // Lobby: the code, the QR code and whoever joined.
  await screenPhase(screen, 'waiting');
  await expect(screen.getByTestId('session-code')).toHaveText(code);
  await expect(screen.getByTestId('join-qr').locator('svg')).toBeVisible();
  const { phone, pseudonym } = await joinPhone(browser, code);
  await expect(screen.getByText(pseudonym)).toBeVisible();

  // Space starts (the shortcut is on the button).
  await expect(host.getByTestId('host-start')).toHaveAttribute('aria-keyshortcuts', 'Space');
  await host.keyboard.press(' ');
  await expectPhase([host, phone], 'question_open');
  await screenPhase(screen, 'question_open');
  await expect(screen.getByTestId('question-text')).toHaveText('What is the color of this wine?');
  await expect(screen.getByTestId('timer')).toHaveText(/^\d+$/);
  await expect(screen.getByTestId('answered-count')).toHaveText('0/1');
  await answer(phone, questions[0]!.correct);
  await expect(screen.getByTestId('answered-count')).toHaveText('1/1');

  // Space pauses and resumes, R reveals, → shows the standings: each once the controls have settled.
  const press = async (key: string, button: string, phase: string) => {
    await expect(host.getByTestId(button)).toBeEnabled();
    await host.keyboard.press(key);
    await expectPhase([host], phase);
    await screenPhase(screen, phase);
  };
  await press(' ', 'host-pause', 'question_paused');
  await press(' ', 'host-resume', 'question_open');
  await press('r', 'host-reveal', 'question_revealed');
  await expect(screen.locator('[data-correct="true"]')).toContainText(questions[0]!.correct);
  await press('ArrowRight', 'host-next', 'question_leaderboard');
  expect(await leaderboardRows(screen)).toEqual([{ pseudonym, score: 100, rank: 1 }]);
  await press('ArrowRight', 'host-next', 'question_open');

  // The host's tab reloads mid-question: the screen keeps the question, then follows the reloaded tab.
  await expect(screen.getByTestId('question-text')).toHaveText('From which region does this wine come?');
  await host.reload();
  await expectPhase([host], 'question_open');
  await screenPhase(screen, 'question_open');
  await expect(screen.getByTestId('question-text')).toHaveText('From which region does this wine come?');
  await expectPhase([phone], 'question_open');
  await answer(phone, questions[1]!.distractors[0]!);
  await expect(screen.getByTestId('answered-count')).toHaveText('1/1');
  await host.getByTestId('host-reveal').click();
  await screenPhase(screen, 'question_revealed');

  // The screen itself reloads: it comes back where the game is.
  await screen.reload();
  await screenPhase(screen, 'question_revealed');
  await host.getByTestId('host-next').click();
  await screenPhase(screen, 'question_leaderboard');

  // Questions 3 to 5 with the buttons, then the wine's results and the end.
  for (const q of questions.slice(2)) {
    await host.getByTestId('host-next').click();
    await screenPhase(screen, 'question_open');
    await answer(phone, q.correct);
    await expect(screen.getByTestId('answered-count')).toHaveText('1/1');
    await host.getByTestId('host-reveal').click();
    await screenPhase(screen, 'question_revealed');
    await host.getByTestId('host-next').click();
    await screenPhase(screen, 'question_leaderboard');
  }
  await host.getByTestId('host-next').click();
  await screenPhase(screen, 'round_leaderboard');
  await expect(screen.getByTestId('leaderboard')).toContainText(SLOW_ONE_WINE.json.wines[0]!.name);
  await host.getByTestId('host-next').click();
  await screenPhase(screen, 'ended');
  expect(await leaderboardRows(screen)).toEqual([{ pseudonym, score: 400, rank: 1 }]);
  await closePages([phone, host]);
});

test('the host’s tab closes in the lobby: the projector says it waits for the host instead of inviting phones', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const context = host.context();
  const screen = await context.newPage();
  await screen.goto(`/host/${code}/screen`);
  await expect(screen.getByTestId('join-qr').locator('svg')).toBeVisible();
  await expect(screen.getByTestId('projector-waiting')).toHaveCount(0);

  await host.close();
  await expect(screen.getByTestId('projector-waiting')).toHaveText(/Waiting for the host’s tablet/);
  await expect(screen.getByTestId('join-qr')).toHaveCount(0);

  // The host opens the tasting again: the invitation comes back.
  const again = await context.newPage();
  await again.goto(`/host/${code}`);
  await expect(screen.getByTestId('join-qr').locator('svg')).toBeVisible();
  await expect(screen.getByTestId('projector-waiting')).toHaveCount(0);
  await closePages([again, screen]);
});
