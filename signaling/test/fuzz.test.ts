// Fuzzing the Worker (docs/security.md, "Fuzzing"): fast-check throws hostile input at the frame parser, the URL and
// address parsers, the HTTP routes, and live sockets of a real session. Nothing may throw, every answer keeps the
// protocol's invariants, and an honest peer is served afterwards. FRAMES_FUZZED counts the hostile frames.
import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { clientAddress } from '../src/address';
import { MAX_FRAME_BYTES } from '../src/limits';
import { RELAYED_TYPES, parseClientFrame, parseConnectParams, parsePeerId } from '../src/protocol';
import { PATIENCE_MS, type TestPeer, connect, join, sleep } from './helpers';

/** Hostile frames (parsed or sent over a socket) and requests this file made, reported once at the end. */
const FRAMES_FUZZED = { parser: 0, sockets: 0, requests: 0 };
afterAll(() => {
  console.log(`signaling fuzz: ${FRAMES_FUZZED.parser} frames parsed, ${FRAMES_FUZZED.sockets} sent on live sockets, ${FRAMES_FUZZED.requests} HTTP requests`);
});

const HOST_ID = 'sa-6200-host';
const GUEST_ID = 'sa-6200-guest01';

/** Values a frame field may take: the right shapes, near misses, and junk. */
const fieldValue = fc.oneof(
  fc.constantFrom(...RELAYED_TYPES, 'HEARTBEAT', 'OPEN', 'ERROR', 'ID-TAKEN', 'EXPIRE', 'offer', '', '__proto__'),
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
        if (parsed.frame.type === 'HEARTBEAT') return;
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
