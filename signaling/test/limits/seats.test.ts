// Fair sharing of a session between client addresses, and what seated sockets are spared (docs/security.md), with
// the deployed limits: two addresses, or a guest on the venue's own address, can keep phones out only with fresh
// sockets; past JOIN_GRACE_MS a newcomer takes the place of the oldest unseated socket; seated sockets (named by
// the host's SEATS) are never refused for the caps or the address budgets, never counted, never evicted.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  CONNECTS_PER_ADDRESS,
  DEFAULT_JOIN_GRACE_MS,
  LOOKUPS_PER_ADDRESS,
  MAX_PEERS_PER_ADDRESS,
  MAX_PEERS_PER_SESSION,
  OFFERS_PER_ADDRESS,
  OFFERS_PER_ID,
  RELAY_BYTES_PER_ADDRESS,
} from '../../src/limits';
import {
  type Frame,
  type From,
  PATIENCE_MS,
  QUIET_MS,
  TestPeer,
  ageSockets,
  connect,
  errorMessage,
  join,
  sendSeats,
  sha256Hex,
  sleep,
  peerTracker,
  sessionCodes,
} from '../helpers';

/** Exact ERROR messages (phones match them). */
const SESSION_FULL = 'Session is full';
const ADDRESS_FULL = 'Too many connections from your network to this session';
const REPLACED = 'Replaced by a newer connection';

/** A session code no other test uses. */
const freshCode = sessionCodes(2600);

/** Public test addresses (RFC 5737): a venue's NAT, and two of an attacker's. */
const VENUE: From = { address: '203.0.113.20' };
const ATTACKER_A: From = { address: '198.51.100.31' };
const ATTACKER_B: From = { address: '198.51.100.32' };

const { track, outcome, joinMany } = peerTracker();

/** A seated phone's peer token as the app makes it: 32 lowercase hex digits. */
function seatToken(n: number): string {
  return n.toString(16).padStart(32, 'e');
}

/** Ids of the peers whose socket the server closed. */
function closedIds(peers: TestPeer[]): string[] {
  return peers.filter((peer) => peer.closeCode !== null).map((peer) => peer.id);
}

/** Frames of `type` received so far by `peers`. */
function framesOf(peers: TestPeer[], type: string): Frame[] {
  return peers.flatMap((peer) => peer.frames.filter((frame) => frame.type === type));
}

