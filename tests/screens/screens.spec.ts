/**
 * Walks one game per language and saves a screenshot of every host and phone screen, at phone (390×844) and tablet
 * (1024×768) size, as screenshots/<lang>-<screen>.png (not a test of behaviour: see tests/e2e).
 */
import { expect, test, type Page } from '@playwright/test';
import { answer, expectPhase, fixturePath, hostSession, joinPhone, loadFixture } from '../e2e/helpers';

const OUT = 'screenshots';
const LOCALES = { en: 'en-US', fr: 'fr-FR' } as const;

for (const [lang, locale] of Object.entries(LOCALES)) {
  test(`screens (${lang})`, async ({ browser }) => {
    test.setTimeout(240_000);
    const shot = async (page: Page, name: string) => {
      // The screen renders once its language pack is in: the switch is on every screen.
      await expect(page.getByTestId('lang-switch')).toBeVisible();
      await page.screenshot({ path: `${OUT}/${lang}-${name}.png`, fullPage: true });
    };
    const view = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${lang}-${name}.png` });
    /** The projector view at tablet and phone size (two windows of the host's browser). */
    let screens: Page[] = [];
    const projector = async (name: string) => {
      for (const [size, page] of [['tablet', screens[0]!], ['phone', screens[1]!]] as const) {
        await expect(page.getByTestId('projector')).toBeVisible();
        await page.screenshot({ path: `${OUT}/${lang}-${size}-screen-${name}.png` });
      }
    };
    const home = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale })).newPage();
    await home.goto('/');
    await shot(home, 'phone-home');
    await home.goto('/play');
    await shot(home, 'phone-join');
    await home.goto('/play?code=9999');
    await expect(home.getByTestId('join-error')).toBeVisible();
    await shot(home, 'phone-join-error');

    const tablet = await (await browser.newContext({ viewport: { width: 1024, height: 768 }, locale })).newPage();
    await tablet.goto('/');
    await shot(tablet, 'tablet-home');
    await tablet.goto('/host');
    await shot(tablet, 'tablet-dashboard-empty');

    const fixture = loadFixture('two-wines.json');
    const { host, code } = await hostSession(browser, fixturePath('two-wines.json'), { locale });
    await shot(host, 'tablet-lobby-empty');
    screens = [await host.context().newPage(), await host.context().newPage()];
    await screens[1]!.setViewportSize({ width: 390, height: 844 });
    for (const page of screens) await page.goto(`/host/${code}/screen`);
    const a = await joinPhone(browser, code, { locale });
    const b = await joinPhone(browser, code, { locale });
    await shot(host, 'tablet-lobby');
    await expect(screens[0]!.getByText(b.pseudonym)).toBeVisible();
    await projector('lobby');
    await shot(a.phone, 'phone-lobby');
    // Locked: the lobby's notice, the projector without its QR code, and a newcomer's refusal.
    await host.getByTestId('lock-joins').check();
    await expect(host.getByTestId('locked-notice')).toBeVisible();
    await shot(host, 'tablet-lobby-locked');
    await projector('lobby-locked');
    const locked = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale })).newPage();
    await locked.goto(`/play?code=${code}`);
    await expect(locked.getByTestId('join-error')).toHaveAttribute('data-error-code', 'SESSION_LOCKED');
    await shot(locked, 'phone-join-locked');
    await locked.context().close();
    await host.getByTestId('lock-joins').uncheck();
    await host.getByTestId('host-start').click();
    await expectPhase([host, a.phone], 'question_open');
    const q = fixture.wines[0]!.questions[0]!;
    await shot(a.phone, 'phone-question');
    await answer(a.phone, q.correct);
    await answer(b.phone, q.distractors[0]!);
    await shot(a.phone, 'phone-question-selected');
    await shot(host, 'tablet-question');
    await expect(screens[0]!.getByTestId('answered-count')).toHaveText('2/2');
    await projector('question');
    await host.getByTestId('host-pause').click();
    await expectPhase([a.phone], 'question_paused');
    await shot(host, 'tablet-paused');
    await shot(a.phone, 'phone-paused');
    await host.getByTestId('host-reveal').click();
    await expectPhase([host, a.phone, b.phone], 'question_revealed');
    await shot(host, 'tablet-reveal');
    await projector('reveal');
    await shot(a.phone, 'phone-reveal-right');
    await shot(b.phone, 'phone-reveal-wrong');
    await host.getByTestId('host-next').click();
    await expectPhase([host, a.phone], 'question_leaderboard');
    await shot(host, 'tablet-standings');
    await projector('standings');
    await shot(a.phone, 'phone-standings');
    for (let i = 1; i < 5; i++) {
      await host.getByTestId('host-next').click();
      await expectPhase([host], 'question_open');
      if (i === 3) await shot(a.phone, 'phone-question-vintage');
      await host.getByTestId('host-reveal').click();
      await host.getByTestId('host-next').click();
    }
    await host.getByTestId('host-next').click();
    await expectPhase([host, a.phone], 'round_leaderboard');
    await shot(host, 'tablet-wine-results');
    await shot(a.phone, 'phone-wine-results');
    await host.getByTestId('host-end').click();
    await expect(host.getByTestId('host-end-confirm')).toBeVisible();
    await shot(host, 'tablet-end-confirm');
    await host.getByTestId('host-end-confirm').click();
    await expectPhase([host, a.phone], 'ended');
    await shot(host, 'tablet-final');
    await expect(screens[0]!.getByTestId('projector')).toHaveAttribute('data-phase', 'ended');
    await projector('final');
    await host.getByTestId('print-results').click();
    await shot(host, 'tablet-results');
    await host.emulateMedia({ media: 'print' });
    await host.screenshot({ path: `${OUT}/${lang}-tablet-results-print.png`, fullPage: true });
    await host.emulateMedia({ media: 'screen' });
    const phoneResults = await host.context().newPage();
    await phoneResults.setViewportSize({ width: 390, height: 844 });
    await phoneResults.goto(`/host/${code}/results`);
    await shot(phoneResults, 'phone-results');
    await phoneResults.emulateMedia({ media: 'print' });
    await phoneResults.screenshot({ path: `${OUT}/${lang}-phone-results-print.png`, fullPage: true });
    await shot(a.phone, 'phone-final');
    // The phone's kept results, from its home screen (and the same page on a tablet-sized window).
    await a.phone.goto('/');
    await shot(a.phone, 'phone-home-results');
    await a.phone.getByTestId('my-results-link').click();
    await a.phone.getByTestId('my-result').getByRole('button').click();
    await shot(a.phone, 'phone-my-results');
    await a.phone.setViewportSize({ width: 1024, height: 768 });
    await shot(a.phone, 'tablet-my-results');
    await host.goto('/host');
    await host.getByTestId('session-keep').click();
    await expect(host.getByTestId('library-item')).toHaveCount(1);
    await shot(host, 'tablet-dashboard');
    await host.getByTestId('library-rename').click();
    await view(host, 'tablet-library-rename');
    await host.getByTestId('tasting-new').click();
    await shot(host, 'tablet-form');
    await host.getByTestId('answer-region').fill('Bordeaux — Pauillac (France)');
    await host.getByTestId('suggest-region').click();
    await host.getByTestId('answer-region').scrollIntoViewIfNeeded();
    await view(host, 'tablet-form-suggested');
    // Answer suggestions open (viewport only: the list is what matters).
    await host.getByTestId('answer-region').fill('saint');
    await expect(host.getByRole('listbox').filter({ visible: true })).toBeVisible();
    await view(host, 'tablet-form-suggestions');
    const phoneHost = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale })).newPage();
    await phoneHost.goto('/host');
    await shot(phoneHost, 'phone-dashboard');
    await phoneHost.getByTestId('suggest-vintage_year').click();
    await phoneHost.getByTestId('suggest-vintage_year').scrollIntoViewIfNeeded();
    await view(phoneHost, 'phone-form-suggested');
    await phoneHost.getByTestId('distractor-grape_variety-1').fill('pinot');
    await expect(phoneHost.getByRole('listbox').filter({ visible: true })).toBeVisible();
    await view(phoneHost, 'phone-form-suggestions');
    await phoneHost.getByTestId('distractor-wine_name-3').fill('chateau');
    await expect(phoneHost.getByRole('listbox').filter({ visible: true })).toBeVisible();
    await view(phoneHost, 'phone-form-suggestions-last');
    await phoneHost.keyboard.press('Escape');
    await phoneHost.getByTestId('tasting-save').click();
    await expect(phoneHost.getByTestId('library-item')).toHaveCount(1);
    await shot(phoneHost, 'phone-dashboard-library');
  });
}

test('README picture: the host tablet and a phone side by side', async ({ page }) => {
  const { readFileSync } = await import('node:fs');
  const img = (name: string) => `data:image/png;base64,${readFileSync(`${OUT}/en-${name}.png`).toString('base64')}`;
  await page.setViewportSize({ width: 1500, height: 860 });
  await page.setContent(`<body style="margin:0;background:#2a0a0a;display:flex;gap:36px;align-items:center;justify-content:center;height:860px">
    <img src="${img('tablet-question')}" style="width:1024px;border-radius:18px;box-shadow:0 10px 30px #000a">
    <img src="${img('phone-question-selected')}" style="width:360px;border-radius:28px;box-shadow:0 10px 30px #000a"></body>`);
  await page.screenshot({ path: 'docs/screenshot.png' });
});
