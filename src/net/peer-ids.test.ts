import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeerId } from '../../signaling/src/protocol';
import { generateCode } from '../engine/code';
import { hostPeerId, participantPeerId } from './signaling';

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
