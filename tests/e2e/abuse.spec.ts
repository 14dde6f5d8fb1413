/**
 * E2E: the host page holds up against the attacks of docs/security.md that reach it through the signaling Worker
 * and data channels — real Chromium pages, real WebRTC, the real Worker; attackers use the stock peerjs client
 * or raw WebSockets (tests/e2e/attacks.ts). Figures for each attack come from `npm run bench:security`.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  attackerPage,
  channelState,
  floodAnswers,
  heapMb,
  junkOffer,
  keepPinging,
  lastQuestionId,
  openChannels,
  openCount,
  sampleOfferSdp,
  sendJson,
  signalingFlood,
  strayCandidate,
} from './attacks';
import { PROTOCOL_VERSION } from '../../src/protocol/messages';
import { answer, closePages, fixtureWith, hostSession, joinPhone, openPhone, SLOW_ONE_WINE } from './helpers';

const FIFTEEN_SECONDS = fixtureWith('one-wine.json', { timerSeconds: 15 });

test('a BinaryPack channel never opens, and stray signaling frames leave the host heap flat', async ({ browser, baseURL }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const { phone } = await joinPhone(browser, code);
  const bad = await attackerPage(browser);
  for (const serialization of ['binary', 'default', 'json']) {
    const { opened } = await openChannels(bad, code, { serialization, waitMs: 4000 });
    expect(opened, `a ${serialization} channel opened`).toBe(0);
  }
  // 2 MB of CANDIDATE frames (8 KB each, within what the Worker relays for one address) for connections the host
  // never had: every one reaches the host and is dropped, and none is kept (peerjs alone kept them all, for ever).
  const cdp = await host.context().newCDPSession(host);
  const before = await heapMb(cdp);
  const refused = async () => Number((await host.getByTestId('host-diagnostics').getAttribute('data-signaling')) ?? 0);
  const refusedBefore = await refused();
  const flood = await signalingFlood(baseURL!, code, {
    seconds: 60,
    maxFrames: 250,
    parallel: 1,
    perSocket: 90,
    frame: (i) => strayCandidate(code, i, 8000),
  });
  expect(flood.frames).toBe(250);
  await expect.poll(refused).toBeGreaterThanOrEqual(refusedBefore + 250);
  const after = await heapMb(cdp);
  console.log(`host heap ${before.toFixed(2)} -> ${after.toFixed(2)} MB after ${(flood.bytes / 1e6).toFixed(1)} MB of stray frames`);
  expect(after - before).toBeLessThan(flood.bytes / 1e6 / 2);
  // The real phone plays on.
  await host.getByTestId('host-start').click();
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'question_open');
  await closePages([host, phone, bad]);
});

test('a seated bot flooding 20,000 answers is cut off; Pause stays prompt and an honest tap at ~2 s scores', async ({ browser }) => {
  const { host, code } = await hostSession(browser, FIFTEEN_SECONDS);
  const { phone } = await joinPhone(browser, code);
  const bot = await attackerPage(browser);
  const { first } = await openChannels(bot, code);
  await sendJson(bot, first, [{ type: 'join', v: PROTOCOL_VERSION }]);
  await expect.poll(async () => (await channelState(bot, first)).inbox.some((m) => m.type === 'welcome')).toBe(true);
  await keepPinging(bot);
  await host.getByTestId('host-start').click();
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'question_open');
  await expect.poll(() => lastQuestionId(bot, first)).not.toBe('');
  await floodAnswers(bot, first, await lastQuestionId(bot, first), 20_000);
  await answer(phone, FIFTEEN_SECONDS.json.wines[0]!.questions[0]!.correct);
  await host.getByTestId('host-pause').click();
  // Well before the 15 s deadline, or the question would reveal by itself instead.
  await expect(host.getByTestId('host-session')).toHaveAttribute('data-phase', 'question_paused', { timeout: 8000 });
  await expect.poll(async () => (await channelState(bot, first)).closed).toBe(true);
  await host.getByTestId('host-reveal').click();
  await expect(phone.getByTestId('my-points')).toHaveText('+100');
  await closePages([host, phone, bot]);
});

test('channels that never join are closed, and junk offers do not keep a real phone out', async ({ browser, baseURL }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const lurker = await attackerPage(browser);
  const { opened } = await openChannels(lurker, code, { count: 6 });
  expect(opened).toBe(6);
  await keepPinging(lurker);
  // Closed a few seconds after opening, pings or not.
  await expect.poll(() => openCount(lurker), { timeout: 15_000 }).toBe(0);
  // Replayed offers from fresh peer ids, 20 a second (ten times what one address may send the Worker for long),
  // while a phone joins: they used to hold all 40 negotiating slots for 15 s each.
  const sdp = await sampleOfferSdp(lurker);
  const flood = signalingFlood(baseURL!, code, {
    seconds: 12,
    parallel: 4,
    perSocket: 6,
    perSecond: 20,
    frame: (i) => junkOffer(code, i, sdp),
  });
  await new Promise((r) => setTimeout(r, 1000));
  const phone = await openPhone(browser, `/play?code=${code}`);
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'waiting');
  await expect(host.getByTestId('lobby-player')).toHaveCount(1);
  expect((await flood).frames).toBeGreaterThan(150);
  await closePages([host, phone, lurker]);
});

test('a seat link asks before replacing another seat, and a removed phone cannot come back (REMOVED)', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const a = await joinPhone(browser, code);
  const b = await joinPhone(browser, code);
  await b.phone.getByRole('button', { name: 'Continue on another device' }).click();
  const link = (await b.phone.getByTestId('seat-link').getAttribute('href'))!;
  // Phone A opens B's seat link (a fresh page load, as from a QR scan): it is asked, keeps its own seat, and B plays on.
  await a.phone.goto('about:blank');
  await a.phone.goto(link);
  // The question and its sentence come with the exceptional screens' words (loaded when shown).
  await expect(a.phone.getByRole('heading', { name: 'Take this seat?' })).toBeVisible();
  await expect(a.phone.getByText(`This phone already has its own seat here (${a.pseudonym}).`)).toBeVisible();
  await a.phone.getByTestId('seat-keep').click();
  await expect(a.phone.getByTestId('play')).toHaveAttribute('data-phase', 'waiting');
  await expect(a.phone.getByTestId('my-pseudonym').first()).toHaveText(a.pseudonym);
  await expect(b.phone.getByTestId('play')).toHaveAttribute('data-phase', 'waiting');
  // The host removes A: told so, and the same phone coming back with the code is refused.
  // The label isolates the pseudonym (U+2068 … U+2069), as every person's text.
  await host.getByRole('button', { name: `Remove \u2068${a.pseudonym}\u2069` }).click();
  await expect(a.phone.getByTestId('join-error')).toHaveAttribute('data-error-code', 'REMOVED');
  await a.phone.goto(`/play?code=${code}`);
  await expect(a.phone.getByTestId('join-error')).toHaveAttribute('data-error-code', 'REMOVED');
  await expect(a.phone.getByTestId('join-error')).toHaveText('The host removed you. Talk to them if that is a mistake.');
  await expect(host.getByTestId('lobby-player')).toHaveText([b.pseudonym]);
  await closePages([host, a.phone, b.phone]);
});

test('a locked tasting turns new phones away (SESSION_LOCKED), lets seated ones back in, and unlocking lets them join', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const seated = await joinPhone(browser, code);
  await host.getByTestId('lock-joins').check();
  await expect(host.getByTestId('lobby-status')).toHaveText('Locked');
  await expect(host.getByTestId('locked-notice')).toBeVisible();
  // A newcomer (a bot or a late guest) is told, in words, and takes no seat.
  const late = await openPhone(browser, `/play?code=${code}`);
  await expect(late.getByTestId('join-error')).toHaveAttribute('data-error-code', 'SESSION_LOCKED');
  await expect(late.getByTestId('join-error')).toHaveText(
    'The host has locked this tasting: no new players for now. Ask the host to unlock it, then join again.',
  );
  // The seated phone reloads (a fresh page, a new peer id) and is back in its seat.
  await seated.phone.reload();
  await expect(seated.phone.getByTestId('play')).toHaveAttribute('data-phase', 'waiting');
  await expect(seated.phone.getByTestId('my-pseudonym').first()).toHaveText(seated.pseudonym);
  await expect(host.getByTestId('lobby-player')).toHaveText([seated.pseudonym]);
  // A player removed while locked is told so, also after a reload (the Worker lets its seat through to the host).
  const bot = await joinPhoneWhileLocked(browser, host, code);
  await host.getByRole('button', { name: `Remove \u2068${bot.pseudonym}\u2069` }).click();
  await expect(bot.phone.getByTestId('join-error')).toHaveAttribute('data-error-code', 'REMOVED');
  await bot.phone.reload();
  await expect(bot.phone.getByTestId('join-error')).toHaveAttribute('data-error-code', 'REMOVED');
  // Unlocked, the late guest joins with one more tap.
  await host.getByTestId('lock-joins').uncheck();
  await expect(host.getByTestId('lobby-status')).toHaveText('Open to join');
  await late.getByTestId('join-submit').click();
  await expect(late.getByTestId('play')).toHaveAttribute('data-phase', 'waiting');
  await expect(host.getByTestId('lobby-player')).toHaveCount(2);
  await closePages([host, seated.phone, late, bot.phone]);
});

/** A phone that joins `code` while the host unlocks for it, then the host locks again (a bot that got in before the lock). */
async function joinPhoneWhileLocked(browser: Browser, host: Page, code: string): Promise<{ phone: Page; pseudonym: string }> {
  await host.getByTestId('lock-joins').uncheck();
  const joined = await joinPhone(browser, code);
  await host.getByTestId('lock-joins').check();
  await expect(host.getByTestId('lobby-status')).toHaveText('Locked');
  return joined;
}
