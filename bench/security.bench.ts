/**
 * `npm run bench:security`: runs each attack of docs/security.md against a fresh host page (real Chromium, real
 * WebRTC, the real signaling Worker under wrangler dev) and prints what it cost the host. Prints figures, asserts
 * nothing about timing. Run inside scripts/netns-run.sh on machines whose only network is loopback.
 */
import { expect, test, type Page } from '@playwright/test';
import os from 'node:os';
import {
  attackerPage,
  channelState,
  floodAnswers,
  heapMb,
  junkOffer,
  keepPinging,
  lastQuestionId,
  longestTask,
  openChannels,
  openCount,
  responsiveIn,
  sampleOfferSdp,
  sendBytes,
  sendJson,
  signalingFlood,
  strayCandidate,
  watchLongTasks,
} from '../tests/e2e/attacks';
import { PROTOCOL_VERSION } from '../src/protocol/messages';
import { fixtureWith, hostSession, joinPhone, openPhone, SLOW_ONE_WINE } from '../tests/e2e/helpers';

test.describe.configure({ mode: 'serial' });
test.setTimeout(10 * 60_000);

const figures: Record<string, string> = {};
const report = (name: string, value: string) => {
  figures[name] = value;
  console.log(`  ${name}: ${value}`);
};

test.afterAll(() => {
  console.log(`\nSecurity bench (${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(52)} ${v}`);
});

/** Ms from `t0` until `page`'s root shows `phase` (or null after `capMs`). */
async function phaseAfter(page: Page, phase: string, t0: number, capMs: number): Promise<number | null> {
  try {
    await page.locator(`[data-phase="${phase}"]`).first().waitFor({ timeout: capMs });
    return Date.now() - t0;
  } catch {
    return null;
  }
}

const ms = (v: number | null, cap: number) => (v === null ? `> ${cap} ms (gave up)` : `${v} ms`);

test('attack 1: a BinaryPack map32 header (5 bytes) on a binary data channel', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  await joinPhone(browser, code);
  const bad = await attackerPage(browser);
  const { first, opened } = await openChannels(bad, code, { serialization: 'binary', waitMs: 5000 });
  report('A1 binary channel opened', opened ? 'yes' : 'no (refused before any byte)');
  if (opened) await sendBytes(bad, first, [0xdf, 0xff, 0xff, 0xff, 0xff]);
  await new Promise((r) => setTimeout(r, 200));
  report('A1 host main thread answers a script after', ms(await responsiveIn(host, 30_000), 30_000));
  await host.context().close();
});

test('attack 2: CANDIDATE frames for unknown connection ids, 12 KB each, from 500 addresses, for 13 s', async ({ browser, baseURL }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const cdp = await host.context().newCDPSession(host);
  await watchLongTasks(host);
  const before = await heapMb(cdp);
  const flood = await signalingFlood(baseURL!, code, {
    seconds: 13,
    parallel: 8,
    perSocket: 95,
    // A botnet: every socket from another address, so per-address budgets at the Worker do not stop it; frames under
    // the Worker's 16 KiB cap. What reaches the host must still cost it nothing.
    address: (n) => `198.18.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`,
    frame: (i) => strayCandidate(code, i, 12_000),
  });
  // Let the host page work through what the Worker relayed before measuring.
  await new Promise((r) => setTimeout(r, 5000));
  const after = await heapMb(cdp);
  report('A2 frames sent (MB)', `${flood.frames} (${(flood.bytes / 1e6).toFixed(0)} MB over ${flood.sockets} sockets)`);
  report('A2 host heap before → after (after GC)', `${before.toFixed(1)} → ${after.toFixed(1)} MB`);
  const refused = await host
    .getByTestId('host-diagnostics')
    .getAttribute('data-signaling', { timeout: 1000 })
    .catch(() => 'not counted by this build');
  report('A2 frames the host refused', String(refused));
  report('A2 longest host main-thread block', `${(await longestTask(host)).toFixed(0)} ms`);
  await host.context().close();
});

