/**
 * Field failures of issue 9, phone side: who holds a seat when one browser has two tabs (or the seat went to another
 * device), and a browser that cannot play at all (no WebRTC, no storage) told so at once instead of "check the Wi-Fi".
 */
import { expect, test, type Page } from '@playwright/test';
import { answer, closePages, expectPhase, hostSession, joinPhone, loadFixture, SLOW_ONE_WINE as SLOW } from './helpers';

const Q = loadFixture('one-wine.json').wines[0]!.questions[0]!;

/** Network requests `page` makes to the signaling Worker (lookups, PeerJS socket). */
function signalingRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/') || path.startsWith('/peerjs')) seen.push(path);
  });
  return seen;
}

// Regression (issue 9.1): the tab that lost the seat to a second tab said "continued elsewhere, close this one"
// forever, even after the second tab was closed: the host showed the player offline and the count was 0/1.
test('a second tab of the same browser takes the seat; closed, the first tab is back in the question by itself', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');

  const second = await a.phone.context().newPage();
  await second.goto(`/play?code=${code}`);
  await expectPhase([second], 'question_open');
  await expect(second.getByTestId('my-pseudonym')).toHaveText(a.pseudonym);
  await expectPhase([a.phone], 'moved');
  await expect(a.phone.getByTestId('play-here')).toBeVisible();
  await expect(host.getByTestId('answered-count')).toHaveText('0/1');

  await second.close();
  await expectPhase([a.phone], 'question_open');
  await expect(a.phone.getByTestId('my-pseudonym')).toHaveText(a.pseudonym);
  await expect(host.getByTestId('answered-count')).toHaveText('0/1');
  await answer(a.phone, Q.correct);
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');
  await closePages([a.phone, host]);
});

test('"Play here" takes the seat back in one tap, from another tab and from another device', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW);
  const a = await joinPhone(browser, code);
  await host.getByTestId('host-start').click();
  await answer(a.phone, Q.correct);

  const second = await a.phone.context().newPage();
  await second.goto(`/play?code=${code}`);
  await expectPhase([second], 'question_open');
  await expectPhase([a.phone], 'moved');
  await a.phone.getByTestId('play-here').click();
  await expectPhase([a.phone], 'question_open');
  await expect(a.phone.locator('[data-testid="option"][aria-pressed="true"]')).toContainText(Q.correct);
  await expectPhase([second], 'moved');
  await second.close();

  // Another device: the seat link moves the seat; the phone is told, and can take it back.
  await a.phone.getByRole('button', { name: 'Continue on another device' }).click();
  const link = await a.phone.getByTestId('seat-link').getAttribute('href');
  const other = await (await browser.newContext()).newPage();
  await other.goto(link!);
  await expectPhase([other], 'question_open');
  await expectPhase([a.phone], 'moved');
  await expect(a.phone.getByTestId('play-here')).toBeVisible();
  await a.phone.getByTestId('play-here').click();
  await expectPhase([a.phone], 'question_open');
  await expectPhase([other], 'moved');
  await expect(host.getByTestId('answered-count')).toHaveText('1/1');
  await closePages([other, a.phone, host]);
});

// Regression (issue 9.4): with no RTCPeerConnection the phone spun 10 s, blamed the venue's Wi-Fi, retried forever.
test('no WebRTC: BROWSER_UNSUPPORTED at once, naming what is missing and what to open, with the code; nothing tried', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.addInitScript(() => {
    delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    delete (window as { webkitRTCPeerConnection?: unknown }).webkitRTCPeerConnection;
  });
  const phone = await context.newPage();
  const requests = signalingRequests(phone);
  await phone.goto('/play?code=4321');
  await expect(phone.getByTestId('play')).toBeVisible();
  const error = phone.getByTestId('join-error');
  // Target 2 s from the screen showing (a capability check, no network): far below any connection timeout.
  await expect(error).toHaveAttribute('data-error-code', 'BROWSER_UNSUPPORTED', { timeout: 2_000 });
  await expectPhase([phone], 'refused');
  await expect(error).toContainText(/WebRTC/);
  await expect(error).toContainText(/Safari or Chrome/);
  await expect(phone.getByTestId('play')).toContainText('4321');
  await expect(phone.getByText(/Wi-Fi|network/i)).toHaveCount(0);
  // Final: no lookup, no socket, no retry.
  await phone.waitForLoadState('networkidle');
  expect(requests).toEqual([]);
  await expectPhase([phone], 'refused');

  // The host's screens say the same instead of failing to claim the code forever.
  const host = await context.newPage();
  await host.goto('/host');
  await expect(host.getByTestId('browser-unsupported')).toHaveAttribute('data-error-code', 'BROWSER_UNSUPPORTED');
  await expect(host.getByTestId('browser-unsupported')).toContainText(/WebRTC/);
  await context.close();
});

test('no IndexedDB (a private mode without storage): BROWSER_UNSUPPORTED naming storage', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  const phone = await context.newPage();
  await phone.goto('/play?code=4321');
  const error = phone.getByTestId('join-error');
  await expect(error).toHaveAttribute('data-error-code', 'BROWSER_UNSUPPORTED');
  await expect(error).toContainText(/save|storage|private/i);
  await expectPhase([phone], 'refused');
  await context.close();
});
