import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADJECTIVES, NOUNS, PSEUDONYM_COUNT, pickPseudonym, pseudonymAt } from './pseudonym';
import { seeded } from '../../tests/support/engine';

const FORMAT = /^[A-Z]+-[A-Z]+$/;
const ALL = Array.from({ length: PSEUDONYM_COUNT }, (_, i) => pseudonymAt(i));

describe('pseudonyms', () => {
  it('has 25 adjectives × 25 nouns = 625 distinct ADJECTIVE-NOUN names', () => {
    expect(new Set(ADJECTIVES).size).toBe(25);
    expect(new Set(NOUNS).size).toBe(25);
    expect(PSEUDONYM_COUNT).toBe(625);
    expect(new Set(ALL).size).toBe(625);
    for (const p of ALL) expect(p).toMatch(FORMAT);
    expect(pseudonymAt(0)).toBe('TANNIC-FALCON');
    expect(pseudonymAt(624)).toBe('SPARKLING-SOMMELIER');
  });

  it('picks only free names, uniformly indexed by pick', () => {
    const taken = new Set(['TANNIC-FALCON', 'TANNIC-CORK']);
    expect(pickPseudonym(taken, 0)).toBe('TANNIC-CELLAR');
    expect(pickPseudonym(taken, 0.9999999)).toBe('SPARKLING-SOMMELIER');
    expect(pickPseudonym(new Set(), 0.5)).toBe(ALL[312]);
  });

  it('clamps a pick outside [0, 1)', () => {
    expect(pickPseudonym(new Set(), 1)).toBe('SPARKLING-SOMMELIER');
    expect(pickPseudonym(new Set(), -3)).toBe('TANNIC-FALCON');
  });

  it('hands out all 625 distinct names, then null when exhausted', () => {
    const random = seeded(11);
    const taken = new Set<string>();
    for (let i = 0; i < PSEUDONYM_COUNT; i++) {
      const p = pickPseudonym(taken, random());
      expect(p).not.toBeNull();
      expect(taken.has(p!)).toBe(false);
      taken.add(p!);
    }
    expect(taken.size).toBe(625);
    expect(pickPseudonym(taken, 0)).toBeNull();
    expect(pickPseudonym(taken, 0.5)).toBeNull();
  });

  it('property: the pick is never taken and always well formed', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 624 }), { maxLength: 624 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (indices, pick) => {
          const taken = new Set(indices.map(pseudonymAt));
          const p = pickPseudonym(taken, pick);
          expect(p).toMatch(FORMAT);
          expect(taken.has(p!)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
