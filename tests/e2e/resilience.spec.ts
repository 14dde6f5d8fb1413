/**
 * Nothing lost (issue 4): reloads of the host and of phones, in the middle of a question.
 */
import { expect, test } from '@playwright/test';
import { answer, expectPhase, fixturePath, hostSession, joinPhone, loadFixture } from './helpers';

test('host reload mid-question: answers given before the reload are scored, phones come back by themselves', async ({ browser }) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
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

test('phone reload mid-question: same pseudonym, selected option kept', async ({ browser }) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
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
