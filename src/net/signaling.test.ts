import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidToken } from '../../signaling/src/protocol';
import { randomToken, seatSignalingToken, sha256Hex } from './signaling';

describe('seat signaling token (docs/protocol.md#seat-signaling-token)', () => {
  // Computed outside the app: printf 'sa-signaling:0123456789abcdef0123456789abcdef' | sha256sum
  const SEAT = '0123456789abcdef0123456789abcdef';

  it('is the first 32 hex digits of SHA-256("sa-signaling:" + seat token)', async () => {
    expect(await seatSignalingToken(SEAT)).toBe('db2f9c351548938c848288834a368d8a');
  });

  it('what the host tells the Worker (SHA-256 of that token) matches an outside computation', async () => {
    // printf 'db2f9c351548938c848288834a368d8a' | sha256sum
    expect(await sha256Hex(await seatSignalingToken(SEAT))).toBe('d14ca1c6d92b912183cfa811821cd1c077470c7a1476676c7bcf83cc330b6c1c');
  });

  it('differs from the seat token and between seats, and the signaling Worker accepts it as a PeerJS token', async () => {
    const other = await seatSignalingToken(randomToken());
    const mine = await seatSignalingToken(SEAT);
    expect(mine).not.toBe(other);
    expect(mine).not.toBe(SEAT);
    expect(isValidToken(mine)).toBe(true);
    expect(isValidToken(other)).toBe(true);
  });

  describe('without crypto.subtle (a plain-http page on the venue LAN: not a secure context)', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('gives the same token and the same hash, so a seated phone and its host still agree', async () => {
      vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
      expect(globalThis.crypto.subtle).toBeUndefined();
      expect(await seatSignalingToken(SEAT)).toBe('db2f9c351548938c848288834a368d8a');
      expect(await sha256Hex('db2f9c351548938c848288834a368d8a')).toBe('d14ca1c6d92b912183cfa811821cd1c077470c7a1476676c7bcf83cc330b6c1c');
    });
  });
});
