/**
 * E2E: the host vouches for its seated phones at the signaling Worker (docs/protocol.md#seat-signaling-token) —
 * real Chromium pages, real WebRTC, the real Worker. While the host has locked joining, the Worker itself turns away a
 * socket without a seat, and a seated phone that reloads gets back in through it on its seat signaling token.
 */
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { firstFrameWithToken } from './attacks';
import { closePages, hostSession, joinPhone, SLOW_ONE_WINE } from './helpers';
import { LOCKED_REFUSAL, randomToken } from '../../src/net/signaling';

/** The seat token a phone saved for `code` (src/store/credentials.ts), read straight from its IndexedDB. */
function savedSeat(code: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('sommelier-arena-play');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('credentials').objectStore('credentials').get(code);
      get.onerror = () => reject(get.error);
      get.onsuccess = () => resolve((get.result as { token: string }).token);
    };
  });
}

test('locked: the Worker turns a socket without a seat away, and a seated phone that reloads comes back on its seat token', async ({ browser, baseURL }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const seated = await joinPhone(browser, code);
  const seat = await seated.phone.evaluate(savedSeat, code);
  // The rule, computed apart from the app: the first 32 hex digits of SHA-256("sa-signaling:" + seat).
  const seatSignaling = createHash('sha256').update(`sa-signaling:${seat}`).digest('hex').slice(0, 32);

  await host.getByTestId('lock-joins').check();
  await expect(host.getByTestId('lobby-status')).toHaveText('Locked');
  // The host's SEATS frame reaches the Worker within a few hundred ms: from then on it refuses strangers itself.
  await expect
    .poll(async () => (await firstFrameWithToken(baseURL!, code, randomToken()))?.payload?.msg, { timeout: 10_000 })
    .toBe(LOCKED_REFUSAL);
  expect((await firstFrameWithToken(baseURL!, code, seatSignaling))?.type).toBe('OPEN');

  // The seated phone reloads: a new page, a new socket and peer id, with its seat's token, and it is back in its seat.
  const tokens: string[] = [];
  seated.phone.on('websocket', (ws) => void tokens.push(new URL(ws.url()).searchParams.get('token') ?? ''));
  await seated.phone.reload();
  await expect(seated.phone.getByTestId('play')).toHaveAttribute('data-phase', 'waiting');
  await expect(seated.phone.getByTestId('my-pseudonym').first()).toHaveText(seated.pseudonym);
  expect(tokens).toContain(seatSignaling);
  await expect(host.getByTestId('lobby-player')).toHaveText([seated.pseudonym]);
  await closePages([host, seated.phone]);
});
