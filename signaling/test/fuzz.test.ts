// Fuzzing the Worker (docs/security.md, "Fuzzing"): fast-check throws hostile input at the frame parser, the URL and
// address parsers, the HTTP routes, and live sockets of a real session. Nothing may throw, every answer keeps the
// protocol's invariants, and an honest peer is served afterwards. FRAMES_FUZZED counts the hostile frames.
import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { clientAddress } from '../src/address';
import { MAX_FRAME_BYTES } from '../src/limits';
import { MAX_SEAT_ENTRIES } from '../src/limits';
import { RELAYED_TYPES, parseClientFrame, parseConnectParams, parsePeerId, parseSeats } from '../src/protocol';
import { PATIENCE_MS, type TestPeer, connect, errorMessage, join, sha256Hex, sleep, synced } from './helpers';

/** Hostile frames (parsed or sent over a socket) and requests this file made, reported once at the end. */
const FRAMES_FUZZED = { parser: 0, sockets: 0, requests: 0 };
afterAll(() => {
  console.log(`signaling fuzz: ${FRAMES_FUZZED.parser} frames parsed, ${FRAMES_FUZZED.sockets} sent on live sockets, ${FRAMES_FUZZED.requests} HTTP requests`);
});

const HOST_ID = 'sa-6200-host';
const GUEST_ID = 'sa-6200-guest01';

