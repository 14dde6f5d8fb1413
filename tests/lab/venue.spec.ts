/**
 * Venue network scenarios (docs/venue-network.md), each in the lab of tests/lab/net.ts: real Chromium per device,
 * the real signaling Worker and coturn across a venue uplink, exact scores at the end, figures printed.
 */
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS } from '../../src/protocol/messages';
import { expectPhase } from '../e2e/helpers';
import { recordFigure, summary } from './figures';
import {
  answerAll,
  closeQuestion,
  expect,
  phases,
  pick,
  playToEnd,
  selectedPairs,
  startGame,
  tap,
  tapAndFanOut,
  TASTING,
  test,
  type Game,
} from './lab';

/** How long the host may take to notice a silent phone: its timeout plus one sweep period, plus 2 s for a busy CI. */
const OFFLINE_WITHIN_MS = HEARTBEAT_TIMEOUT_MS + HEARTBEAT_INTERVAL_MS + 2000;

/** Resolves with the ms from `since` until `check` passes (retrying it, as expect.toPass does). */
async function msUntil(since: number, check: () => Promise<void>, timeout: number): Promise<number> {
  await expect(check).toPass({ timeout, intervals: [100] });
  return Date.now() - since;
}

/** Whether `page`'s phase history shows it lost its seat's link (reconnecting / joining) after `from` (wall ms). */
async function reconnectedSince(page: Game['phones'][number], from: number): Promise<boolean> {
  return (await phases(page)).some(([p, t]) => t >= from && (p === 'reconnecting' || p === 'joining'));
}

test('a. uplink RTT 300 ms: joining pays the uplink, play runs at LAN speed', async ({ lab }) => {
  const RTT = 300;
  lab.set({ uplinkRttMs: RTT, uplinkKbit: 4000 });
  const { game, hostMs, joinMs } = await startGame(lab, 2);
  recordFigure('a', 'host page to lobby (RTT 300 ms, 4 Mbit/s)', `${hostMs} ms`);
  recordFigure('a', 'phone join: open /play to lobby', joinMs.map((ms) => `${ms} ms`).join(', '));
  game.fanOut.push(...(await tapAndFanOut(game.host, 'host-start', game.phones, 'question_open')));
  await playToEnd(game, 0);
  recordFigure('a', 'host tap → phone shows it', summary(game.fanOut));
  recordFigure('a', 'for comparison: 2 × uplink RTT', `${2 * RTT} ms`);
});

test('b. Wi-Fi losing 5 % of packets at 1 Mbit/s per device: a whole game, no answer lost', async ({ lab }) => {
  lab.set({ lanLossPct: 5, lanKbit: 1000 });
  const { game, joinMs } = await startGame(lab, 3);
  recordFigure('b', 'phone join (5 % loss, 1 Mbit/s)', joinMs.map((ms) => `${ms} ms`).join(', '));
  game.fanOut.push(...(await tapAndFanOut(game.host, 'host-start', game.phones, 'question_open')));
  // playToEnd waits for every answer to be counted by the host and checks the exact final scores.
  await playToEnd(game, 0);
  recordFigure('b', 'host tap → phone shows it', summary(game.fanOut));
  recordFigure('b', 'answers lost', `0 of ${3 * TASTING.wines[0]!.questions.length}`);
});

test('c. uplink cut after everyone joined: the game plays on; uplink back: nothing to repair', async ({ lab }) => {
  const { game } = await startGame(lab, 2);
  game.fanOut.push(...(await tapAndFanOut(game.host, 'host-start', game.phones, 'question_open')));
  await answerAll(game, 0);
  await closeQuestion(game, 0);
  const cutAt = Date.now();
  lab.set({ uplinkCut: true });
  const before = game.fanOut.length;
  for (const qi of [1, 2, 3]) {
    await answerAll(game, qi);
    await expect(game.host.getByTestId('answered-count')).toHaveText('2/2');
    await closeQuestion(game, qi);
  }
  recordFigure('c', 'host tap → phone shows it, uplink cut', summary(game.fanOut.slice(before)));
  const backAt = Date.now();
  lab.set({});
  // Nothing to repair: no phone lost its seat, and the host can be reached through signaling again by itself — a
  // latecomer joins the last question (latecomers may join by default) and plays it with the others.
  for (const phone of game.phones) expect(await reconnectedSince(phone, cutAt), 'a phone lost its seat').toBe(false);
  await expect(game.host.locator('.net')).toHaveClass(/net-online/);
  const late = await (await (await lab.phoneBrowser(2)).newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await late.goto(`/play?code=${game.code}`);
  await expectPhase([late], 'question_open');
  recordFigure('c', 'uplink back → a latecomer is in the question', `${Date.now() - backAt} ms`);
  game.phones.push(late);
  game.pseudonyms.push((await late.getByTestId('my-pseudonym').first().textContent())!.trim());
  game.scores.push(0);
  await playToEnd(game, 4);
  for (const phone of game.phones.slice(0, 2)) expect(await reconnectedSince(phone, cutAt), 'a phone lost its seat').toBe(false);
});

test('d. isolating guest Wi-Fi: every phone joins and plays through coturn', async ({ lab }) => {
  const RTT = 300;
  lab.set({ isolation: true, uplinkRttMs: RTT, uplinkKbit: 4000 });
  const { game, hostMs, joinMs } = await startGame(lab, 2);
  recordFigure('d', 'host page to lobby (isolation, RTT 300 ms)', `${hostMs} ms`);
  recordFigure('d', 'phone join through TURN', joinMs.map((ms) => `${ms} ms`).join(', '));
  for (const page of [game.host, ...game.phones]) {
    const pairs = await selectedPairs(page);
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) expect([pair.local, pair.remote], 'selected candidate pair').toContain('relay');
  }
  const hostPairs = await selectedPairs(game.host);
  recordFigure('d', 'host selected pairs (local/remote)', hostPairs.map((p) => `${p.local}/${p.remote}`).join(', '));
  game.fanOut.push(...(await tapAndFanOut(game.host, 'host-start', game.phones, 'question_open')));
  await playToEnd(game, 0);
  recordFigure('d', 'host tap → phone shows it, relayed', summary(game.fanOut));
});

