// Per-session limits (docs/security.md), with the deployed timeouts: the host always gets in, and budgets that one
// client address cannot refill by reconnecting, sized so a whole venue behind one NAT never meets them.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  CONNECTS_PER_ADDRESS,
  LOOKUPS_PER_ADDRESS,
  MAX_PEERS_PER_ADDRESS,
  MAX_PEERS_PER_SESSION,
  MAX_QUEUED_FRAMES_PER_ADDRESS,
  MAX_QUEUED_FRAMES_PER_SENDER,
  OFFERS_PER_ADDRESS,
  OFFERS_PER_ID,
  RELAY_BYTES_PER_ADDRESS,
} from '../../src/limits';
import { Refusal } from '../../src/session';
import {
  type Frame,
  type From,
  PATIENCE_MS,
  QUIET_MS,
  TestPeer,
  connect,
  join,
  sleep,
  peerTracker,
  sessionCodes,
} from '../helpers';

/** A session code no other test uses. */
const freshCode = sessionCodes(2000);

/** Public test addresses (TEST-NET-3, RFC 5737): a venue's NAT and an outsider. */
const VENUE: From = { address: '203.0.113.10' };
const OUTSIDER: From = { address: '203.0.113.66' };

const { track, joinMany } = peerTracker();

/** Waits until `done()` holds (polling), failing after 4 × PATIENCE_MS: for floods that get no reply per frame. */
async function settle(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 4 * PATIENCE_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`waited ${4 * PATIENCE_MS} ms for ${what}`);
    await sleep(50);
  }
}

/** Frames of `type` received so far by `peers`. */
function framesOf(peers: TestPeer[], type: string): Frame[] {
  return peers.flatMap((peer) => peer.frames.filter((frame) => frame.type === type));
}

/** Most a token bucket can give over `ms`: its burst plus what it earns meanwhile. */
function mostOver(spec: { burst: number; perSecond: number }, ms: number): number {
  return spec.burst + Math.ceil((spec.perSecond * ms) / 1000);
}

/** Connects and returns the first OPEN, ID-TAKEN or ERROR frame type (with its message for ERROR). */
async function outcome(id: string, token: string, from: From = {}): Promise<string> {
  const peer = track(await connect(id, token, from));
  const [first] = await peer.received(1);
  const msg = (first?.payload as { msg?: string } | undefined)?.msg;
  return first?.type === 'ERROR' ? `ERROR ${msg}` : (first?.type as string);
}

describe('the host always gets in', () => {
  it(`when ${MAX_PEERS_PER_SESSION} participant ids fill the session, and after reloading`, async () => {
    const code = freshCode();
    const half = MAX_PEERS_PER_SESSION / 2;
    await joinMany(code, 'v', half, VENUE);
    await joinMany(code, 'o', half, OUTSIDER);
    expect(await outcome(`sa-${code}-onetoomany`, 't', { address: '198.51.100.7' })).toBe(`ERROR ${Refusal.SessionFull}`);
    const host = track(await join(`sa-${code}-host`, 'host-token', OUTSIDER));
    // A reload: the same token takes over at once.
    const reloaded = track(await join(`sa-${code}-host`, 'host-token', OUTSIDER));
    expect(await host.closed()).toBe(4000);
    expect(reloaded.closeCode).toBeNull();
  }, 60_000);
});

