/**
 * A phone and a host on different builds (a phone cached before a deploy, or a host tablet not yet updated): the
 * join handshake ends in PROTOCOL_MISMATCH, and the phone says which side must update. A phone of another version is
 * made by rewriting the protocol version in the join frames it sends over its data channel.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { closePages, hostSession, openPhone, SLOW_ONE_WINE } from './helpers';

/**
 * Rewrites every text frame `page` sends over its data channels, `pattern` (a RegExp source) -> `replacement`:
 * in the open page (`now`), else from its next navigation on.
 */
async function rewriteSentFrames(page: Page, pattern: string, replacement: string, now: boolean): Promise<void> {
  const patch = ([p, r]: string[]) => {
    const send = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: unknown) => void;
    RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: unknown) {
      send.call(this, typeof data === 'string' ? data.replace(new RegExp(p!), r!) : data);
    };
  };
  if (now) await page.evaluate(patch, [pattern, replacement]);
  else await page.addInitScript(patch, [pattern, replacement]);
}

/** A phone whose join and rejoin frames claim protocol version `version`. */
async function phoneClaiming(browser: Browser, code: string, version: number): Promise<Page> {
  const phone = await openPhone(browser, '/play');
  await rewriteSentFrames(phone, '^\\{"type":"(join|rejoin)","v":\\d+', `{"type":"$1","v":${version}`, false);
  await phone.goto(`/play?code=${code}`);
  return phone;
}

test('PROTOCOL_MISMATCH: a phone newer than the host says the host must update; an outdated phone is offered an update', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);

  const newer = await phoneClaiming(browser, code, 99);
  const newerError = newer.getByTestId('join-error');
  await expect(newerError).toHaveAttribute('data-error-code', 'PROTOCOL_MISMATCH');
  await expect(newerError).toHaveText(/The host's app is older than yours\. Ask the host to update/);
  await expect(newer.getByTestId('update-app')).toHaveCount(0);

  // From now on the host states a version above the phones' own: it is the newer build.
  await rewriteSentFrames(host, '"code":"PROTOCOL_MISMATCH","v":(\\d+)', '"code":"PROTOCOL_MISMATCH","v":1000', true);
  const old = await phoneClaiming(browser, code, 0);
  const oldError = old.getByTestId('join-error');
  await expect(oldError).toHaveAttribute('data-error-code', 'PROTOCOL_MISMATCH');
  await expect(oldError).toHaveText(/This app is older than the host's\. Update it/);
  const update = old.getByTestId('update-app');
  await expect(update).toHaveAccessibleName('Update the app');
  // Updating reloads the page (here no newer build is waiting, so a plain reload serves the deployed one).
  await old.evaluate(() => ((window as { beforeUpdate?: boolean }).beforeUpdate = true));
  await Promise.all([old.waitForEvent('load'), update.click()]);
  expect(await old.evaluate(() => (window as { beforeUpdate?: boolean }).beforeUpdate)).toBeUndefined();

  // Neither took a seat.
  await expect(host.getByTestId('lobby-player')).toHaveCount(0);
  await closePages([old, newer, host]);
});
