import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeerId } from '../../signaling/src/protocol';
import { Refusal } from '../../signaling/src/refusals';
import { generateCode } from '../engine/code';
import { linkErrorCode } from './participant-link';
import { LOCKED_REFUSAL, hostPeerId, participantPeerId } from './signaling';

describe('peer ids: what the app makes, the signaling Worker accepts', () => {
  it('routes every host and participant id of every session code to that session (signaling parsePeerId)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (r) => {
        const code = generateCode(() => r);
        expect(parsePeerId(hostPeerId(code))).toEqual({ id: hostPeerId(code), code, isHost: true });
        const participant = participantPeerId(code);
        expect(parsePeerId(participant)).toEqual({ id: participant, code, isHost: false });
      }),
    );
  });
});

describe("the Worker's lock refusal, as the phone reads it", () => {
  it('is the sentence the Worker sends (Refusal.Locked), so a phone without a seat shows SESSION_LOCKED', () => {
    expect(LOCKED_REFUSAL).toBe(Refusal.Locked);
    expect(linkErrorCode('server-error', Refusal.Locked)).toBe('SESSION_LOCKED');
    expect(linkErrorCode('server-error', Refusal.SessionFull)).toBe('SIGNALING_UNREACHABLE');
  });
});
