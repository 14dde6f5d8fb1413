// A seat's signaling token names ONE phone (docs/protocol.md#seat-signaling-token). Regression tests:
// a guest with a seat must not turn its one seat token into many seated sockets (fresh peer ids, same token), each
// with a fresh per-id budget, none counted against the address, all stamped "seated" for the host's seated bucket
// (src/net/host-peer.ts SEATED_NEGOTIATION_BURST) — not even while the host has locked joining.
import { describe, expect, it } from 'vitest';
import { OFFERS_PER_ID } from '../../src/limits';
import {
  type Frame,
  type From,
  PATIENCE_MS,
  TestPeer,
  connect,
  join,
  sendSeats,
  sha256Hex,
  sleep,
  peerTracker,
  sessionCodes,
} from '../helpers';

/** A session code no other test uses. */
const freshCode = sessionCodes(2700);

const VENUE: From = { address: '203.0.113.21' };
const GUEST: From = { address: '198.51.100.41' };
/** A seated phone's peer token as the app makes it: 32 lowercase hex digits. */
const SEAT = 'f'.repeat(31) + '1';

const { track } = peerTracker();

describe('one seat token, many sockets', () => {
  it('the host locked: of 20 sockets opened on one seat token (fresh ids), only the newest stays open', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    await sendSeats(host, { locked: true, tokens: [await sha256Hex(SEAT)], ids: [] });
    const sockets: TestPeer[] = [];
    for (let i = 0; i < 20; i++) sockets.push(track(await connect(`sa-${code}-dup${String(i).padStart(5, '0')}`, SEAT, GUEST)));
    await Promise.all(sockets.map((peer) => peer.received(1)));
    await sleep(300);
    const open = sockets.filter((peer) => peer.closeCode === null && peer.frames.some((f) => f.type === 'OPEN'));
    // The newest is the one kept (a phone that reloads gets a new id: its old socket is the stale one).
    expect(open.map((peer) => peer.id)).toEqual([sockets.at(-1)!.id]);
    // The host heard nothing of it (no LEAVE: a phone's open data channel does not depend on its socket).
    expect(host.frames.filter((f) => f.type === 'LEAVE')).toEqual([]);
  });

  it('seated-stamped OFFERs from one seat token stay within one id’s OFFER budget, however many ids send them', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    await sendSeats(host, { locked: true, tokens: [await sha256Hex(SEAT)], ids: [] });
    const sockets: TestPeer[] = [];
    for (let i = 0; i < 10; i++) {
      const peer = track(await connect(`sa-${code}-off${String(i).padStart(5, '0')}`, SEAT, GUEST));
      const [first] = await peer.received(1);
      if ((first as Frame).type === 'OPEN') sockets.push(peer);
    }
    for (const peer of sockets) {
      for (let i = 0; i < OFFERS_PER_ID.burst; i++) peer.send({ type: 'OFFER', dst: host.id, payload: { from: peer.id, i } });
    }
    await sleep(PATIENCE_MS / 4);
    const stamped = host.frames.filter((f) => f.type === 'OFFER' && f.seated === true).length;
    // One phone's worth: its burst, plus what refills during the test (0.2/s).
    expect(stamped).toBeLessThanOrEqual(OFFERS_PER_ID.burst + 1);
  });

  it('a seat token reconnecting under new ids, one socket after another, carries its OFFER budget along', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    await sendSeats(host, { locked: false, tokens: [await sha256Hex(SEAT)], ids: [] });
    for (let round = 0; round < 5; round++) {
      const peer = track(await join(`sa-${code}-seq${String(round).padStart(5, '0')}`, SEAT, GUEST));
      for (let i = 0; i < OFFERS_PER_ID.burst; i++) peer.send({ type: 'OFFER', dst: host.id, payload: { round, i } });
      await sleep(200);
      peer.close();
      await sleep(100);
    }
    await sleep(PATIENCE_MS / 8);
    const stamped = host.frames.filter((f) => f.type === 'OFFER' && f.seated === true).length;
    expect(stamped).toBeGreaterThan(0);
    expect(stamped).toBeLessThanOrEqual(OFFERS_PER_ID.burst + 1);
  });
});
