import { describe, expect, it } from 'vitest';
import { participantView } from '../engine';
import { T0, tastingOf, wholeGame } from '../../tests/support/engine';
import { fingerprint, fingerprintProblem } from '../../tests/support/schema';
import {
  ClientMessageSchema,
  decodeClientMessage,
  decodeHostMessage,
  encode,
  hostError,
  HostMessageSchema,
  MAX_CLIENT_FRAME_BYTES,
  PROTOCOL_VERSION,
} from './messages';

/**
 * The fingerprint of the wire schemas of each protocol version. A change of any schema changes the fingerprint:
 * bump PROTOCOL_VERSION and add the new line here (the failing test prints it).
 */
const WIRE_FINGERPRINTS: Record<number, string> = {
  1: '4db91acddaf07926',
  // 2: error code REMOVED (a removed participant's rejoin).
  2: '972775918f3e033a',
  // 3: error code SESSION_LOCKED (a newcomer while the host has locked joining).
  3: '4bca4f96f3dd3b85',
};

describe('the wire format', () => {
  it('changes only with a new PROTOCOL_VERSION', () => {
    const now = fingerprint(ClientMessageSchema, HostMessageSchema);
    expect(fingerprintProblem(WIRE_FINGERPRINTS, PROTOCOL_VERSION, now, 'WIRE_FINGERPRINTS', 'PROTOCOL_VERSION')).toBeUndefined();
  });

  it('carries every snapshot of a whole game unchanged (a view field missing from the schema fails here)', () => {
    const { states, ids } = wholeGame(tastingOf('two-wines'));
    expect(new Set(states.map((s) => s.phase)).size).toBe(7);
    for (const state of states)
      for (const id of ids) {
        const view = participantView(state, id, T0);
        expect(decodeHostMessage(encode({ type: 'state', view })), `${state.phase} ${id}`).toEqual({
          ok: true,
          message: { type: 'state', view },
        });
      }
  });

  it('drops a snapshot carrying a key the schema does not know, at any depth', () => {
    const { states, ids } = wholeGame(tastingOf('one-wine'));
    const view = participantView(states.find((s) => s.phase === 'question_leaderboard')!, ids[0]!, T0);
    const extra = [
      { ...view, bonus: 5 },
      { ...view, question: { ...view.question!, hint: 'red' } },
      { ...view, leaderboard: view.leaderboard.map((r) => ({ ...r, streak: 2 })) },
    ];
    for (const v of extra) expect(decodeHostMessage(JSON.stringify({ type: 'state', view: v }))).toEqual({ ok: false, reason: 'bad_shape' });
  });
});

describe('decodeClientMessage', () => {
  it('accepts the four participant intents', () => {
    for (const msg of [
      { type: 'join', v: PROTOCOL_VERSION },
      { type: 'rejoin', v: PROTOCOL_VERSION, token: '0123456789abcdef0123456789abcdef' },
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
    ['extra fields on a join of this version', `{"type":"join","v":${PROTOCOL_VERSION},"admin":true}`, 'bad_shape'],
    ['a short token', `{"type":"rejoin","v":${PROTOCOL_VERSION},"token":"abc"}`, 'bad_shape'],
    ['a huge frame', JSON.stringify({ type: 'answer', questionId: 'x'.repeat(MAX_CLIENT_FRAME_BYTES), optionId: 'a' }), 'too_big'],
    ['null', 'null', 'bad_shape'],
  ])('drops %s', (_name, frame, reason) => {
    expect(decodeClientMessage(frame)).toEqual({ ok: false, reason });
  });

  it('recognises a join or rejoin of another version, whatever else that version sends', () => {
    for (const msg of [
      { type: 'join', v: PROTOCOL_VERSION + 1, language: 'fr' },
      { type: 'rejoin', v: PROTOCOL_VERSION - 1, token: 'not even hex' },
      { type: 'join', v: 0 },
    ])
      expect(decodeClientMessage(JSON.stringify(msg))).toEqual({ ok: false, reason: 'other_version', version: msg.v });
  });
});

describe('decodeHostMessage', () => {
  it('round-trips an error, stamped with the host version, and refuses an unknown error code', () => {
    expect(decodeHostMessage(encode(hostError('SESSION_FULL')))).toEqual({
      ok: true,
      message: { type: 'error', code: 'SESSION_FULL', v: PROTOCOL_VERSION },
    });
    expect(decodeHostMessage('{"type":"error","code":"NOPE"}').ok).toBe(false);
  });

  it('reads the error of a host of any version (the handshake): without a version, or with keys it adds', () => {
    expect(decodeHostMessage('{"type":"error","code":"PROTOCOL_MISMATCH"}')).toEqual({
      ok: true,
      message: { type: 'error', code: 'PROTOCOL_MISMATCH' },
    });
    expect(decodeHostMessage(`{"type":"error","code":"PROTOCOL_MISMATCH","v":${PROTOCOL_VERSION + 1},"min":2}`)).toEqual({
      ok: true,
      message: { type: 'error', code: 'PROTOCOL_MISMATCH', v: PROTOCOL_VERSION + 1 },
    });
  });

  it('takes a welcome only from a host of its own version', () => {
    const welcome = { type: 'welcome', pseudonym: 'OAKY-FOX', token: 'ab'.repeat(16) };
    expect(decodeHostMessage(JSON.stringify({ ...welcome, v: PROTOCOL_VERSION })).ok).toBe(true);
    expect(decodeHostMessage(JSON.stringify({ ...welcome, v: PROTOCOL_VERSION + 1 })).ok).toBe(false);
  });
});
