// The PeerJS server protocol, end to end through the Worker and the SignalingSession object.
// Every test uses its own session code so tests never see each other's peers.
import { SELF, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, OFFERS_PER_ID, PARTICIPANT_FRAMES } from '../src/limits';
import {
  ALIVE_TIMEOUT_MS,
  EXPIRE_TIMEOUT_MS,
  HOST_GRACE_CLOSED_MS,
  HOST_GRACE_LOST_MS,
  PATIENCE_MS,
  QUIET_MS,
  TestPeer,
  connect,
  eventually,
  join,
  openSocket,
  queuedFrames,
  sleep,
  peerTracker,
  sessionCodes,
} from './helpers';

/** A session code no other test uses. */
const freshCode = sessionCodes(1000);

const { track: tracked, outcome } = peerTracker();
/** join() that closes the peer after the test. */
async function joinTracked(id: string, token?: string): Promise<TestPeer> {
  return tracked(await join(id, token));
}

const OFFER_PAYLOAD = {
  sdp: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' },
  type: 'data',
  connectionId: 'dc_abc123',
  label: 'dc_abc123',
  serialization: 'json',
  reliable: true,
  metadata: { pseudonym: null, nested: [1, 'two', { three: 3 }] },
};

describe('registration', () => {
  it('answers OPEN to a fresh id', async () => {
    const code = freshCode();
    const host = await connect(`sa-${code}-host`);
    tracked(host);
    expect(await host.take('OPEN')).toEqual({ type: 'OPEN' });
  });

  it('answers ID-TAKEN and closes when a live id is claimed with another token', async () => {
    const code = freshCode();
    const first = await joinTracked(`sa-${code}-host`, 'token-one');
    const intruder = await connect(`sa-${code}-host`, 'token-two');
    expect(await intruder.take('ID-TAKEN')).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
    await intruder.closed();
    expect(intruder.frames.filter((frame) => frame.type === 'OPEN')).toEqual([]);
    // The first holder is untouched.
    expect(first.closeCode).toBeNull();
    expect(await first.quietly('ID-TAKEN')).toEqual([]);
  });

  it('lets the same id and token take over at once: old socket closed, no ID-TAKEN, no LEAVE', async () => {
    const code = freshCode();
    const hostId = `sa-${code}-host`;
    const guest = await joinTracked(`sa-${code}-guest01`);
    const before = await joinTracked(hostId, 'same-token');
    guest.send({ type: 'OFFER', dst: hostId, payload: { n: 1 } });
    await before.take('OFFER');

    const after = await connect(hostId, 'same-token');
    tracked(after);
    await after.take('OPEN');
    expect(await before.closed()).toBe(4000);
    expect(after.frames.filter((frame) => frame.type === 'ID-TAKEN')).toEqual([]);
    expect(await guest.quietly('LEAVE')).toEqual([]);

    guest.send({ type: 'OFFER', dst: hostId, payload: { n: 2 } });
    expect((await after.take('OFFER')).payload).toEqual({ n: 2 });
  });

  it.each([
    ['a wrong key', 'key=nope&id=sa-0001-host&token=t'],
    ['no key', 'id=sa-0001-host&token=t'],
    ['no id', 'key=peerjs&token=t'],
    ['no token', 'key=peerjs&id=sa-0001-host'],
    ['an id without a session code', 'key=peerjs&id=hello&token=t'],
    ['a 3-digit code', 'key=peerjs&id=sa-123-host&token=t'],
    ['a too short participant suffix', 'key=peerjs&id=sa-1234-abc12&token=t'],
    ['a too long participant suffix', `key=peerjs&id=sa-1234-${'a'.repeat(33)}&token=t`],
    ['a token with unsafe characters', 'key=peerjs&id=sa-1234-host&token=%3Cscript%3E'],
  ])('answers ERROR and closes on %s', async (_what, query) => {
    const peer = new TestPeer('refused', await openSocket(query));
    const error = await peer.take('ERROR');
    expect(error.payload).toEqual({ msg: expect.any(String) });
    await peer.closed();
    expect(peer.frames.filter((frame) => frame.type === 'OPEN')).toEqual([]);
  });
});

