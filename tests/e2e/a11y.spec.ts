/**
 * Accessibility (axe-core) on the screens people meet: no serious or critical violation of WCAG 2 A/AA rules.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { answer, expectBoardRowFits, expectLobbyFits, expectPhase, expectPhoneHeaderFits, fixturePath, hostSession, joinPhone, loadFixture } from './helpers';

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.help}`)).toEqual([]);
}

test('home, join form, tasting form and my tastings pass axe in English and French', async ({ browser }) => {
  for (const locale of ['en-US', 'fr-FR']) {
    const page = await (await browser.newContext({ locale })).newPage();
    await page.goto('/');
    await expect(page.getByTestId('lang-switch')).toBeVisible();
    await expectAccessible(page, `home ${locale}`);
    await page.goto('/play');
    await expect(page.getByTestId('join-code')).toBeVisible();
    await expectAccessible(page, `join form ${locale}`);
    await page.goto('/host');
    await expect(page.getByTestId('tasting-submit')).toBeVisible();
    await page.getByTestId('suggest-grape_variety').click();
    await expectAccessible(page, `tasting form ${locale}`);
    await page.getByTestId('tasting-save').click();
    await expect(page.getByTestId('library-item')).toHaveCount(1);
    await expectAccessible(page, `dashboard with my tastings ${locale}`);
    await page.getByTestId('library-rename').click();
    await expect(page.getByTestId('library-rename-input')).toBeFocused();
    await expectAccessible(page, `renaming a tasting ${locale}`);
    await page.context().close();
  }
});

test('lobby, question, reveal, end confirmation, final results, the projector, printable and kept results pass axe (host English then French, phone French)', async ({
  browser,
}) => {
  const q = loadFixture('two-wines.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, fixturePath('two-wines.json'));
  const screen = await host.context().newPage();
  await screen.goto(`/host/${code}/screen`);
  const a = await joinPhone(browser, code, { locale: 'fr-FR' });
  await expect(a.phone.locator('html')).toHaveAttribute('lang', 'fr');
  await expectAccessible(host, 'host lobby');
  await expectLobbyFits(host);
  await host.getByTestId('lang-switch').click();
  await expect(host.locator('html')).toHaveAttribute('lang', 'fr');
  await expectLobbyFits(host);
  await host.getByTestId('lang-switch').click();
  await expect(host.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(a.phone, 'phone lobby');
  await expect(screen.getByTestId('join-qr').locator('svg')).toBeVisible();
  await expectAccessible(screen, 'projector lobby');
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');
  await answer(a.phone, q.correct);
  await expectAccessible(host, 'host question');
  await expectAccessible(a.phone, 'phone question');
  await expect(screen.getByTestId('answered-count')).toHaveText('1/1');
  await expectAccessible(screen, 'projector question');
  await host.getByTestId('host-reveal').click();
  await expectPhase([host, a.phone], 'question_revealed');
  await expectAccessible(host, 'host reveal');
  await expectAccessible(a.phone, 'phone reveal');
  await expectPhoneHeaderFits(a.phone);

  // The host turns to French; the projector window follows it.
  await host.getByTestId('lang-switch').click();
  await expect(host.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(screen.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(screen.getByTestId('projector')).toHaveAttribute('data-phase', 'question_revealed');
  await expectAccessible(host, 'host reveal (fr)');
  await expectAccessible(screen, 'projector reveal (fr)');
  await host.getByTestId('host-next').click();
  await expect(screen.getByTestId('projector')).toHaveAttribute('data-phase', 'question_leaderboard');
  await expectAccessible(screen, 'projector standings (fr)');
  await expect(a.phone.getByTestId('leaderboard-row')).toHaveCount(1);
  await expectBoardRowFits(a.phone);
  await host.getByTestId('host-end').click();
  await expect(host.getByTestId('host-end-confirm')).toBeVisible();
  await expectAccessible(host, 'end confirmation (fr)');
  await host.getByTestId('host-end-confirm').click();
  await expectPhase([host, a.phone], 'ended');
  await expectAccessible(host, 'host final (fr)');
  await expectAccessible(a.phone, 'phone final');
  await expectAccessible(screen, 'projector final (fr)');

  // The printable results, in both languages; the phone's kept results.
  await host.getByTestId('print-results').click();
  await expect(host.getByTestId('results-ranking')).toBeVisible();
  await expectAccessible(host, 'printable results (fr)');
  await host.getByTestId('lang-switch').click();
  await expect(host.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(host, 'printable results (en)');
  await a.phone.goto('/play/results');
  await expect(a.phone.getByTestId('my-result').getByRole('button')).toContainText('Voir le classement');
  await a.phone.getByTestId('my-result').getByRole('button').click();
  await expect(a.phone.getByTestId('my-result').getByRole('button')).toContainText('Masquer le classement');
  await expect(a.phone.getByTestId('leaderboard')).toBeVisible();
  await expectAccessible(a.phone, 'kept results (fr)');
  await a.phone.getByTestId('lang-switch').click();
  await expect(a.phone.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(a.phone, 'kept results (en)');
});

test('the same screens the other way round: host French then English, phone English; the dashboard with an ended session; a phone home with kept results', async ({
  browser,
}) => {
  const q = loadFixture('one-wine.json').wines[0]!.questions[0]!;
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'), { locale: 'fr-FR' });
  await expect(host.locator('html')).toHaveAttribute('lang', 'fr');
  const screen = await host.context().newPage();
  await screen.goto(`/host/${code}/screen`);
  const a = await joinPhone(browser, code);
  await expect(a.phone.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(host, 'host lobby (fr)');
  await expectLobbyFits(host);
  await expectAccessible(a.phone, 'phone lobby (en)');
  await expect(screen.getByTestId('join-qr').locator('svg')).toBeVisible();
  await expectAccessible(screen, 'projector lobby (fr)');
  // Locked: the greyed-out latecomers box, the faded join card and the projector's words still pass.
  await host.getByTestId('lock-joins').check();
  await expect(host.getByTestId('locked-notice')).toBeVisible();
  await expectAccessible(host, 'host lobby locked (fr)');
  await expect(screen.getByTestId('join-qr')).toHaveCount(0);
  await expectAccessible(screen, 'projector lobby locked (fr)');
  await host.getByTestId('lock-joins').uncheck();
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');
  await answer(a.phone, q.correct);
  await expectAccessible(host, 'host question (fr)');
  await expectAccessible(a.phone, 'phone question (en)');
  await expect(screen.getByTestId('answered-count')).toHaveText('1/1');
  await expectAccessible(screen, 'projector question (fr)');
  await host.getByTestId('host-reveal').click();
  await expectPhase([host, a.phone], 'question_revealed');
  await expectAccessible(a.phone, 'phone reveal (en)');

  await host.getByTestId('lang-switch').click();
  await expect(screen.locator('html')).toHaveAttribute('lang', 'en');
  await host.getByTestId('host-end').click();
  await expect(host.getByTestId('host-end-confirm')).toBeVisible();
  await expectAccessible(host, 'end confirmation (en)');
  await host.getByTestId('host-end-confirm').click();
  await expectPhase([host, a.phone], 'ended');
  await expectAccessible(host, 'host final (en)');
  await expectAccessible(a.phone, 'phone final (en)');
  await expect(screen.getByTestId('projector')).toHaveAttribute('data-phase', 'ended');
  await expectAccessible(screen, 'projector final (en)');

  await host.goto('/host');
  await expect(host.getByTestId('session-print')).toBeVisible();
  await expectAccessible(host, 'dashboard with an ended session (en)');
  await host.getByTestId('lang-switch').click();
  await expect(host.locator('html')).toHaveAttribute('lang', 'fr');
  await expectAccessible(host, 'dashboard with an ended session (fr)');
  await a.phone.goto('/');
  await expect(a.phone.getByTestId('my-results-link')).toBeVisible();
  await expectAccessible(a.phone, 'home with kept results (en)');
  await a.phone.getByTestId('lang-switch').click();
  await expect(a.phone.locator('html')).toHaveAttribute('lang', 'fr');
  await expectAccessible(a.phone, 'home with kept results (fr)');
});
