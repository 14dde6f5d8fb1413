/**
 * Two languages (issue 13): each device shows its own language. A host in English and a phone whose browser
 * prefers French play together; the phone switches to English and keeps it after a reload; the host switches to
 * French without changing the phone. `<html lang>` follows every time.
 */
import { expect, test } from '@playwright/test';
import { answer, closePages, expectPhase, hostSession, openPhone, SLOW_ONE_WINE } from './helpers';

test('host in English, phone in French: each keeps its own language, the switch is remembered', async ({ browser }) => {
  const q = SLOW_ONE_WINE.json.wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  await expect(host.locator('html')).toHaveAttribute('lang', 'en');
  await expect(host.getByTestId('host-start')).toHaveText(/^Start/);

  const phone = await openPhone(browser, `/play?code=${code}`, { locale: 'fr-FR' });
  await expectPhase([phone], 'waiting');
  await expect(phone.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(phone.getByText('En attente du lancement par l’animateur…')).toBeVisible();
  await expect(phone.getByTestId('lang-switch')).toHaveText('English');

  await host.getByTestId('host-start').click();
  await expectPhase([host, phone], 'question_open');
  await expect(host.getByTestId('question-text')).toHaveText('What is the color of this wine?');
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Quelle est la couleur de ce vin\u202f?');
  await expect(phone.getByText('Touchez une réponse.')).toBeVisible();
  await answer(phone, q.correct);
  await expect(phone.getByText('Vous pouvez changer jusqu’à la révélation.')).toBeVisible();
  await host.getByTestId('host-reveal').click();
  await expectPhase([host, phone], 'question_revealed');
  await expect(phone.getByTestId('my-points')).toHaveText('+100');
  await expect(phone.getByLabel('bonne réponse')).toHaveCount(1);

  // End (it asks first), then the final result in French.
  await host.getByTestId('host-end').click();
  await host.getByTestId('host-end-confirm').click();
  await expectPhase([host, phone], 'ended');
  await expect(phone.getByRole('heading', { name: 'Vous terminez à la 1re place' })).toBeVisible();
  await expect(phone.getByTestId('leaderboard')).toHaveAttribute('aria-label', 'Résultats finaux');
  await expect(host.getByRole('heading', { name: 'Final results', level: 1 })).toBeVisible();

  // The phone switches to English; the choice outlives a reload although the browser prefers French.
  await phone.getByTestId('lang-switch').click();
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en');
  await expect(phone.getByRole('heading', { name: 'You finished #1' })).toBeVisible();
  await phone.goto('/play');
  await expect(phone.getByTestId('join-code')).toHaveAccessibleName('Enter the 4-digit code from your host');
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en');

  // The host switches to French: its own screens change, not the phone's.
  await host.getByTestId('lang-switch').click();
  await expect(host.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(host.getByRole('heading', { name: 'Résultats finaux', level: 1 })).toBeVisible();
  await expect(host.getByRole('link', { name: 'Créer une nouvelle dégustation' })).toBeVisible();
  await expect(phone.getByTestId('join-submit')).toHaveText('Join');
  await closePages([phone, host]);
});

test('a French browser gets the French home, join errors and tasting form', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('link', { name: 'Rejoindre une dégustation' })).toBeVisible();
  await page.goto('/play?code=0000');
  // Whatever the refusal, its sentence is French.
  await expect(page.getByTestId('join-error')).toHaveText(/dégustation|animateur|réseau|serveur/);
  // A session code this device does not have: the host's header with the language switch, as on every host page.
  await page.goto('/host/9999');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aucune dégustation avec le code 9999 sur cet appareil');
  await page.locator('header').getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('No tasting with code 9999 on this device');
  await page.getByTestId('lang-switch').click();
  await page.goto('/host');
  await expect(page.getByTestId('tasting-submit')).toHaveText('Créer la dégustation');
  await page.getByTestId('answer-color').fill('');
  await page.getByTestId('tasting-submit').click();
  await expect(page.getByRole('alert')).toHaveText('Vin 1 — Couleur\u00a0: la bonne réponse est obligatoire');
  await expect(page.getByTestId('wine-name')).toHaveValue('Vin 1');
  await context.close();
});
