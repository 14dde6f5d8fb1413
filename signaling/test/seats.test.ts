// The SEATS frame (host → Worker; docs/protocol.md): which participant sockets are seated, and whether the tasting
// is closed to new players. Seated OFFERs are stamped for the host, a lock keeps unseated sockets out, and the set
// is kept in storage so it outlives the object's memory. Every test uses its own session code.
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { Refusal } from '../src/session';
import {
  EXPIRE_TIMEOUT_MS,
  HOST_GRACE_CLOSED_MS,
  PATIENCE_MS,
  type Frame,
  type Seats,
  TestPeer,
  errorMessage,
  join,
  sendSeats,
  sha256Hex,
  sleep,
  synced,
  peerTracker,
  sessionCodes,
} from './helpers';

/** Exact ERROR messages of this part of the protocol (phones and hosts match them). */
const CLOSED = 'SESSION_LOCKED: this tasting is closed to new players';
const INVALID = 'Invalid SEATS';

/** A session code no other test uses. */
const freshCode = sessionCodes(5100);

const { track, outcome } = peerTracker();

/** A seated phone's peer token as the app makes it: 32 lowercase hex digits. */
function seatToken(n: number): string {
  return n.toString(16).padStart(32, 'c');
}

/** Frames of `type` `peer` holds right now. */
function ofType(peer: TestPeer, type: string): Frame[] {
  return peer.frames.filter((frame) => frame.type === type);
}