test('attack 4: a seated bot sends 20,000 answers; honest tap at ~2 s; host presses Pause', async ({ browser }) => {
  const { host, code } = await hostSession(browser, fixtureWith('one-wine.json', { timerSeconds: 15 }));
  const { phone } = await joinPhone(browser, code);
  const bot = await attackerPage(browser);
  const { first } = await openChannels(bot, code);
  await sendJson(bot, first, [{ type: 'join', v: PROTOCOL_VERSION }]);
  await expect.poll(async () => (await channelState(bot, first)).inbox.some((m) => m.type === 'welcome')).toBe(true);
  await keepPinging(bot); // a seated player in good standing, until it floods
  await host.getByTestId('host-start').click();
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'question_open');
  await expect.poll(() => lastQuestionId(bot, first)).not.toBe('');
  const questionId = await lastQuestionId(bot, first);
  const sendMs = await floodAnswers(bot, first, questionId, 20_000);
  report('A4 bot handed 20,000 answers to its channel in', `${sendMs.toFixed(0)} ms`);
  const correct = SLOW_ONE_WINE.json.wines[0]!.questions[0]!.correct;
  await phone.getByTestId('option').filter({ hasText: correct }).click();
  const t0 = Date.now();
  await host.getByTestId('host-pause').click({ timeout: 30_000 }).catch(() => undefined);
  const paused = await phaseAfter(host, 'question_paused', t0, 30_000);
  report('A4 Pause applied after the press', paused === null ? `never within 30 s (phase ${await host.getByTestId('host-session').getAttribute('data-phase')})` : `${paused} ms`);
  if (paused !== null) {
    await host.getByTestId('host-reveal').click();
  }
  await expect(phone.getByTestId('play')).toHaveAttribute('data-phase', 'question_revealed', { timeout: 60_000 });
  report('A4 honest answer at ~2 s scored', (await phone.getByTestId('my-points').textContent())!.trim());
  report('A4 bot channel closed by the host', (await channelState(bot, first)).closed ? 'yes' : 'no');
  await host.context().close();
});

test('attack 5a: 60 channels that only ping, then a real phone joins', async ({ browser }) => {
  const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
  const bad = await attackerPage(browser);
  const { opened } = await openChannels(bad, code, { count: 60, perPeer: 1 });
  await keepPinging(bad);
  report('A5a ping-only channels opened', String(opened));
  await new Promise((r) => setTimeout(r, 10_000));
  report('A5a still open 10 s later', String(await openCount(bad)));
  const t0 = Date.now();
  const phone = await openPhone(browser, `/play?code=${code}`);
  const joined = await phaseAfter(phone, 'waiting', t0, 45_000);
  report('A5a real phone in the lobby after', joined === null ? `never within 45 s (${await phone.getByTestId('join-error').getAttribute('data-error-code').catch(() => 'no error shown')})` : `${joined} ms`);
  await host.context().close();
});

for (const [name, address] of [
  ['from one address', () => '203.0.113.9'],
  ['from many addresses (a botnet)', (n: number) => `198.19.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`],
] as const) {
  test(`attack 5b: junk OFFERs with a valid SDP ${name}, nobody behind them, for 45 s; a real phone joins 5 s in`, async ({ browser, baseURL }) => {
    const { host, code } = await hostSession(browser, SLOW_ONE_WINE);
    const sdp = await sampleOfferSdp(await attackerPage(browser));
    // The phone comes from this machine, the junk from other addresses: the Worker's per-address budgets apply to
    // the junk and never spend the phone's own.
    const flood = signalingFlood(baseURL!, code, { seconds: 45, parallel: 10, perSocket: 6, address, frame: (i) => junkOffer(code, i, sdp) });
    await new Promise((r) => setTimeout(r, 5000));
    const t0 = Date.now();
    const phone = await openPhone(browser, `/play?code=${code}`);
    const joined = await phaseAfter(phone, 'waiting', t0, 60_000);
    const sent = await flood;
    const tag = name.startsWith('from one') ? 'A5b' : 'A5c';
    report(`${tag} junk offers sent ${name}`, `${sent.frames} over ${sent.sockets} sockets`);
    report(`${tag} real phone in the lobby after`, ms(joined, 60_000));
    report(`${tag} host's signaling link at the end`, (await host.locator('.net').first().getAttribute('class')) ?? '?');
    await host.context().close();
  });
}

test('attack 9: importing a 200,000-wine file', async ({ browser }) => {
  const context = await browser.newContext();
  const host = await context.newPage();
  await host.goto('/host');
  const submit = host.getByTestId('tasting-submit');
  await expect(async () => {
    if (!(await submit.isVisible())) await host.getByTestId('tasting-new').click({ timeout: 1000 });
    await expect(submit).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await watchLongTasks(host);
  // The file is made in the page and handed to the input there, so only the form's own work is timed (not
  // Playwright carrying 6.7 MB into the page).
  const result = await host.evaluate(async () => {
    const json = JSON.stringify({ title: 'Huge', wines: Array.from({ length: 200_000 }, (_, i) => ({ name: `W${i}`, questions: [] })) });
    const input = document.querySelector<HTMLInputElement>('[data-testid="tasting-import"]')!;
    const files = new DataTransfer();
    files.items.add(new File([json], 'huge.json', { type: 'application/json' }));
    input.files = files.files;
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    const shown = new Promise<string>((resolve) => {
      const look = () => document.querySelector('.tasting-form [role="alert"]')?.textContent ?? null;
      new MutationObserver(() => {
        const text = look();
        if (text) resolve(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const text = await shown;
    return { ms: performance.now() - t0, text, bytes: json.length };
  });
  report('A9 file size', `${(result.bytes / 1e6).toFixed(1)} MB`);
  report('A9 refusal shown after', `${result.ms.toFixed(0)} ms (${result.text.trim().slice(0, 80)})`);
  report('A9 longest form main-thread block', `${(await longestTask(host)).toFixed(0)} ms`);
  await context.close();
});