describe('fair sharing of a full session', () => {
  it(`two addresses holding all ${MAX_PEERS_PER_SESSION} ids keep a phone out only while their sockets are fresh: past the grace, the oldest socket of the address holding the most gives way`, async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    const a = await joinMany(code, 'a', MAX_PEERS_PER_ADDRESS, ATTACKER_A);
    const b = await joinMany(code, 'b', MAX_PEERS_PER_SESSION - MAX_PEERS_PER_ADDRESS, ATTACKER_B);
    expect(await outcome(`sa-${code}-phone001`, 'p1', VENUE)).toBe(`ERROR ${SESSION_FULL}`);

    // A seated phone always gets in, and is not counted.
    await sendSeats(host, { locked: false, tokens: [await sha256Hex(seatToken(1))], ids: [] });
    expect(await outcome(`sa-${code}-seated01`, seatToken(1), VENUE)).toBe('OPEN');
    expect(await outcome(`sa-${code}-phone002`, 'p2', VENUE)).toBe(`ERROR ${SESSION_FULL}`);

    // The grace passes for everyone; b's first socket is the oldest, then a's first (by far more than the seconds
    // that joining them all took).
    await ageSockets(code, DEFAULT_JOIN_GRACE_MS);
    await ageSockets(code, 20 * 60_000, [b[0]!.id]);
    await ageSockets(code, 10 * 60_000, [a[0]!.id]);
    expect(await outcome(`sa-${code}-phone003`, 'p3', VENUE)).toBe('OPEN');
    expect(errorMessage(await b[0]!.take('ERROR'))).toBe(REPLACED);
    await b[0]!.closed();
    // Now a holds the most (120 against 119): its oldest gives way, not b's next.
    expect(await outcome(`sa-${code}-phone004`, 'p4', VENUE)).toBe('OPEN');
    expect(errorMessage(await a[0]!.take('ERROR'))).toBe(REPLACED);
    await a[0]!.closed();
    await sleep(QUIET_MS);
    expect(closedIds([...a, ...b]).sort()).toEqual([a[0]!.id, b[0]!.id].sort());
    expect(framesOf([host], 'LEAVE')).toEqual([]);
    expect(host.closeCode).toBeNull();
  }, 90_000);

  it(`a guest's ${MAX_PEERS_PER_ADDRESS} sockets on the venue's own address: seated phones always get back in and are never evicted; a new phone takes the place of the guest's oldest socket past the grace`, async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    const byId = await joinMany(code, 'seat', 5, VENUE);
    const byToken = track(await join(`sa-${code}-tokseat1`, seatToken(2), VENUE));
    const tokens = [await sha256Hex(seatToken(2)), await sha256Hex(seatToken(3))];
    await sendSeats(host, { locked: false, tokens, ids: byId.map((peer) => peer.id) });
    // Seated sockets are not counted: the guest still opens a whole address's worth.
    const guest = await joinMany(code, 'guest', MAX_PEERS_PER_ADDRESS, VENUE);
    expect(await outcome(`sa-${code}-phone001`, 'p1', VENUE)).toBe(`ERROR ${ADDRESS_FULL}`);
    // A seated phone whose socket dropped comes back with a new id and its seat token; one seated by id with its id.
    expect(await outcome(`sa-${code}-tokseat2`, seatToken(3), VENUE)).toBe('OPEN');
    byId[4]!.close();
    await byId[4]!.closed();
    expect(await outcome(byId[4]!.id, 'fresh-random-token', VENUE)).toBe('OPEN');

    // The grace passes; the seated sockets are the oldest of the address, then the guest's first.
    await ageSockets(code, DEFAULT_JOIN_GRACE_MS);
    await ageSockets(code, 20 * 60_000, [...byId.map((peer) => peer.id), byToken.id]);
    await ageSockets(code, 10 * 60_000, [guest[0]!.id]);
    expect(await outcome(`sa-${code}-phone002`, 'p2', VENUE)).toBe('OPEN');
    expect(errorMessage(await guest[0]!.take('ERROR'))).toBe(REPLACED);
    await sleep(QUIET_MS);
    expect(closedIds([...guest, byToken, ...byId.slice(0, 4)])).toEqual([guest[0]!.id]);
    expect(framesOf([host], 'LEAVE')).toEqual([]);
  }, 90_000);
});