describe('SEATS from the host', () => {
  it('stamps "seated": true on OFFERs of sockets seated by token or by id, judged when each OFFER is sent', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token'));
    const byToken = track(await join(`sa-${code}-bytoken1`, seatToken(1)));
    const byId = track(await join(`sa-${code}-byid0001`, 'random-token-1'));
    const stranger = track(await join(`sa-${code}-stranger`, seatToken(2)));
    await sendSeats(host, { locked: false, tokens: [await sha256Hex(seatToken(1))], ids: [byId.id] });

    // The stranger stamps itself: that counts for nothing.
    for (const peer of [byToken, byId, stranger]) {
      peer.send({ type: 'OFFER', dst: host.id, payload: { from: peer.id }, ...(peer === stranger ? { seated: true } : {}) });
    }
    for (const peer of [byToken, byId, stranger]) {
      const offer = await host.takeMatching((f) => f.type === 'OFFER' && f.src === peer.id, `${peer.id}'s OFFER`);
      expect(offer).toEqual({
        type: 'OFFER',
        src: peer.id,
        dst: host.id,
        payload: { from: peer.id },
        ...(peer === stranger ? {} : { seated: true }),
      });
    }
    // Only OFFERs are stamped.
    byToken.send({ type: 'CANDIDATE', dst: host.id, payload: { c: 1 } });
    expect(await host.take('CANDIDATE')).not.toHaveProperty('seated');

    // The set replaces the previous one entirely: byToken is no longer seated, byId is now by token.
    await sendSeats(host, { locked: false, tokens: [await sha256Hex('random-token-1')], ids: [] });
    byToken.send({ type: 'OFFER', dst: host.id, payload: {} });
    byId.send({ type: 'OFFER', dst: host.id, payload: {} });
    expect(await host.takeMatching((f) => f.src === byToken.id, 'OFFER')).not.toHaveProperty('seated');
    expect(await host.takeMatching((f) => f.src === byId.id, 'OFFER')).toHaveProperty('seated', true);
  });

  it('stamps a seated OFFER that waited for the host (queued while it reloads)', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token'));
    const phone = track(await join(`sa-${code}-phone001`, seatToken(3)));
    await sendSeats(host, { locked: false, tokens: [await sha256Hex(seatToken(3))], ids: [] });
    host.close();
    await sleep(100);
    phone.send({ type: 'OFFER', dst: host.id, payload: { queued: true } });
    await synced(phone);
    const back = track(await join(`sa-${code}-host`, 'host-token'));
    expect(await back.take('OFFER')).toMatchObject({ src: phone.id, seated: true, payload: { queued: true } });
  });

  it('answers ERROR "Invalid SEATS" to a malformed set and changes nothing', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token'));
    const seated = await sha256Hex(seatToken(4));
    await sendSeats(host, { locked: true, tokens: [seated], ids: [] });
    expect(ofType(host, 'ERROR')).toEqual([]);
    const hex = 'ab'.repeat(32);
    const bad: unknown[] = [
      undefined,
      null,
      'locked',
      [false, [], []],
      {},
      { locked: 'false', tokens: [], ids: [] },
      { locked: 0, tokens: [], ids: [] },
      { locked: false, ids: [] },
      { locked: false, tokens: [] },
      { locked: false, tokens: hex, ids: [] },
      { locked: false, tokens: [hex.toUpperCase()], ids: [] },
      { locked: false, tokens: [hex.slice(1)], ids: [] },
      { locked: false, tokens: [`${hex}0`], ids: [] },
      { locked: false, tokens: [42], ids: [] },
      { locked: false, tokens: Array.from({ length: 129 }, () => hex), ids: [] },
      { locked: false, tokens: [], ids: {} },
      { locked: false, tokens: [], ids: [`sa-${code}-host`] },
      { locked: false, tokens: [], ids: ['sa-9999-elsewhere'] },
      { locked: false, tokens: [], ids: [`sa-${code}-bad_id`] },
      { locked: false, tokens: [], ids: [null] },
      { locked: false, tokens: [], ids: Array.from({ length: 129 }, (_, i) => `sa-${code}-p${String(i).padStart(6, '0')}`) },
    ];
    for (const payload of bad) {
      host.send({ type: 'SEATS', payload });
      expect(errorMessage(await host.take('ERROR')), JSON.stringify(payload)).toBe(INVALID);
    }
    host.send({ type: 'SEATS' });
    expect(errorMessage(await host.take('ERROR'))).toBe(INVALID);
    // Still locked, with the same seat: nothing changed.
    expect(await outcome(`sa-${code}-newphone`, 'random-token-2')).toBe(`ERROR ${CLOSED}`);
    expect(await outcome(`sa-${code}-seated01`, seatToken(4))).toBe('OPEN');
    expect(host.closeCode).toBeNull();
  });

  it('accepts the largest set: 128 tokens and 128 ids', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token'));
    const tokens = await Promise.all(Array.from({ length: 128 }, (_, i) => sha256Hex(seatToken(100 + i))));
    const ids = Array.from({ length: 128 }, (_, i) => `sa-${code}-${'Zz9'.repeat(9)}${String(i).padStart(3, '0')}`);
    await sendSeats(host, { locked: true, tokens, ids } satisfies Seats);
    expect(ofType(host, 'ERROR')).toEqual([]);
    expect(await outcome(`sa-${code}-late0001`, seatToken(100 + 127))).toBe('OPEN');
    expect(await outcome(ids[127] as string, 'any-token')).toBe('OPEN');
    expect(await outcome(`sa-${code}-late0002`, seatToken(99))).toBe(`ERROR ${CLOSED}`);
  });

  it('from a participant is an unknown type, as before, and changes nothing', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token'));
    const guest = track(await join(`sa-${code}-guest001`, 'guest-token'));
    guest.send({ type: 'SEATS', payload: { locked: true, tokens: [], ids: [guest.id] } });
    expect(errorMessage(await guest.take('ERROR'))).toBe('Unknown message type: SEATS');
    expect(await outcome(`sa-${code}-newphone`, 'random-token-3')).toBe('OPEN');
    guest.send({ type: 'OFFER', dst: host.id, payload: {} });
    expect(await host.take('OFFER')).not.toHaveProperty('seated');
  });
});