test('e. one phone silent for 20 s mid-question: offline on the host in time, back by itself with seat, pick and score', async ({ lab }) => {
  const SILENCE_MS = 20_000;
  const { game } = await startGame(lab, 2);
  const [quiet, other] = game.phones as [Game['phones'][number], Game['phones'][number]];
  game.fanOut.push(...(await tapAndFanOut(game.host, 'host-start', game.phones, 'question_open')));
  await answerAll(game, 0);
  await closeQuestion(game, 0);
  // Question 2: the quiet phone picks, then its Wi-Fi silently stops carrying anything (no close, no error).
  await answerAll(game, 1, [0]);
  await expect(game.host.getByTestId('answered-count')).toHaveText('1/2');
  const silentAt = Date.now();
  lab.set({ silenced: [lab.info.ns.phones[0]!] });
  // The host stops counting it: 0 of the 1 phone still connected has answered.
  const offlineMs = await msUntil(silentAt, () => expect(game.host.getByTestId('answered-count')).toHaveText('0/1'), OFFLINE_WITHIN_MS);
  recordFigure('e', 'silence to offline on the host', `${offlineMs} ms (heartbeat timeout ${HEARTBEAT_TIMEOUT_MS} ms)`);
  await answerAll(game, 1, [1]);
  await expect(game.host.getByTestId('answered-count')).toHaveText('1/1');
  await game.host.waitForTimeout(Math.max(0, SILENCE_MS - (Date.now() - silentAt)));
  const backAt = Date.now();
  lab.set({});
  const backMs = await msUntil(backAt, () => expect(game.host.getByTestId('answered-count')).toHaveText('2/2'), 30_000);
  recordFigure('e', 'traffic back to seated again (host counts it)', `${backMs} ms`);
  await expectPhase([quiet], 'question_open');
  await expect(quiet.getByTestId('my-pseudonym').first()).toHaveText(game.pseudonyms[0]!);
  await expect(quiet.locator('[data-testid="option"][aria-pressed="true"]')).toContainText(pick(TASTING, 0, 1).text);
  expect(await reconnectedSince(other, silentAt), 'the other phone was disturbed').toBe(false);
  await closeQuestion(game, 1);
  await expect(quiet.getByTestId('my-score')).toHaveText(String(game.scores[0]));
  await playToEnd(game, 2);
});

test('f. the host drops off the Wi-Fi for 10 s: phones wait for the host, then all come back', async ({ lab }) => {
  const OUTAGE_MS = 10_000;
  const { game } = await startGame(lab, 2);
  game.fanOut.push(...(await tapAndFanOut(game.host, 'host-start', game.phones, 'question_open')));
  await answerAll(game, 0);
  await expect(game.host.getByTestId('answered-count')).toHaveText('2/2');
  const downAt = Date.now();
  lab.set({ linkDown: [lab.info.ns.host] });
  const waitingMs: number[] = [];
  // Within the outage itself: a phone that only said so after the host was back would have failed.
  for (const phone of game.phones) {
    const left = Math.max(1, downAt + OUTAGE_MS - Date.now());
    waitingMs.push(await msUntil(downAt, () => expect(phone.getByText(/Waiting for the host/)).toBeVisible(), left));
  }
  recordFigure('f', 'host gone to phones saying "Waiting for the host"', waitingMs.map((ms) => `${ms} ms`).join(', '));
  await game.host.waitForTimeout(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
  const upAt = Date.now();
  lab.set({});
  const backMs: number[] = [];
  for (const phone of game.phones) backMs.push(await msUntil(upAt, () => expectPhase([phone], 'question_open'), 30_000));
  await expect(game.host.getByTestId('answered-count')).toHaveText('2/2');
  recordFigure('f', 'host back on Wi-Fi to each phone back in the question', backMs.map((ms) => `${ms} ms`).join(', '));
  await closeQuestion(game, 0);
  await playToEnd(game, 1);
});

test('g. a busier venue: 10 simulated phones beside 3 Chromium phones on the lossy Wi-Fi, no answer lost', async ({ lab }) => {
  const SIMULATED = 10;
  lab.set({ lanLossPct: 5, lanKbit: 1000 });
  const { game } = await startGame(lab, 3);
  await game.host.getByTestId('max-players').selectOption('20');
  // All simulated phones share one more station of the Wi-Fi (its 1 Mbit/s and its 5 % loss).
  const farm = await lab.phoneFarm(3);
  const joined = await farm.call<{ joinMs: number[]; failed: string[] }>('join', { code: game.code, count: SIMULATED });
  expect(joined.failed).toEqual([]);
  await expect(game.host.getByTestId('lobby-player')).toHaveCount(3 + SIMULATED);
  recordFigure('g', `simulated phone join (${SIMULATED} on one station)`, summary(joined.joinMs));
  game.farm = { farm, count: SIMULATED, fanOut: [] };
  await tap(game, 'host-start', 'question_open');
  // Every answer is confirmed back and counted; exact scores for the Chromium phones.
  await playToEnd(game, 0);
  recordFigure('g', 'host tap → Chromium phone', summary(game.fanOut));
  recordFigure('g', 'host tap → simulated phone', summary(game.farm.fanOut));
  recordFigure('g', 'answers lost', `0 of ${(3 + SIMULATED) * TASTING.wines[0]!.questions.length}`);
});
