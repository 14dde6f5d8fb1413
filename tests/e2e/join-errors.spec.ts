/**
 * Joining: the /play form (Join enabled at exactly 4 digits, non-digits dropped) and the three refusals a newcomer
 * can meet (docs/protocol.md#error-codes): SESSION_NOT_FOUND, SESSION_FULL (11th of 10), GAME_STARTED (latecomers off).
 * Each refusal must be the final screen: a `join-error` with its code and a plain sentence, never a lobby.
 */
import { expect, test, type Page } from '@playwright/test';
import { closePages, fixturePath, hostSession, joinPhone, openPhone } from './helpers';

/** Asserts `phone` shows the refusal `code`, as an alert with a sentence, and no seat (no pseudonym). */
async function expectRefused(phone: Page, code: string, sentence: RegExp): Promise<void> {
  const error = phone.getByTestId('join-error');
  await expect(error).toHaveAttribute('data-error-code', code);
  await expect(error).toHaveText(sentence);
  // Regression (issue 9): a final refusal reported data-phase "joining".
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'refused');
  await expect(phone.getByRole('alert')).toHaveText(sentence);
  await expect(phone.getByTestId('my-pseudonym')).toHaveCount(0);
  // The join form is back so the person can try another code.
  await expect(phone.getByTestId('join-code')).toBeVisible();
}

test('join form: Join is enabled only at exactly 4 digits, non-digits are dropped', async ({ browser }) => {
  const phone = await openPhone(browser, '/play');
  const input = phone.getByTestId('join-code');
  const submit = phone.getByTestId('join-submit');
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'joining');
  await expect(input).toHaveValue('');
  await expect(submit).toBeDisabled();
  await expect(submit).toHaveAccessibleName('Join');
  await expect(input).toHaveAccessibleName(/4-digit code/);

  for (const [typed, shown] of [['1', '1'], ['2', '12'], ['3', '123']] as const) {
    await input.pressSequentially(typed);
    await expect(input).toHaveValue(shown);
    await expect(submit).toBeDisabled();
  }
  await input.pressSequentially('4');
  await expect(input).toHaveValue('1234');
  await expect(submit).toBeEnabled();

  // A 5th digit is not taken; removing one disables Join again.
  await input.pressSequentially('5');
  await expect(input).toHaveValue('1234');
  await expect(submit).toBeEnabled();
  await input.press('Backspace');
  await expect(input).toHaveValue('123');
  await expect(submit).toBeDisabled();

  // Non-digits entered together with digits (pasted) are dropped: only the digits stay.
  await input.fill('');
  await expect(submit).toBeDisabled();
  await input.fill('4-7');
  await expect(input).toHaveValue('47');
  await expect(submit).toBeDisabled();
  await input.pressSequentially('09');
  await expect(input).toHaveValue('4709');
  await expect(submit).toBeEnabled();
  await input.fill('a1b2');
  await expect(input).toHaveValue('12');
  await expect(submit).toBeDisabled();
  await input.fill('98765');
  await expect(input).toHaveValue('9876');
  await expect(submit).toBeEnabled();

  // Join goes to /play?code=<code> and tries that code.
  await submit.click();
  await expect(phone).toHaveURL(/\/play\?code=9876$/);
  await closePages([phone]);
});

// Regression: a non-digit typed on its own used to stay visible in the field ("12a"), because the cleaned code
// equalled the previous state and Preact skipped the re-render; the handler now writes the digits back itself.
test('join form: a typed letter never appears in the code field (stray non-digit bug)', async ({ browser }) => {
  const phone = await openPhone(browser, '/play');
  const input = phone.getByTestId('join-code');
  const submit = phone.getByTestId('join-submit');
  await input.pressSequentially('12a');
  await expect(input).toHaveValue('12');
  await input.pressSequentially('3x4');
  await expect(input).toHaveValue('1234');
  await expect(submit).toBeEnabled();
  await closePages([phone]);
});

test('unknown code: SESSION_NOT_FOUND with a sentence naming the code', async ({ browser }) => {
  const phone = await openPhone(browser, '/play');
  // A code that no host holds right now on this signaling Worker (asked from the page: the test runner's own HTTP
  // client takes seconds to resolve localhost inside netns-run).
  const code = await phone.evaluate(async () => {
    for (let i = 0; i < 20; i++) {
      const candidate = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
      const res = await fetch(`/api/session/${candidate}`, { cache: 'no-store' });
      if (res.ok && (await res.json()).host === false) return candidate;
    }
    return '';
  });
  expect(code).toMatch(/^\d{4}$/);

  await phone.getByTestId('join-code').pressSequentially(code);
  await phone.getByTestId('join-submit').click();
  await expect(phone).toHaveURL(new RegExp(`/play\\?code=${code}$`));
  await expectRefused(phone, 'SESSION_NOT_FOUND', new RegExp(`\\b${code}\\b.*\\.`));
  await closePages([phone]);
});

test('11th participant of a session with 10: SESSION_FULL, and the host keeps 10', async ({ browser }) => {
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
  const seated: Page[] = [];
  const names = new Set<string>();
  for (let i = 0; i < 10; i++) {
    if (i === 9) await expect(host.getByTestId('lobby-status')).toHaveText('Open to join');
    const { phone, pseudonym } = await joinPhone(browser, code);
    seated.push(phone);
    names.add(pseudonym);
  }
  expect(names.size).toBe(10);
  await expect(host.getByTestId('lobby-player')).toHaveCount(10);
  // The host's status pill stops inviting phones it would refuse.
  await expect(host.getByTestId('lobby-status')).toHaveText('Full');
  await expect(host.getByTestId('lobby-status')).toHaveClass(/\bnet-full\b/);

  const eleventh = await openPhone(browser, `/play?code=${code}`);
  await expectRefused(eleventh, 'SESSION_FULL', /full.*\./i);
  await expect(host.getByTestId('lobby-player')).toHaveCount(10);
  expect(new Set(await host.getByTestId('lobby-player').allTextContents())).toEqual(names);
  // The seated ten are unaffected.
  await expect(seated[9]!.getByTestId('play')).toHaveAttribute('data-phase', 'waiting');
  await closePages([eleventh, ...seated, host]);
});

test('latecomers off, joining after the host pressed Start: GAME_STARTED', async ({ browser }) => {
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
  const { phone } = await joinPhone(browser, code);
  const latecomers = host.getByTestId('latecomers');
  await expect(latecomers).toBeChecked();
  await latecomers.uncheck();
  await expect(latecomers).not.toBeChecked();
  await host.getByTestId('host-start').click();
  await expect(host.getByTestId('host-session')).toHaveAttribute('data-phase', 'question_open');
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'question_open');

  const late = await openPhone(browser, `/play?code=${code}`);
  await expectRefused(late, 'GAME_STARTED', /already started.*\./i);
  await expect(host.getByTestId('answered-count')).toHaveText('0/1');
  // The door stays closed in the game too (the same checkbox, still off).
  await expect(host.getByTestId('latecomers')).not.toBeChecked();
  await closePages([late, phone, host]);
});