describe('per-address limits in a session', () => {
  it(`caps the ids one address holds at ${MAX_PEERS_PER_ADDRESS}; other addresses still get in`, async () => {
    const code = freshCode();
    await joinMany(code, 'o', MAX_PEERS_PER_ADDRESS, OUTSIDER);
    expect(await outcome(`sa-${code}-extra1`, 't', OUTSIDER)).toBe(`ERROR ${Refusal.AddressFull}`);
    expect(await outcome(`sa-${code}-phone1`, 't', VENUE)).toBe('OPEN');
  }, 60_000);

  it(`allows ${CONNECTS_PER_ADDRESS.burst} new ids from one address at once, then refuses more for a while`, async () => {
    const code = freshCode();
    const started = Date.now();
    let admitted = 0;
    let refusal = '';
    for (let round = 0; !refusal; round++) {
      const attempts = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const peer = track(await connect(`sa-${code}-r${round}x${String(i).padStart(3, '0')}`, 't', OUTSIDER));
          const [first] = await peer.received(1);
          peer.close();
          return first as Frame;
        }),
      );
      admitted += attempts.filter((frame) => frame.type === 'OPEN').length;
      refusal = (attempts.find((frame) => frame.type === 'ERROR')?.payload as { msg?: string } | undefined)?.msg ?? '';
      expect(round).toBeLessThan(20);
    }
    expect(refusal).toBe(Refusal.TooManyConnects);
    expect(admitted).toBeGreaterThanOrEqual(CONNECTS_PER_ADDRESS.burst);
    expect(admitted).toBeLessThanOrEqual(mostOver(CONNECTS_PER_ADDRESS, Date.now() - started));
    expect(await outcome(`sa-${code}-phone1`, 't', VENUE)).toBe('OPEN');
  }, 60_000);

  it(`stops OFFERs from one address after ${OFFERS_PER_ADDRESS.burst}, however many new ids send them`, async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    const senders = await joinMany(code, 'junk', Math.ceil(OFFERS_PER_ADDRESS.burst / OFFERS_PER_ID.burst) + 1, OUTSIDER);
    let sent = 0;
    const started = Date.now();
    for (const sender of senders) {
      for (let i = 0; i < OFFERS_PER_ID.burst; i++) sender.send({ type: 'OFFER', dst: host.id, payload: { n: sent++ } });
    }
    const delivered = () => framesOf([host], 'OFFER').length;
    await settle(() => delivered() + framesOf(senders, 'ERROR').length >= sent, 'every OFFER relayed or refused');
    const errors = framesOf(senders, 'ERROR');
    expect(errors.map((e) => (e.payload as { msg: string }).msg)).toEqual(errors.map(() => Refusal.TooManyOffers));
    expect(delivered()).toBeGreaterThanOrEqual(OFFERS_PER_ADDRESS.burst);
    expect(delivered()).toBeLessThanOrEqual(mostOver(OFFERS_PER_ADDRESS, Date.now() - started));
    host.frames.splice(0);
    // A phone from another address still reaches the host.
    const phone = track(await join(`sa-${code}-phone1`, undefined, VENUE));
    phone.send({ type: 'OFFER', dst: host.id, payload: { real: true } });
    expect((await host.take('OFFER')).payload).toEqual({ real: true });
  }, 30_000);

  it.each([
    ['taking over its live socket', false],
    ['after closing its socket', true],
  ])("keeps an id's OFFER budget when it reconnects with the same token, %s", async (_how, closeFirst) => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`));
    const guest = await join(`sa-${code}-guest1`, 'guest-token', OUTSIDER);
    for (let i = 0; i < OFFERS_PER_ID.burst; i++) guest.send({ type: 'OFFER', dst: host.id, payload: { n: i } });
    await host.received(OFFERS_PER_ID.burst);
    if (closeFirst) {
      guest.close();
      await host.take('LEAVE');
    }
    const again = track(await join(`sa-${code}-guest1`, 'guest-token', OUTSIDER));
    again.send({ type: 'OFFER', dst: host.id, payload: { n: 'more' } });
    expect((await again.take('ERROR')).payload).toEqual({ msg: Refusal.TooManyOffers });
  });

  it(`bounds the relayed bytes of one address at ${RELAY_BYTES_PER_ADDRESS.burst} in a burst`, async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    const senders = await joinMany(code, 'big', 3, OUTSIDER);
    const payload = { candidate: 'x'.repeat(15_000) };
    const frameBytes = JSON.stringify({ type: 'CANDIDATE', dst: host.id, payload }).length;
    const frames = Math.ceil(RELAY_BYTES_PER_ADDRESS.burst / frameBytes) + 20;
    const started = Date.now();
    for (let i = 0; i < frames; i++) senders[i % senders.length]!.send({ type: 'CANDIDATE', dst: host.id, payload });
    await settle(
      () => framesOf([host], 'CANDIDATE').length + framesOf(senders, 'ERROR').length >= frames,
      'every CANDIDATE relayed or refused',
    );
    const errors = framesOf(senders, 'ERROR');
    const delivered = framesOf([host], 'CANDIDATE').length;
    expect(errors.map((e) => (e.payload as { msg: string }).msg)).toEqual(errors.map(() => Refusal.TooMuchSignaling));
    expect(delivered * frameBytes).toBeGreaterThan(RELAY_BYTES_PER_ADDRESS.burst - frameBytes);
    expect(delivered * frameBytes).toBeLessThanOrEqual(mostOver(RELAY_BYTES_PER_ADDRESS, Date.now() - started));
  }, 30_000);

  it(`keeps at most ${MAX_QUEUED_FRAMES_PER_ADDRESS} frames of one address waiting for absent peers`, async () => {
    const code = freshCode();
    const senders = await joinMany(code, 'q', Math.ceil(MAX_QUEUED_FRAMES_PER_ADDRESS / MAX_QUEUED_FRAMES_PER_SENDER) + 1, OUTSIDER);
    for (const sender of senders) {
      for (let i = 0; i < MAX_QUEUED_FRAMES_PER_SENDER; i++) sender.send({ type: 'CANDIDATE', dst: `sa-${code}-host`, payload: i });
    }
    // Frames wait EXPIRE_TIMEOUT_MS (a minute in this project), far longer than the test.
    const expected = senders.length * MAX_QUEUED_FRAMES_PER_SENDER - MAX_QUEUED_FRAMES_PER_ADDRESS;
    await settle(() => framesOf(senders, 'ERROR').length >= expected, 'refusals');
    expect(framesOf(senders, 'ERROR')).toHaveLength(expected);
    await sleep(QUIET_MS);
    expect(framesOf(senders, 'ERROR')).toHaveLength(expected);
  }, 30_000);

  it(`answers 429 past ${LOOKUPS_PER_ADDRESS.burst} lookups of one session from one address`, async () => {
    const code = freshCode();
    const lookup = (from: From) =>
      SELF.fetch(`http://localhost/api/session/${code}`, { headers: { 'CF-Connecting-IP': from.address as string } });
    const started = Date.now();
    let admitted = 0;
    let refused: Response | undefined;
    for (let batch = 0; !refused; batch++) {
      const responses = await Promise.all(Array.from({ length: 100 }, () => lookup(OUTSIDER)));
      admitted += responses.filter((r) => r.status === 200).length;
      refused = responses.find((r) => r.status !== 200);
      expect(batch).toBeLessThan(20);
    }
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(admitted).toBeGreaterThanOrEqual(LOOKUPS_PER_ADDRESS.burst);
    expect(admitted).toBeLessThanOrEqual(mostOver(LOOKUPS_PER_ADDRESS, Date.now() - started));
    expect((await lookup(VENUE)).status).toBe(200);
  }, 30_000);
});

