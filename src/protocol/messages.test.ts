import { describe, expect, it } from 'vitest';
import { decodeClientMessage, decodeHostMessage, encode, MAX_CLIENT_FRAME_BYTES } from './messages';

describe('decodeClientMessage', () => {
  it('accepts the four participant intents', () => {
    for (const msg of [
      { type: 'join', v: 1 },
      { type: 'rejoin', v: 1, token: '0123456789abcdef0123456789abcdef' },
      { type: 'answer', questionId: 'w0-color', optionId: 'b' },
      { type: 'leave' },
    ]) expect(decodeClientMessage(JSON.stringify(msg))).toEqual({ ok: true, message: msg });
  });

  it.each([
    ['a number', 42, 'not_text'],
    ['binary', new Uint8Array([1, 2]), 'not_text'],
    ['broken JSON', '{"type":', 'bad_json'],
    ['an unknown type', '{"type":"score","points":900}', 'bad_shape'],
    ['a host-only message', '{"type":"state","view":{}}', 'bad_shape'],
    ['extra fields', '{"type":"leave","admin":true}', 'bad_shape'],
    ['a short token', '{"type":"rejoin","v":1,"token":"abc"}', 'bad_shape'],
    ['a huge frame', JSON.stringify({ type: 'answer', questionId: 'x'.repeat(MAX_CLIENT_FRAME_BYTES), optionId: 'a' }), 'too_big'],
    ['null', 'null', 'bad_shape'],
  ])('drops %s', (_name, frame, reason) => {
    expect(decodeClientMessage(frame)).toEqual({ ok: false, reason });
  });
});

describe('decodeHostMessage', () => {
  it('round-trips an error and refuses an unknown error code', () => {
    expect(decodeHostMessage(encode({ type: 'error', code: 'SESSION_FULL' }))).toEqual({
      ok: true,
      message: { type: 'error', code: 'SESSION_FULL' },
    });
    expect(decodeHostMessage('{"type":"error","code":"NOPE"}').ok).toBe(false);
  });
});