describe('seated sockets spend none of their address budgets', () => {
  it('connects, OFFERs and relayed bytes: spent by junk from the address, a seated socket still gets in and through, stamped', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    const tokens = [await sha256Hex(seatToken(4)), await sha256Hex(seatToken(5))];
    await sendSeats(host, { locked: false, tokens, ids: [] });
    const seated = track(await join(`sa-${code}-seated01`, seatToken(4), ATTACKER_A));
    // Enough to go past the address's budgets however slowly this machine relays them (they refill meanwhile).
    const offerers = await joinMany(code, 'offer', Math.ceil(OFFERS_PER_ADDRESS.burst / OFFERS_PER_ID.burst) + 10, ATTACKER_A);
    const spare = track(await join(`sa-${code}-spare001`, undefined, ATTACKER_A));
    const big = await joinMany(code, 'big', 4, ATTACKER_A);

    // Connects: new sockets until the address is refused.
    let refusal: string | undefined;
    for (let round = 0; !refusal; round++) {
      expect(round).toBeLessThan(Math.ceil(CONNECTS_PER_ADDRESS.burst / 50) + 10);
      const firsts = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const peer = track(await connect(`sa-${code}-c${round}x${String(i).padStart(4, '0')}`, 't', ATTACKER_A));
          const [first] = await peer.received(1);
          peer.close();
          return first as Frame;
        }),
      );
      refusal = firsts.map(errorMessage).find((msg) => msg !== undefined);
    }
    expect(refusal).toBe('Too many new connections from your network; wait a few seconds');
    const seatedToo = track(await join(`sa-${code}-seated02`, seatToken(5), ATTACKER_A));

    // OFFERs: the address's budget spent by the junk ids.
    for (const peer of offerers) {
      for (let i = 0; i < OFFERS_PER_ID.burst; i++) peer.send({ type: 'OFFER', dst: host.id, payload: { i } });
    }
    const sent = offerers.length * OFFERS_PER_ID.burst;
    await expect
      .poll(() => framesOf([host], 'OFFER').length + framesOf(offerers, 'ERROR').length, { timeout: 4 * PATIENCE_MS })
      .toBe(sent);
    expect(framesOf(offerers, 'ERROR').length).toBeGreaterThan(0);
    host.frames.splice(0);
    // At the same moment, an unseated socket with its own budget intact is refused (the address's is spent, but for
    // what refilled meanwhile); the seated ones are not.
    for (let i = 0; i < OFFERS_PER_ID.burst; i++) spare.send({ type: 'OFFER', dst: host.id, payload: { spare: i } });
    for (const peer of [seated, seatedToo]) peer.send({ type: 'OFFER', dst: host.id, payload: { seated: peer.id } });
    for (const peer of [seated, seatedToo]) {
      const offer = await host.takeMatching((f) => f.type === 'OFFER' && f.src === peer.id, `${peer.id}'s OFFER`);
      expect(offer).toMatchObject({ seated: true, payload: { seated: peer.id } });
    }
    expect(errorMessage(await spare.take('ERROR'))).toBe('Too many connection attempts; wait a few seconds');

    // Relayed bytes: the address's budget spent by big CANDIDATEs.
    const payload = { candidate: 'x'.repeat(15_000) };
    const frames = Math.ceil(RELAY_BYTES_PER_ADDRESS.burst / 15_000) + 80;
    for (let i = 0; i < frames; i++) big[i % big.length]!.send({ type: 'CANDIDATE', dst: host.id, payload });
    await expect
      .poll(() => framesOf([host], 'CANDIDATE').length + framesOf(big, 'ERROR').length, { timeout: 4 * PATIENCE_MS })
      .toBe(frames);
    expect(framesOf(big, 'ERROR').length).toBeGreaterThan(0);
    host.frames.splice(0);
    seated.send({ type: 'CANDIDATE', dst: host.id, payload });
    expect((await host.take('CANDIDATE')).src).toBe(seated.id);
    expect(framesOf([seated, seatedToo], 'ERROR')).toEqual([]);
  }, 90_000);
});

describe('TURN for seated phones', () => {
  it(`a guest spending the venue address's ${LOOKUPS_PER_ADDRESS.burst} lookups does not keep a seated phone from its ICE servers`, async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    await sendSeats(host, { locked: false, tokens: [await sha256Hex(seatToken(6))], ids: [] });
    const seated = track(await join(`sa-${code}-seated01`, seatToken(6), VENUE));
    const newcomer = track(await join(`sa-${code}-newphone`, 'random-token', VENUE));
    const headers = { 'CF-Connecting-IP': VENUE.address as string };
    let refused = false;
    for (let batch = 0; !refused; batch++) {
      expect(batch).toBeLessThan(Math.ceil(LOOKUPS_PER_ADDRESS.burst / 100) + 10);
      const statuses = await Promise.all(
        Array.from({ length: 100 }, () => SELF.fetch(`http://localhost/api/session/${code}`, { headers }).then((r) => r.status)),
      );
      refused = statuses.includes(429);
    }
    const ice = (peer: TestPeer, token: string) =>
      SELF.fetch('http://localhost/api/ice', { method: 'POST', headers, body: JSON.stringify({ id: peer.id, token }) });
    // The budget refills (10/s) while a loaded machine gets here: each ask goes with a batch of lookups that spends it.
    const drain = () => Promise.all(Array.from({ length: 20 }, () => SELF.fetch(`http://localhost/api/session/${code}`, { headers })));
    const withDrain = async (peer: TestPeer, token: string) => {
      await drain();
      return ice(peer, token);
    };
    // The newcomer shows the address's budget is spent…
    await expect.poll(async () => (await withDrain(newcomer, 'random-token')).status, { timeout: 20_000 }).toBe(429);
    // …and the seated phone still gets its ICE servers, TURN included.
    const answer = await withDrain(seated, seatToken(6));
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { iceServers: { username?: string }[] };
    expect(body.iceServers.some((server) => server.username !== undefined)).toBe(true);
  }, 60_000);
});