/** Values a frame field may take: the right shapes, near misses, and junk. */
const fieldValue = fc.oneof(
  fc.constantFrom(...RELAYED_TYPES, 'HEARTBEAT', 'SEATS', 'OPEN', 'ERROR', 'ID-TAKEN', 'EXPIRE', 'offer', '', '__proto__'),
  fc.constantFrom(HOST_ID, GUEST_ID, 'sa-6200-nobody1', 'sa-9999-host', 'x'.repeat(300)),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A frame as an object with any subset of the envelope's fields (and a forged src), then encoded. */
const envelope = fc
  .record(
    { type: fieldValue, dst: fieldValue, src: fieldValue, payload: fc.jsonValue({ maxDepth: 4 }), extra: fieldValue },
    { requiredKeys: [] },
  )
  .map((frame) => JSON.stringify(frame));

/** Text that is not a frame: any string, any JSON value, deep nesting, truncated frames, frames near the size cap. */
const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.integer({ min: 1, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  envelope.chain((text) => fc.nat(text.length).map((cut) => text.slice(0, cut))),
  fc
    .tuple(fc.constantFrom('a', 'é', '€', '🍷'), fc.integer({ min: -8, max: 8 }))
    .map(([char, delta]) => {
      const bytes = new TextEncoder().encode(char).byteLength;
      const pad = char.repeat(Math.max(0, Math.floor((MAX_FRAME_BYTES - 60) / bytes) + delta));
      return JSON.stringify({ type: 'OFFER', dst: HOST_ID, payload: pad });
    }),
);

const hostileFrame = fc.oneof({ arbitrary: envelope, weight: 3 }, { arbitrary: junk, weight: 2 });

describe('parseClientFrame under fuzzing', () => {
  it('never throws, relays only known types with a dst, never keeps a client src, closes exactly for oversize', () => {
    fc.assert(
      fc.property(fc.oneof(hostileFrame, fc.uint8Array({ maxLength: 64 }).map((a) => a.buffer)), (data) => {
        FRAMES_FUZZED.parser++;
        const parsed = parseClientFrame(data as string | ArrayBuffer);
        const oversize = typeof data === 'string' && new TextEncoder().encode(data).byteLength > MAX_FRAME_BYTES;
        if (!parsed.ok) {
          expect(typeof parsed.msg).toBe('string');
          expect(parsed.msg.length).toBeLessThan(100);
          expect(parsed.close).toBe(oversize);
          return;
        }
        expect(oversize).toBe(false);
        expect(parsed.frame).not.toHaveProperty('src');
        if (parsed.frame.type === 'HEARTBEAT' || parsed.frame.type === 'SEATS') return;
        expect(RELAYED_TYPES).toContain(parsed.frame.type);
        expect(typeof parsed.frame.dst).toBe('string');
        expect(parsed.frame.dst).not.toBe('');
      }),
      { numRuns: 100_000 },
    );
    // A ceiling, not a target: about 6 s on an idle machine, 17 s at load 17.
  }, 120_000);
});

describe('connect parameters and client addresses under fuzzing', () => {
  it('parseConnectParams and parsePeerId never throw, and accept only ids of the sa-<code>- shapes', () => {
    const part = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('peerjs', HOST_ID, GUEST_ID, 'sa-1-x', '%00', '&'));
    fc.assert(
      fc.property(fc.record({ key: part, id: part, token: part, version: part }, { requiredKeys: [] }), (query) => {
        FRAMES_FUZZED.parser++;
        const url = new URL(`http://localhost/peerjs?${new URLSearchParams(query as Record<string, string>)}`);
        const params = parseConnectParams(url);
        if (params.ok) {
          expect(params.peer.id).toMatch(/^sa-\d{4}-(host|[A-Za-z0-9]{6,32})$/);
          expect(params.token).toMatch(/^[A-Za-z0-9_.~-]{1,128}$/);
        }
        const peer = parsePeerId(query.id);
        if (peer) expect(peer.code).toBe(query.id?.slice(3, 7));
      }),
      { numRuns: 5_000 },
    );
  });

  it('clientAddress never throws and always gives a key', () => {
    const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string({ maxLength: 50 }));
    fc.assert(
      fc.property(ip, (value) => {
        FRAMES_FUZZED.parser++;
        let address;
        try {
          address = clientAddress(new Request('http://localhost/', { headers: { 'cf-connecting-ip': value } }));
        } catch (e) {
          // A string Headers refuses (a newline…) cannot arrive from Cloudflare either.
          if (e instanceof TypeError) return;
          throw e;
        }
        expect(address.key.length).toBeGreaterThan(0);
        expect(address.key.length).toBeLessThanOrEqual(45);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('HTTP routes under fuzzing', () => {
  it('answer hostile paths, methods and bodies with 2xx/4xx, never a server error', async () => {
    const request = fc.record({
      path: fc.oneof(
        fc.constantFrom('/api/ice', '/api/session/6200', '/peerjs', '/peerjs/id', '/api/', '/api/session/'),
        fc.string({ maxLength: 12 }).map((s) => `/api/session/${encodeURIComponent(s)}`),
        fc.string({ maxLength: 30 }).map((s) => `/peerjs?${s}`),
      ),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD'),
      body: fc.oneof(hostileFrame, fc.constant(JSON.stringify({ id: GUEST_ID, token: 'x' }))),
      origin: fc.constantFrom(undefined, 'http://localhost', 'https://evil.test.invalid', 'null'),
    });
    const samples = fc.sample(request, 600);
    for (const { path, method, body, origin } of samples) {
      FRAMES_FUZZED.requests++;
      const headers: Record<string, string> = { 'CF-Connecting-IP': '198.51.100.9' };
      if (origin) headers.Origin = origin;
      const response = await SELF.fetch(`http://localhost${path}`, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
      });
      await response.arrayBuffer();
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
    }
  }, 60_000);
});

describe('live sockets under fuzzing', () => {
  it('hostile peers flooding junk never break the session: no internal error, no forged src, the host stays, an honest offer still goes through', async () => {
    const host = await join(HOST_ID, 'host-token');
    const guest = await join(GUEST_ID, 'guest-token');
    // The honest peers stay alive the way the stock client does (the test config's alive timeout is 4 s).
    const heartbeat = setInterval(() => {
      for (const peer of [host, guest]) peer.send({ type: 'HEARTBEAT' });
    }, 1000);
    const frames = fc.sample(hostileFrame, 1_500);
    const hostileIds: string[] = [];
    const hostile: TestPeer[] = [];
    // Each hostile socket sends fewer frames than its burst, then the next id takes over (so each frame is parsed
    // and acted on, not just refused for flooding); from another address than the honest peers.
    for (let i = 0; i < frames.length; i += 80) {
      const id = `sa-6200-fuzz${String(i).padStart(5, '0')}`;
      hostileIds.push(id);
      const peer = await connect(id, `fuzz-${i}`, { address: '203.0.113.50' });
      hostile.push(peer);
      for (const frame of frames.slice(i, i + 80)) {
        FRAMES_FUZZED.sockets++;
        peer.send(frame);
      }
      await sleep(10);
    }
    // Let the session catch up with the last frames.
    await sleep(500);
    for (const peer of [host, guest, ...hostile]) {
      const internal = peer.frames.filter((f) => f.type === 'ERROR' && JSON.stringify(f.payload).includes('Internal'));
      expect(internal, peer.id).toEqual([]);
    }
    expect(host.closeCode).toBeNull();
    expect(guest.closeCode).toBeNull();
    const senders = new Set([...hostileIds, GUEST_ID]);
    for (const frame of host.frames.filter((f) => f.src !== undefined)) expect(senders).toContain(frame.src);
    // The honest guest's offer still reaches the host, stamped with its own id.
    guest.send({ type: 'OFFER', dst: HOST_ID, payload: { sdp: 'honest' } });
    // (after the session has worked through the hostile backlog ahead of it).
    await expect.poll(() => host.frames.some((f) => f.type === 'OFFER' && f.src === GUEST_ID), { timeout: PATIENCE_MS }).toBe(true);
    clearInterval(heartbeat);
    for (const peer of [host, guest, ...hostile]) peer.close();
  }, 60_000);
});

// ---- SEATS (host → Worker): hostile seat lists from the host's socket and from participants ----

const SEATS_CODE = '6300';
/** The token of a phone the lists may seat (its SHA-256 is among the tokens the generator picks from). */
const SEAT_TOKEN = 'c0ffee'.padEnd(32, '0');

/** 64 lowercase hex digits. */
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
/** Entries of `tokens`: digests (one of them a phone's), near misses, junk. */
function tokenEntry(known: string) {
  return fc.oneof(
    { arbitrary: hex64, weight: 4 },
    { arbitrary: fc.constant(known), weight: 2 },
    { arbitrary: hex64.map((h) => h.toUpperCase()), weight: 1 },
    { arbitrary: hex64.map((h) => h.slice(1)), weight: 1 },
    { arbitrary: fc.oneof(fc.string({ maxLength: 70 }), fc.integer(), fc.constant(null)), weight: 1 },
  );
}
/** Entries of `ids`: participant ids of the session, its host id, ids of another session, junk. */
const idEntry = fc.oneof(
  { arbitrary: fc.stringMatching(new RegExp(`^sa-${SEATS_CODE}-[A-Za-z0-9]{6,32}$`)), weight: 4 },
  { arbitrary: fc.constantFrom(`sa-${SEATS_CODE}-host`, 'sa-9999-abcdef', `sa-${SEATS_CODE}-abc`, `sa-${SEATS_CODE}-a_bcdef`), weight: 1 },
  { arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null)), weight: 1 },
);
/**
 * SEATS payloads: mostly well-formed lists (some just around the caps), some with a bad field, some junk. Lists near
 * the caps hold well-formed entries only, so every frame stays under MAX_FRAME_BYTES (the host's socket must stay).
 */
function seatsPayload(known: string) {
  const validId = fc.stringMatching(new RegExp(`^sa-${SEATS_CODE}-[A-Za-z0-9]{6,32}$`));
  const nearCap = { minLength: MAX_SEAT_ENTRIES - 1, maxLength: MAX_SEAT_ENTRIES + 1 };
  return fc.oneof(
    {
      arbitrary: fc.record({
        locked: fc.boolean(),
        tokens: fc.array(fc.oneof(hex64, fc.constant(known)), { maxLength: 4 }),
        ids: fc.array(validId, { maxLength: 4 }),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({
        locked: fc.boolean(),
        tokens: fc.oneof(fc.array(hex64, nearCap), fc.array(hex64, { maxLength: 2 })),
        ids: fc.oneof(fc.array(validId, nearCap), fc.array(validId, { maxLength: 2 })),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record(
        {
          locked: fc.oneof(fc.boolean(), fc.boolean(), fieldValue),
          tokens: fc.oneof(fc.array(tokenEntry(known), { maxLength: 6 }), fieldValue),
          ids: fc.oneof(fc.array(idEntry, { maxLength: 6 }), fieldValue),
          extra: fieldValue,
        },
        { requiredKeys: ['locked', 'tokens', 'ids'] },
      ),
      weight: 4,
    },
    { arbitrary: fc.record({ locked: fieldValue, tokens: fieldValue, ids: fieldValue }, { requiredKeys: [] }), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  );
}

/** The rule of docs/protocol.md, written out independently of parseSeats. */
function isValidSeats(payload: unknown): payload is { locked: boolean; tokens: string[]; ids: string[] } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const { locked, tokens, ids } = payload as Record<string, unknown>;
  return (
    typeof locked === 'boolean' &&
    Array.isArray(tokens) &&
    tokens.length <= 128 &&
    tokens.every((t) => typeof t === 'string' && /^[0-9a-f]{64}$/.test(t)) &&
    Array.isArray(ids) &&
    ids.length <= 128 &&
    ids.every((id) => typeof id === 'string' && new RegExp(`^sa-${SEATS_CODE}-[A-Za-z0-9]{6,32}$`).test(id) && id !== `sa-${SEATS_CODE}-host`)
  );
}

describe('SEATS under fuzzing', () => {
  it('parseSeats never throws and accepts exactly the lists of the rule, unchanged', async () => {
    const known = await sha256Hex(SEAT_TOKEN);
    fc.assert(
      fc.property(seatsPayload(known), (payload) => {
        FRAMES_FUZZED.parser++;
        const list = parseSeats(payload, SEATS_CODE);
        expect(list !== null).toBe(isValidSeats(payload));
        if (list && isValidSeats(payload)) expect(list).toEqual({ locked: payload.locked, tokens: payload.tokens, ids: payload.ids });
      }),
      { numRuns: 5_000 },
    );
  });

  it('hostile lists from the host and from a participant: nothing throws, each bad one is refused and changes nothing, the last good one rules', async () => {
    const known = await sha256Hex(SEAT_TOKEN);
    const host = await join(`sa-${SEATS_CODE}-host`, 'host-token');
    const guest = await join(`sa-${SEATS_CODE}-guest01`, 'guest-token', { address: '203.0.113.51' });
    const heartbeat = setInterval(() => {
      for (const peer of [host, guest]) peer.send({ type: 'HEARTBEAT' });
    }, 1000);
    // A participant's SEATS is an unknown type, whatever it holds.
    const fromGuest = fc.sample(seatsPayload(known), 60);
    for (const payload of fromGuest) {
      FRAMES_FUZZED.sockets++;
      guest.send({ type: 'SEATS', payload });
    }
    await synced(guest);
    const guestErrors = guest.frames.filter((f) => f.type === 'ERROR').map(errorMessage);
    expect(guestErrors).toEqual(fromGuest.map(() => 'Unknown message type: SEATS'));
    guest.frames.splice(0);

    // The host's: refused exactly when invalid; the last valid one is what the session follows.
    const fromHost = fc.sample(seatsPayload(known), 400);
    let last: { locked: boolean; tokens: string[]; ids: string[] } = { locked: false, tokens: [], ids: [] };
    const guestHash = await sha256Hex('guest-token');
    let guestClosed = false;
    for (const [i, payload] of fromHost.entries()) {
      FRAMES_FUZZED.sockets++;
      host.send(i % 2 === 0 ? { type: 'SEATS', payload } : { type: 'SEATS', payload, dst: 'x', src: 'y' });
      if (i % 50 === 49) await synced(host);
      if (!isValidSeats(payload)) continue;
      const guestSeated = payload.tokens.includes(guestHash) || payload.ids.includes(guest.id);
      if (payload.locked && !last.locked && !guestSeated && !guestClosed) guestClosed = true;
      last = payload;
    }
    await synced(host);
    const hostErrors = host.frames.filter((f) => f.type === 'ERROR').map(errorMessage);
    expect(hostErrors).toEqual(fromHost.filter((p) => !isValidSeats(p)).map(() => 'Invalid SEATS'));
    expect(host.closeCode).toBeNull();
    clearInterval(heartbeat);

    // The last valid list rules: a phone without a seat is refused iff locked; the phone whose token it lists gets in,
    // and its OFFER is stamped iff seated.
    const seated = last.tokens.includes(known);
    const stranger = await connect(`sa-${SEATS_CODE}-stranger1`, 'stranger-token');
    const [first] = await stranger.received(1);
    expect(first?.type === 'ERROR' ? errorMessage(first) : first?.type).toBe(last.locked ? 'SESSION_LOCKED: this tasting is closed to new players' : 'OPEN');
    const phone = await connect(`sa-${SEATS_CODE}-phone001`, SEAT_TOKEN);
    const [opened] = await phone.received(1);
    expect(opened?.type === 'ERROR' ? errorMessage(opened) : opened?.type).toBe(seated || !last.locked ? 'OPEN' : 'SESSION_LOCKED: this tasting is closed to new players');
    if (opened?.type === 'OPEN') {
      phone.send({ type: 'OFFER', dst: host.id, payload: {} });
      const offer = await host.take('OFFER');
      expect(offer.seated === true).toBe(seated);
    }
    // The guest was closed when a list turned the lock on while it had no seat, else it is still here.
    if (guestClosed) {
      expect(errorMessage(await guest.take('ERROR'))).toBe('SESSION_LOCKED: this tasting is closed to new players');
      await guest.closed();
    } else {
      expect(guest.closeCode).toBeNull();
      guest.send({ type: 'OFFER', dst: host.id, payload: {} });
      expect((await host.take('OFFER')).src).toBe(guest.id);
    }
    for (const peer of [host, guest, stranger, phone]) {
      expect(peer.frames.filter((f) => errorMessage(f) === 'Internal error'), peer.id).toEqual([]);
      if (peer.closeCode === null) peer.close();
    }
  }, 60_000);
});
