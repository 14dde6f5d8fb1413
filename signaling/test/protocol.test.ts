// Pure protocol helpers: id rules and client frame parsing.
import { describe, expect, it } from 'vitest';
import { type Env, timeoutsOf } from '../src/env';
import { DEFAULT_JOIN_GRACE_MS, MAX_FRAME_BYTES } from '../src/limits';
import { parseClientFrame, parseConnectParams, parsePeerId } from '../src/protocol';

describe('parsePeerId', () => {
  it.each([
    ['sa-1234-host', { id: 'sa-1234-host', code: '1234', isHost: true }],
    ['sa-0007-abc123', { id: 'sa-0007-abc123', code: '0007', isHost: false }],
    [`sa-9999-${'Z9'.repeat(16)}`, { id: `sa-9999-${'Z9'.repeat(16)}`, code: '9999', isHost: false }],
  ])('accepts %s', (id, expected) => {
    expect(parsePeerId(id)).toEqual(expected);
  });

  it.each(['', 'host', 'sa-1234', 'sa-1234-', 'sa-12345-host', 'sa-1234-HOST', 'sa-1234-abc12', 'sa-1234-abc_123', 'SA-1234-host', 'sa-1234-host ', `sa-1234-${'a'.repeat(33)}`, 42, null])(
    'rejects %j',
    (id) => {
      expect(parsePeerId(id)).toBeNull();
    },
  );
});

describe('parseConnectParams', () => {
  it('accepts the URL the stock client builds', () => {
    const url = new URL('http://localhost/peerjs?key=peerjs&id=sa-1234-host&token=k3j4h5g6&version=1.5.5');
    expect(parseConnectParams(url)).toEqual({
      ok: true,
      peer: { id: 'sa-1234-host', code: '1234', isHost: true },
      token: 'k3j4h5g6',
    });
  });
});

describe('parseClientFrame', () => {
  it('keeps type, dst and payload and drops a client src', () => {
    expect(parseClientFrame('{"type":"OFFER","src":"forged","dst":"sa-1-x","payload":{"a":[1]}}')).toEqual({
      ok: true,
      frame: { type: 'OFFER', dst: 'sa-1-x', payload: { a: [1] } },
    });
    expect(parseClientFrame('{"type":"HEARTBEAT"}')).toEqual({ ok: true, frame: { type: 'HEARTBEAT' } });
  });

  it('rejects binary frames and oversize frames (the latter with close)', () => {
    expect(parseClientFrame(new ArrayBuffer(4))).toMatchObject({ ok: false, close: false });
    expect(parseClientFrame('x'.repeat(MAX_FRAME_BYTES + 1))).toMatchObject({ ok: false, close: true });
    // Counted in UTF-8 bytes, not characters.
    expect(parseClientFrame('€'.repeat(MAX_FRAME_BYTES / 3 + 1))).toMatchObject({ ok: false, close: true });
  });

  it('never throws on hostile JSON', () => {
    for (const text of ['{', '{"__proto__":{"type":"OFFER"}}', '{"type":{"toString":1}}', '1e999', '"\\ud800"']) {
      expect(() => parseClientFrame(text)).not.toThrow();
      expect(parseClientFrame(text).ok).toBe(false);
    }
  });
});

describe('timeoutsOf', () => {
  it('reads JOIN_GRACE_MS, with the default of limits.ts when absent or not a positive number', () => {
    const base = {} as Env;
    expect(timeoutsOf(base).joinGraceMs).toBe(DEFAULT_JOIN_GRACE_MS);
    expect(timeoutsOf({ ...base, JOIN_GRACE_MS: '2500' }).joinGraceMs).toBe(2500);
    expect(timeoutsOf({ ...base, JOIN_GRACE_MS: '-1' }).joinGraceMs).toBe(DEFAULT_JOIN_GRACE_MS);
  });
});
