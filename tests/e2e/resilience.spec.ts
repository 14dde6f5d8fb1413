/**
 * Nothing lost (issue 4): reloads of the host and of phones, in the middle of a question.
 */
import { expect, test } from '@playwright/test';
import {
  answer,
  endTasting,
  expectPhase,
  fixturePath,
  hostSession,
  joinPhone,
  loadFixture,
  recordPhases,
  SLOW_ONE_WINE as SLOW,
} from './helpers';

test('host reload mid-question: answers given before the reload are scored, phones come back by themselves', async ({ browser }) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  const b = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone, b.phone], 'question_open');
  await answer(a.phone, q.correct);
  await answer(b.phone, q.distractors[0]!);
  await expect(host.getByTestId('answered-count')).toHaveText('2/2');

  await host.reload();
  await expectPhase([host], 'question_open');
  // Both phones reconnect and rejoin by themselves; their seats and selections survive.
  await expect(host.getByTestId('answered-count')).toHaveText('2/2', { timeout: 20_000 });
  await expectPhase([a.phone, b.phone], 'question_open');
  await expect(a.phone.locator('[data-testid="option"][aria-pressed="true"]')).toContainText(q.correct);

  await host.getByTestId('host-reveal').click();
  await expectPhase([host, a.phone, b.phone], 'question_revealed');
  await expect(a.phone.getByTestId('my-points')).toHaveText('+100');
  await expect(b.phone.getByTestId('my-points')).toHaveText('0');
  await expect(a.phone.getByTestId('my-pseudonym')).toHaveText(a.pseudonym);
});

// Regression (issue 9.2): a reload on any host screen but the session's (Update between games, "a new version —
// Reload", a manual reload) stopped hosting: every phone sat on "reconnecting…" until the host reopened the session.
test('host reload on the dashboard mid-game: the page hosts the session again by itself', async ({ browser }) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');
  await host.getByRole('link', { name: /Your tastings/ }).click();
  const item = host.locator(`[data-testid="session-list-item"][data-code="${code}"]`);
  await expect(item).toHaveAttribute('data-status', 'active');
  const phases = await recordPhases(a.phone);

  await host.reload();
  await expect(item).toHaveAttribute('data-status', 'active');
  // The phone saw its host go, and is back in the question while the host is still on the dashboard.
  await expect.poll(phases, { timeout: 20_000 }).toEqual(['question_open', 'reconnecting', 'question_open']);
  await answer(a.phone, q.correct);
  await item.getByTestId('session-open').click();
  await expectPhase([host], 'question_open');
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');
  expect(await phases()).toEqual(['question_open', 'reconnecting', 'question_open']);
});

test('phone reload mid-question: same pseudonym, selected option kept', async ({ browser }) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await expectPhase([a.phone], 'question_open');
  await answer(a.phone, q.correct);
  await a.phone.reload();
  await expectPhase([a.phone], 'question_open');
  await expect(a.phone.getByTestId('my-pseudonym')).toHaveText(a.pseudonym);
  await expect(a.phone.locator('[data-testid="option"][aria-pressed="true"]')).toContainText(q.correct);
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');
});

test('host reload while paused: still paused with the same time left, and resume works', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');
  await host.getByTestId('host-pause').click();
  await expectPhase([host, a.phone], 'question_paused');
  const before = Number(await host.getByTestId('timer').textContent());
  await host.reload();
  await expectPhase([host], 'question_paused');
  expect(Number(await host.getByTestId('timer').textContent())).toBe(before);
  await expectPhase([a.phone], 'question_paused');
  await expect(a.phone.getByTestId('timer')).toHaveText(String(before));
  await host.getByTestId('host-resume').click();
  await expectPhase([host, a.phone], 'question_open');
  await expect.poll(async () => Number(await a.phone.getByTestId('timer').textContent())).toBeLessThan(before);
});

test('host reload on a leaderboard: same standings, and the game goes on', async ({ browser }) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await answer(a.phone, q.correct);
  await host.getByTestId('host-reveal').click();
  await host.getByTestId('host-next').click();
  await expectPhase([host, a.phone], 'question_leaderboard');
  await host.reload();
  await expectPhase([host, a.phone], 'question_leaderboard');
  await expect(host.getByTestId('leaderboard-row')).toHaveAttribute('data-score', '100');
  await expect(host.getByTestId('answered-count')).toHaveCount(0);
  await host.getByTestId('host-next').click();
  await expectPhase([host, a.phone], 'question_open');
  await expect(a.phone.getByTestId('my-score')).toHaveText('100');
});

test('a phone whose tab was closed comes back in a new tab with the same seat', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await expectPhase([a.phone], 'question_open');
  const context = a.phone.context();
  await a.phone.close();
  await expect(host.getByTestId('answered-count')).toHaveText('0/0', { timeout: 15_000 });
  const again = await context.newPage();
  await again.goto(`/play?code=${code}`);
  await expectPhase([again], 'question_open');
  await expect(again.getByTestId('my-pseudonym')).toHaveText(a.pseudonym);
  await expect(host.getByTestId('answered-count')).toHaveText('0/1');
});