describe('the join lock', () => {
  it('refuses with the sentence the phone reads as SESSION_LOCKED (LOCKED_REFUSAL in src/net/signaling.ts)', () => {
    expect(Refusal.Locked).toBe(CLOSED);
  });

  it('closes unseated participant sockets when SEATS turns it on (no LEAVE), then refuses them; seated ones stay and get back in', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token'));
    const seatedByToken = track(await join(`sa-${code}-seated01`, seatToken(5)));
    const seatedById = track(await join(`sa-${code}-seated02`, 'random-token-4'));
    const junk = [track(await join(`sa-${code}-junk0001`, 'junk-1')), track(await join(`sa-${code}-junk0002`, 'junk-2'))];
    // The junk talked to the host: still no LEAVE for it when the lock closes it (the host must not drop channels).
    for (const peer of junk) peer.send({ type: 'OFFER', dst: host.id, payload: {} });
    await host.received(2);
    host.frames.splice(0);
    const tokens = [await sha256Hex(seatToken(5))];
    await sendSeats(host, { locked: true, tokens, ids: [seatedById.id] });

    for (const peer of junk) {
      expect(errorMessage(await peer.take('ERROR'))).toBe(CLOSED);
      await peer.closed();
    }
    await sleep(200);
    expect(ofType(host, 'LEAVE')).toEqual([]);
    expect(seatedByToken.closeCode).toBeNull();
    expect(seatedById.closeCode).toBeNull();

    expect(await outcome(`sa-${code}-newphone`, 'random-token-5')).toBe(`ERROR ${CLOSED}`);
    expect(await outcome(junk[0]!.id, 'junk-1')).toBe(`ERROR ${CLOSED}`);
    // A seated phone whose socket dropped comes back with a new id and its seat token; one seated by id too.
    seatedByToken.close();
    expect(await outcome(`sa-${code}-seated03`, seatToken(5))).toBe('OPEN');
    seatedById.close();
    await sleep(100);
    expect(await outcome(seatedById.id, 'another-random-token')).toBe('OPEN');

    // Unlocked: new phones get in again.
    await sendSeats(host, { locked: false, tokens, ids: [] });
    expect(await outcome(`sa-${code}-newphone`, 'random-token-5')).toBe('OPEN');
  });

  it('is kept in storage: it holds after the object forgets what it had in memory, and a new host of the code starts unlocked', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token'));
    await sendSeats(host, { locked: true, tokens: [await sha256Hex(seatToken(6))], ids: [] });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(code));
    // What an object that left memory and woke again starts from: only its storage.
    const forgot = await runInDurableObject(stub, (session) => {
      const memory = session as unknown as Record<string, unknown>;
      const had = memory.seatSet !== undefined;
      memory.seatSet = undefined;
      return had;
    });
    expect(forgot).toBe(true);
    expect(await outcome(`sa-${code}-newphone`, 'random-token-6')).toBe(`ERROR ${CLOSED}`);
    expect(await outcome(`sa-${code}-seated01`, seatToken(6))).toBe('OPEN');
    // The host leaves for good; after its grace another host takes the code: a new tasting, no lock, no seats.
    host.close();
    await sleep(HOST_GRACE_CLOSED_MS + 200);
    const next = track(await join(`sa-${code}-host`, 'another-host-token'));
    expect(await outcome(`sa-${code}-newphone2`, 'random-token-7')).toBe('OPEN');
    const phone = track(await join(`sa-${code}-seated02`, seatToken(6)));
    phone.send({ type: 'OFFER', dst: next.id, payload: {} });
    expect(await next.take('OFFER')).not.toHaveProperty('seated');
  });

  it('is deleted with the session: no storage left once its sockets and the grace are gone', async () => {
    const code = freshCode();
    const host = await join(`sa-${code}-host`, 'host-token');
    await sendSeats(host, { locked: true, tokens: [await sha256Hex(seatToken(7))], ids: [] });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(code));
    const seatRows = () =>
      runInDurableObject(stub, (_session, state) =>
        state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'seats'").toArray().length,
      );
    expect(await seatRows()).toBe(1);
    host.close();
    const deadline = Date.now() + PATIENCE_MS + EXPIRE_TIMEOUT_MS;
    while ((await seatRows()) > 0 && Date.now() < deadline) await sleep(100);
    expect(await seatRows()).toBe(0);
    expect(await outcome(`sa-${code}-newphone`, 'random-token-8')).toBe('OPEN');
  });
});

describe('one socket per seat', () => {
  it('a seat token holds one live socket: a newer one (another id, same seat) replaces the older, so a seat cannot multiply sockets past every cap', async () => {
    const code = freshCode();
    const host = track(await join(`sa-${code}-host`, 'host-token'));
    await sendSeats(host, { locked: true, tokens: [await sha256Hex(seatToken(40))], ids: [] });
    const first = track(await join(`sa-${code}-seatone1`, seatToken(40)));
    const sockets: TestPeer[] = [first];
    for (let i = 2; i <= 6; i++) sockets.push(track(await join(`sa-${code}-seatone${i}`, seatToken(40))));
    // Every older socket of the seat was told and closed; the newest one plays.
    for (const old of sockets.slice(0, -1)) {
      expect(errorMessage(await old.take('ERROR'))).toBe(Refusal.Replaced);
      await old.closed();
    }
    const newest = sockets[sockets.length - 1]!;
    expect(newest.closeCode).toBeNull();
    newest.send({ type: 'OFFER', dst: host.id, payload: {} });
    expect(await host.takeMatching((f) => f.type === 'OFFER' && f.src === newest.id, 'the newest OFFER')).toHaveProperty('seated', true);
    // A socket seated by its id only (the channel it joined on) is not affected by another seat's sockets.
    expect(ofType(host, 'LEAVE')).toEqual([]);
  });
});