describe('an honest venue never meets these limits', () => {
  it('100 phones behind one NAT join at once, then all rejoin after a host reload', async () => {
    const code = freshCode();
    const PHONES = 100;
    const CANDIDATES = 5;
    let host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    const phones = await joinMany(code, 'phone', PHONES, VENUE, 50);
    const joinRound = async (round: number) => {
      for (const phone of phones) {
        phone.send({ type: 'OFFER', dst: host.id, payload: { round } });
        for (let c = 0; c < CANDIDATES; c++) phone.send({ type: 'CANDIDATE', dst: host.id, payload: { c } });
      }
      const frames = await host.received(PHONES * (1 + CANDIDATES));
      expect(frames.filter((f) => f.type === 'ERROR')).toEqual([]);
      for (const phone of phones) {
        host.send({ type: 'ANSWER', dst: phone.id, payload: { round } });
        for (let c = 0; c < CANDIDATES; c++) host.send({ type: 'CANDIDATE', dst: phone.id, payload: { c } });
      }
      for (const phone of phones) {
        const got = await phone.received(1 + CANDIDATES);
        expect(got.filter((f) => f.type === 'ERROR')).toEqual([]);
        phone.frames.splice(0);
      }
      host.frames.splice(0);
    };
    await joinRound(1);
    host = track(await join(`sa-${code}-host`, 'host-token', VENUE));
    await joinRound(2);
    for (const phone of phones) expect(phone.closeCode).toBeNull();
  }, 60_000);
});
