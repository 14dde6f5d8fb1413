/**
 * Venue network scenarios (docs/venue-network.md), each in the lab of tests/lab/net.ts: real Chromium per device,
 * the real signaling Worker and coturn across a venue uplink, exact scores at the end, figures printed.
 */
import { recordFigure, summary } from './figures';
import { expect, playToEnd, startGame, tapAndFanOut, test } from './lab';

test('a. uplink RTT 300 ms: joining pays the uplink, play runs at LAN speed', async ({ lab }) => {
  const RTT = 300;
  lab.set({ uplinkRttMs: RTT, uplinkKbit: 4000 });
  const { game, hostMs, joinMs } = await startGame(lab, 2);
  recordFigure('a', 'host page to lobby (RTT 300 ms, 4 Mbit/s)', `${hostMs} ms`);
  recordFigure('a', 'phone join: open /play to lobby', joinMs.map((ms) => `${ms} ms`).join(', '));
  game.fanOut.push(...(await tapAndFanOut(game.host, 'host-start', game.phones, 'question_open')));
  await playToEnd(game, 0);
  recordFigure('a', 'host tap → phone shows it', summary(game.fanOut));
  recordFigure('a', 'a server-relayed design pays at least', `${2 * RTT} ms (2 × uplink RTT)`);
  expect(game.fanOut.length).toBeGreaterThan(0);
});