test('the same seat in two tabs: the newest wins, the other is told', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  const second = await a.phone.context().newPage();
  await second.goto(`/play?code=${code}`);
  await expectPhase([second], 'waiting');
  await expect(second.getByTestId('my-pseudonym')).toHaveText(a.pseudonym);
  await expectPhase([a.phone], 'moved');
  await expect(a.phone.getByRole('heading', { name: 'Playing in another tab' })).toBeVisible();
  await expect(host.getByTestId('lobby-player')).toHaveCount(1);
});

test('continue on another device: the link moves the seat, score and all', async ({ browser }) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await answer(a.phone, q.correct);
  await host.getByTestId('host-reveal').click();
  await expect(a.phone.getByTestId('my-score')).toHaveText('100');
  await a.phone.getByRole('button', { name: 'Continue on another device' }).click();
  const link = await a.phone.getByTestId('seat-link').getAttribute('href');
  expect(link).toMatch(new RegExp(`/play\\?code=${code}#seat=[0-9a-f]{32}$`));

  const other = await (await browser.newContext()).newPage();
  await other.goto(link!);
  await expectPhase([other], 'question_revealed');
  await expect(other.getByTestId('my-pseudonym')).toHaveText(a.pseudonym);
  await expect(other.getByTestId('my-score')).toHaveText('100');
  expect(other.url()).not.toContain('seat=');
  await expectPhase([a.phone], 'moved');
  await expect(a.phone.getByRole('heading', { name: 'Continued on another device' })).toBeVisible();
});

test('host tab closed for 20 s: phones wait calmly, then carry on when the host reopens the session', async ({ browser }) => {
  test.setTimeout(120_000);
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await answer(a.phone, q.correct);
  const hostContext = host.context();
  await host.close();
  await expectPhase([a.phone], 'reconnecting');
  await expect(a.phone.getByText(/Waiting for the host/)).toBeVisible({ timeout: 15_000 });
  await expect(a.phone.getByTestId('join-error')).toHaveCount(0);
  await a.phone.waitForTimeout(20_000);
  const back = await hostContext.newPage();
  await back.goto(`/host/${code}`);
  // The 15 s deadline passed while the host was away: the question reveals as soon as it is back,
  // scored from the answer recorded before it left.
  await expectPhase([back, a.phone], 'question_revealed');
  await expect(a.phone.getByTestId('my-points')).toHaveText('+100');
  await expect(a.phone.getByTestId('my-pseudonym')).toHaveText(a.pseudonym);
});

test('the same session in two host tabs: one runs it, the other says so, and taking over loses nothing', async ({ browser }) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await answer(a.phone, q.correct);
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');

  const second = await host.context().newPage();
  await second.goto(`/host/${code}`);
  await expect(second.getByRole('heading', { name: `Tasting ${code} is open in another tab` })).toBeVisible();
  await expect(second.getByTestId('host-session')).toHaveCount(0);
  // The first tab keeps running the game meanwhile.
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');

  await second.getByRole('button', { name: 'Run it in this tab instead' }).click();
  await expectPhase([second], 'question_open');
  await expect(host.getByRole('heading', { name: `Tasting ${code} is open in another tab` })).toBeVisible();
  await expect(second.getByTestId('answered-count')).toHaveText('1/1', { timeout: 20_000 });
  await second.getByTestId('host-reveal').click();
  await expectPhase([second, a.phone], 'question_revealed');
  await expect(a.phone.getByTestId('my-points')).toHaveText('+100');
  // A reload of the tab that lost the session must not bring back its stale copy.
  await host.reload();
  await expect(host.getByRole('heading', { name: `Tasting ${code} is open in another tab` })).toBeVisible();
  await second.reload();
  await expectPhase([second], 'question_revealed');
});

test('deleting a running session from the dashboard stops it in its other tab', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW);
  const dashboard = await host.context().newPage();
  await dashboard.goto('/host');
  const item = dashboard.locator(`[data-testid="session-list-item"][data-code="${code}"]`);
  await item.getByTestId('session-delete').click();
  await expect(item).toHaveCount(0);
  await expect(host.getByRole('heading', { name: `Tasting ${code} is open in another tab` })).toBeVisible();
  await dashboard.reload();
  await expect(dashboard.locator(`[data-testid="session-list-item"][data-code="${code}"]`)).toHaveCount(0);
});

test('a deleted tasting can be put back with Undo, results and all', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await endTasting(host);
  await expectPhase([host, a.phone], 'ended');
  await host.goto('/host');
  const item = host.locator(`[data-testid="session-list-item"][data-code="${code}"]`);
  await item.getByTestId('session-delete').click();
  await expect(item).toHaveCount(0);
  await host.getByRole('button', { name: 'Undo' }).click();
  await expect(item).toHaveAttribute('data-status', 'ended');
  await expect(item).toHaveAttribute('data-players', '1');
  await host.reload();
  await expect(item).toHaveAttribute('data-status', 'ended');
});