describe('relaying', () => {
  it('stamps src from the sender socket, ignoring a forged src, and relays the payload unchanged', async () => {
    const code = freshCode();
    const host = await joinTracked(`sa-${code}-host`);
    const alice = await joinTracked(`sa-${code}-alice1`);
    const bob = await joinTracked(`sa-${code}-bob123`);
    bob.send({ type: 'OFFER', src: host.id, dst: alice.id, payload: OFFER_PAYLOAD });
    expect(await alice.take('OFFER')).toEqual({ type: 'OFFER', src: bob.id, dst: alice.id, payload: OFFER_PAYLOAD });
    alice.send({ type: 'ANSWER', src: 'sa-9999-host', dst: bob.id, payload: { sdp: 'answer' } });
    expect(await bob.take('ANSWER')).toEqual({ type: 'ANSWER', src: alice.id, dst: bob.id, payload: { sdp: 'answer' } });
    bob.send({ type: 'CANDIDATE', dst: alice.id, payload: { candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host' } } });
    expect((await alice.take('CANDIDATE')).src).toBe(bob.id);
    expect(await host.quietly('OFFER')).toEqual([]);
  });

  it('never answers HEARTBEAT', async () => {
    const code = freshCode();
    const host = await joinTracked(`sa-${code}-host`);
    host.send({ type: 'HEARTBEAT' });
    host.send({ type: 'HEARTBEAT' });
    await sleep(300);
    expect(host.frames).toEqual([]);
  });

  it('queues frames for an id that is not connected yet and delivers them after its OPEN, in order', async () => {
    const code = freshCode();
    const guest = await joinTracked(`sa-${code}-early1`);
    const hostId = `sa-${code}-host`;
    guest.send({ type: 'OFFER', dst: hostId, payload: { n: 1 } });
    guest.send({ type: 'CANDIDATE', dst: hostId, payload: { n: 2 } });
    // Wait until both are queued (not a fixed time: under load 50 ms was not always enough, see below).
    expect(await eventually(() => queuedFrames(code), 2)).toBe(2);
    const host = await connect(hostId);
    tracked(host);
    const frames = await host.received(3);
    // Frames queued before the peer connects leave in one pass, oldest first, right after OPEN. (The old 1-in-8
    // CANDIDATE-first order needs the CANDIDATE to be unqueued when the host connects, which the fixed 50 ms wait
    // allowed under load: it is then relayed by its own message event, after the connect sent OPEN and the queued
    // OFFER, and nothing in the Worker orders sends from two events to one socket; the platform evidently does not
    // either (workerd gates each event's outgoing messages on its storage writes). Frames from one sender in flight
    // while its peer connects may therefore swap; the stock client keeps frames for a connection it does not know
    // yet and replays them once the OFFER creates it, so nothing is lost. See signaling/README.md.)
    expect(frames.map((frame) => [frame.type, frame.src, frame.payload])).toEqual([
      ['OPEN', undefined, undefined],
      ['OFFER', guest.id, { n: 1 }],
      ['CANDIDATE', guest.id, { n: 2 }],
    ]);
  });

  it(`sends one EXPIRE (src = the absent id) once frames waited ${EXPIRE_TIMEOUT_MS} ms, and drops them`, async () => {
    const code = freshCode();
    const guest = await joinTracked(`sa-${code}-lonely`);
    const absent = `sa-${code}-host`;
    guest.send({ type: 'OFFER', dst: absent, payload: {} });
    guest.send({ type: 'CANDIDATE', dst: absent, payload: {} });
    guest.send({ type: 'CANDIDATE', dst: absent, payload: {} });
    expect(await guest.take('EXPIRE')).toEqual({ type: 'EXPIRE', src: absent, dst: guest.id });
    // All three went with that one EXPIRE: nothing is left to expire again (read inside the object, no fixed wait).
    expect(await queuedFrames(code)).toBe(0);
    expect(await guest.quietly('EXPIRE')).toEqual([]);
    const late = await joinTracked(absent);
    expect(await late.quietly('OFFER')).toEqual([]);
    expect(late.frames).toEqual([]);
  });

  it('sends LEAVE (src = the gone peer) to the peers it exchanged frames with, and only to them', async () => {
    const code = freshCode();
    const host = await joinTracked(`sa-${code}-host`);
    const guest = await joinTracked(`sa-${code}-guest1`);
    const bystander = await joinTracked(`sa-${code}-bystan`);
    guest.send({ type: 'OFFER', dst: host.id, payload: {} });
    await host.take('OFFER');
    guest.close();
    expect(await host.take('LEAVE')).toEqual({ type: 'LEAVE', src: guest.id, dst: host.id });
    expect(await bystander.quietly('LEAVE')).toEqual([]);
  });

  it('relays a LEAVE sent by a client', async () => {
    const code = freshCode();
    const host = await joinTracked(`sa-${code}-host`);
    const guest = await joinTracked(`sa-${code}-guest2`);
    guest.send({ type: 'LEAVE', dst: host.id });
    expect(await host.take('LEAVE')).toMatchObject({ type: 'LEAVE', src: guest.id, dst: host.id });
  });

  it('keeps sessions apart: a dst in another session gets ERROR and nothing is delivered', async () => {
    const here = freshCode();
    const there = freshCode();
    const guest = await joinTracked(`sa-${here}-guest3`);
    const otherHost = await joinTracked(`sa-${there}-host`);
    guest.send({ type: 'OFFER', dst: otherHost.id, payload: {} });
    expect((await guest.take('ERROR')).payload).toEqual({ msg: 'dst is not a peer of this session' });
    expect(await queuedFrames(here)).toBe(0); // nothing was queued, so no EXPIRE will come either
    expect(await queuedFrames(there)).toBe(0);
    expect(otherHost.frames).toEqual([]);
    // The same id in two sessions are two different peers.
    const twin = await joinTracked(`sa-${here}-host`);
    guest.send({ type: 'OFFER', dst: twin.id, payload: {} });
    await twin.take('OFFER');
    expect(await otherHost.quietly('OFFER')).toEqual([]);
  });
});

describe('timeouts', () => {
  it(`closes a socket silent for ${ALIVE_TIMEOUT_MS} ms and frees its id`, async () => {
    const code = freshCode();
    // A participant id: the host id stays reserved for its token (see 'host id reservation').
    const hostId = `sa-${code}-silent1`;
    const talker = await joinTracked(`sa-${code}-talker`);
    const silent = await joinTracked(hostId, 'first-token');
    talker.send({ type: 'OFFER', dst: hostId, payload: {} });
    await silent.take('OFFER');
    const keepAlive = setInterval(() => talker.send({ type: 'HEARTBEAT' }), ALIVE_TIMEOUT_MS / 5);
    try {
      expect(await silent.closed()).toBe(4001);
      // Lost, not closed: its data channels may still work, so its contacts get no LEAVE.
      expect(await talker.quietly('LEAVE')).toEqual([]);
      const successor = await connect(hostId, 'second-token');
      tracked(successor);
      await successor.take('OPEN');
      // The heartbeating socket outlived the timeout.
      expect(talker.closeCode).toBeNull();
    } finally {
      clearInterval(keepAlive);
    }
  });
});

describe('bad frames', () => {
  it('answers ERROR to malformed frames and keeps the socket', async () => {
    const code = freshCode();
    const host = await joinTracked(`sa-${code}-host`);
    const guest = await joinTracked(`sa-${code}-guest4`);
    const bad = ['not json', '[1,2]', 'null', '"OFFER"', '{"type":"EXPIRE","dst":"x"}', '{"type":42}', '{"type":"OFFER"}', '{"type":"OFFER","dst":""}'];
    for (const frame of bad) guest.send(frame);
    for (const _ of bad) expect((await guest.take('ERROR')).payload).toEqual({ msg: expect.any(String) });
    guest.send({ type: 'OFFER', dst: 'sa-12-host', payload: {} });
    expect((await guest.take('ERROR')).payload).toEqual({ msg: 'dst is not a peer of this session' });
    guest.send({ type: 'OFFER', dst: host.id, payload: { still: 'works' } });
    expect((await host.take('OFFER')).payload).toEqual({ still: 'works' });
    expect(guest.closeCode).toBeNull();
  });

  it(`answers ERROR and closes on a frame over ${MAX_FRAME_BYTES} bytes`, async () => {
    const code = freshCode();
    const host = await joinTracked(`sa-${code}-host`);
    const guest = await joinTracked(`sa-${code}-guest5`);
    guest.send({ type: 'OFFER', dst: host.id, payload: { sdp: 'é'.repeat(MAX_FRAME_BYTES / 2) } });
    expect((await guest.take('ERROR')).payload).toEqual({ msg: `Frame larger than ${MAX_FRAME_BYTES} bytes` });
    expect(await guest.closed()).toBe(1009);
    expect(await host.quietly('OFFER')).toEqual([]);
  });

  it('relays a frame just under the size cap', async () => {
    const code = freshCode();
    const host = await joinTracked(`sa-${code}-host`);
    const guest = await joinTracked(`sa-${code}-guest6`);
    guest.send({ type: 'OFFER', dst: host.id, payload: { sdp: 'x'.repeat(MAX_FRAME_BYTES - 200) } });
    expect(((await host.take('OFFER')).payload as { sdp: string }).sdp.length).toBe(MAX_FRAME_BYTES - 200);
  });

  it(`answers ERROR and closes a socket sending over ${PARTICIPANT_FRAMES.burst} frames in a burst`, async () => {
    const code = freshCode();
    const flooder = await joinTracked(`sa-${code}-flood1`);
    // More than the bucket can hold even if a loaded machine spreads the flood over the whole wait (the bucket refills
    // meanwhile): the cap is what is tested, not how fast this machine delivers frames.
    const flood = PARTICIPANT_FRAMES.burst + PARTICIPANT_FRAMES.perSecond * (PATIENCE_MS / 1000) + 50;
    for (let i = 0; i < flood; i += 1) flooder.send({ type: 'HEARTBEAT' });
    expect((await flooder.take('ERROR')).payload).toEqual({ msg: 'Rate limit exceeded' });
    expect(await flooder.closed()).toBe(1008);
  });
});

describe('connection attempts', () => {
  it(`answers ERROR past ${OFFERS_PER_ID.burst} OFFERs in a burst, without closing the socket`, async () => {
    const code = freshCode();
    const host = await joinTracked(`sa-${code}-host`);
    const guest = await joinTracked(`sa-${code}-guest2`);
    for (let i = 0; i <= OFFERS_PER_ID.burst; i++) guest.send({ type: 'OFFER', dst: host.id, payload: { n: i } });
    expect((await guest.take('ERROR')).payload).toEqual({ msg: 'Too many connection attempts; wait a few seconds' });
    // Exactly a burst's worth got through (which ones depends on the order the object handled them in).
    const delivered = (await host.quietly('OFFER')).map((f) => (f.payload as { n: number }).n);
    expect(delivered).toHaveLength(OFFERS_PER_ID.burst);
    expect(new Set(delivered).size).toBe(OFFERS_PER_ID.burst);
    expect(guest.closeCode).toBeNull();
  });
});

describe('host id reservation', () => {
  it(`keeps the host id for its token ${HOST_GRACE_CLOSED_MS} ms after the host closed its socket, then frees it`, async () => {
    const hostId = `sa-${freshCode()}-host`;
    const host = await join(hostId, 'host-token');
    host.close();
    const closedAt = Date.now();
    await sleep(QUIET_MS);
    expect(await outcome(hostId, 'squatter-token')).toBe('ID-TAKEN');
    // The owner gets back in during the grace; its close starts a new grace.
    const back = await join(hostId, 'host-token');
    back.close();
    const closedAgainAt = Date.now();
    await sleep(Math.max(0, closedAgainAt + HOST_GRACE_CLOSED_MS + 100 - Date.now()));
    expect(Date.now() - closedAt).toBeGreaterThan(HOST_GRACE_CLOSED_MS);
    expect(await outcome(hostId, 'next-token')).toBe('OPEN');
  });

  it(`keeps it ${HOST_GRACE_LOST_MS} ms after the host's connection was lost (went silent)`, async () => {
    const hostId = `sa-${freshCode()}-host`;
    const host = tracked(await join(hostId, 'host-token'));
    expect(await host.closed()).toBe(4001); // no HEARTBEAT: closed after ALIVE_TIMEOUT_MS, counted as lost
    // The close reaches this test after the Worker started the grace, so time measured from here runs late: the
    // proof is a squatter refused past the closed-socket grace (the two graces are far apart in the test config).
    const lostAt = Date.now();
    await sleep(HOST_GRACE_CLOSED_MS + 200);
    expect(await outcome(hostId, 'squatter-token')).toBe('ID-TAKEN');
    expect(Date.now() - lostAt).toBeGreaterThan(HOST_GRACE_CLOSED_MS);
    const deadline = Date.now() + PATIENCE_MS;
    let result = 'ID-TAKEN';
    while (result === 'ID-TAKEN' && Date.now() < deadline) {
      await sleep(200);
      result = await outcome(hostId, 'squatter-token');
    }
    expect(result).toBe('OPEN');
  }, ALIVE_TIMEOUT_MS + PATIENCE_MS + 5000);

  it('does not reserve participant ids', async () => {
    const code = freshCode();
    const first = await join(`sa-${code}-guest1`, 'one');
    first.close();
    await sleep(QUIET_MS);
    expect(await outcome(`sa-${code}-guest1`, 'two')).toBe('OPEN');
  });

  it('forgets a finished session: no storage left once its sockets and the grace are gone', async () => {
    const code = freshCode();
    const host = await join(`sa-${code}-host`, 'host-token');
    const guest = await join(`sa-${code}-guest1`);
    guest.send({ type: 'OFFER', dst: host.id, payload: {} });
    await host.take('OFFER');
    guest.close();
    host.close();
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(code));
    const tables = () =>
      runInDurableObject(stub, (_instance, state) =>
        state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().length,
      );
    expect(await tables()).toBeGreaterThan(0);
    const deadline = Date.now() + PATIENCE_MS;
    while ((await tables()) > 0 && Date.now() < deadline) await sleep(100);
    expect(await tables()).toBe(0);
  });

  it('creates no storage for a code that is only looked up', async () => {
    const code = freshCode();
    const response = await SELF.fetch(`http://localhost/api/session/${code}`);
    expect(await response.json()).toEqual({ code, host: false });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(code));
    const tables = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().length,
    );
    expect(tables).toBe(0);
  });
});
