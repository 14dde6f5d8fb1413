/** Screens of issue 9's field failures, at phone (390×844) and tablet (1024×768) size, into screenshots/. */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectPhase, hostSession, joinPhone, loadFixture, playThroughWine, SLOW_ONE_WINE } from '../e2e/helpers';

const OUT = 'screenshots';
const SIZES = { phone: { width: 390, height: 844 }, tablet: { width: 1024, height: 768 } } as const;

/** Saves `page` at both sizes as `<size>-<name>.png`. */
async function shotBoth(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `${OUT}/${size}-${name}.png`, fullPage: true });
  }
}

async function noWebRtcPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    delete (window as { webkitRTCPeerConnection?: unknown }).webkitRTCPeerConnection;
  });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

test('field-failure screens', async ({ browser }) => {
  test.setTimeout(120_000);
  const phone = await noWebRtcPage(browser, '/play?code=4321');
  await expect(phone.getByTestId('join-error')).toHaveAttribute('data-error-code', 'BROWSER_UNSUPPORTED');
  await shotBoth(phone, 'unsupported-play');
  const hostNoRtc = await noWebRtcPage(browser, '/host');
  await expect(hostNoRtc.getByTestId('browser-unsupported')).toBeVisible();
  await shotBoth(hostNoRtc, 'unsupported-host');

  const stale = await browser.newPage();
  await stale.route(/\/assets\/Dashboard-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await stale.goto('/host');
  await expect(stale.getByRole('alert')).toBeVisible();
  await shotBoth(stale, 'new-version-reload');

  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  const second = await a.phone.context().newPage();
  await second.goto(`/play?code=${code}`);
  await expectPhase([a.phone], 'moved');
  await shotBoth(a.phone, 'moved-tab');
  await second.getByRole('button', { name: 'Continue on another device' }).click();
  const link = await second.getByTestId('seat-link').getAttribute('href');
  const other = await (await browser.newContext()).newPage();
  await other.goto(link!);
  await expectPhase([second], 'moved');
  await shotBoth(second, 'moved-device');
});

test('right-to-left text in a tasting', async ({ browser }) => {
  test.setTimeout(120_000);
  const json = loadFixture('one-wine.json');
  json.title = 'Friday \u202Ereds';
  json.timerSeconds = 120;
  json.wines[0]!.name = 'Wine \u202Eof the night';
  json.wines[0]!.questions[0]!.correct = 'Rouge \u202Evif';
  json.wines[0]!.questions[0]!.distractors[0] = 'יין 2019';
  const { host, code } = await hostSession(browser, { name: 'bidi.json', json });
  const a = await joinPhone(browser, code);
  await shotBoth(a.phone, 'bidi-lobby');
  await host.getByTestId('host-start').click();
  await expectPhase([a.phone], 'question_open');
  await shotBoth(a.phone, 'bidi-question');
  await shotBoth(host, 'bidi-host-question');
  await playThroughWine(host, [a.phone]);
  await shotBoth(host, 'bidi-host-wine-results');
  await shotBoth(a.phone, 'bidi-wine-results');
});
