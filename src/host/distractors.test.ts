import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category } from '../engine';
import { seeded } from '../../tests/support/engine';
import { CURATED, RED_GRAPES, WHITE_GRAPES, WINE_NAME_GROUPS } from './catalogue-data';
import { DISTRACTOR_SUGGESTIONS, suggestDistractors, type DistractorRequest } from './distractors';
import { answerKey } from '../engine';

const THIS_YEAR = 2026;
const ask = (category: Category, correct: string, more: Partial<DistractorRequest> = {}) =>
  suggestDistractors({ category, correct, thisYear: THIS_YEAR, random: seeded(7), ...more });
const country = (v: string) => /\(([^)]+)\)$/.exec(v)?.[1];
const region = (v: string) => v.split(' — ')[0];

describe('suggestDistractors', () => {
  it('regions: other regions of the same country first, one per region, in the full catalogue form', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const got = ask('region', 'Bordeaux — Pauillac (France)', { random: seeded(seed) });
      expect(got).toHaveLength(3);
      for (const v of got) {
        expect(CURATED.region).toContain(v);
        expect(country(v)).toBe('France');
        expect(region(v)).not.toBe('Bordeaux');
      }
      expect(new Set(got.map(region)).size).toBe(3);
    }
    // Italy has 3 regions besides Piemonte's own: all three come first.
    const italy = ask('region', 'Piemonte — Barolo (Italy)');
    expect(italy.map(country)).toEqual(['Italy', 'Italy', 'Italy']);
  });

  it('regions: a bare region name gets bare region names of its country; "Region (Country)" keeps that shape', () => {
    const bare = ask('region', 'Bordeaux');
    expect(bare).toHaveLength(3);
    for (const v of bare) {
      expect(v).not.toMatch(/[—(]/);
      expect(CURATED.region.some((c) => region(c) === v && country(c) === 'France')).toBe(true);
    }
    const shaped = ask('region', 'Mosel (Germany)');
    for (const v of shaped) expect(v).toMatch(/^[^—]+ \([^)]+\)$/);
  });

  it('grapes keep the colour: of the correct grape, else of the wine (rosé from red grapes, orange from white)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      for (const v of ask('grape_variety', 'Merlot', { random: seeded(seed) })) expect(RED_GRAPES).toContain(v);
      for (const v of ask('grape_variety', 'Riesling', { random: seeded(seed) })) expect(WHITE_GRAPES).toContain(v);
      for (const v of ask('grape_variety', 'Mystery grape', { random: seeded(seed), wine: { color: 'Blanc' } })) expect(WHITE_GRAPES).toContain(v);
      for (const v of ask('grape_variety', '', { random: seeded(seed), wine: { color: 'Rosé' } })) expect(RED_GRAPES).toContain(v);
      for (const v of ask('grape_variety', '', { random: seeded(seed), wine: { color: 'Orange' } })) expect(WHITE_GRAPES).toContain(v);
    }
  });

  it('vintages: years near the correct one, never in the future', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const near = ask('vintage_year', '2015', { random: seeded(seed) }).map(Number);
      expect(near).toHaveLength(3);
      for (const y of near) expect([1, 2, 3]).toContain(Math.abs(y - 2015));
      const recent = ask('vintage_year', '2025', { random: seeded(seed) }).map(Number);
      for (const y of recent) expect(y).toBeLessThanOrEqual(THIS_YEAR);
    }
  });

  it('wine names: famous wines of the same place, or of the wine’s region', () => {
    const bordeaux = WINE_NAME_GROUPS.find((g) => g.regions.includes('Bordeaux'))!.names;
    const champagne = WINE_NAME_GROUPS.find((g) => g.regions.includes('Champagne'))!.names;
    for (const v of ask('wine_name', 'Château Margaux')) expect(bordeaux).toContain(v);
    for (const v of ask('wine_name', 'Ma cuvée', { wine: { region: 'Champagne — Côte des Blancs (France)' } })) expect(champagne).toContain(v);
  });

  it('colour: the three other colours', () => {
    expect(ask('color', 'Rouge').sort()).toEqual(['Blanc', 'Orange', 'Rosé']);
    expect(ask('color', 'rosé').sort()).toEqual(['Blanc', 'Orange', 'Rouge']);
  });

  it('for any answer, in any category: three distinct values of that category, none of them the correct answer', () => {
    const anyCategory = fc.constantFrom(...CATEGORIES);
    fc.assert(
      fc.property(
        anyCategory.chain((category) =>
          fc.record({
            category: fc.constant(category),
            correct: fc.oneof(fc.constantFrom(...CURATED[category]), fc.string(), fc.constantFrom(' ROUGE ', 'Château  Pétrus', 'Chateau Petrus')),
            color: fc.option(fc.constantFrom(...CURATED.color, 'white', 'weird')),
            region: fc.option(fc.constantFrom(...CURATED.region, 'Nowhere')),
            seed: fc.nat(),
          }),
        ),
        ({ category, correct, color, region, seed }) => {
          const got = suggestDistractors({
            category,
            correct,
            wine: { color: color ?? undefined, region: region ?? undefined },
            thisYear: THIS_YEAR,
            random: seeded(seed),
          });
          expect(got).toHaveLength(DISTRACTOR_SUGGESTIONS);
          const keys = got.map(answerKey);
          expect(new Set(keys).size).toBe(3);
          expect(keys).not.toContain(answerKey(correct));
          const pool = new Set(CURATED[category].flatMap((v) => [v, region_(v), `${region_(v)} (${country(v)})`]));
          for (const v of got) expect(pool.has(v) || /^\d{4}$/.test(v)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('offers the host’s own values only after the catalogue’s', () => {
    expect(ask('color', 'Rouge', { learned: ['Paille'] }).sort()).toEqual(['Blanc', 'Orange', 'Rosé']);
    expect(ask('color', 'Rouge', { learned: ['Paille'] }).concat(ask('color', 'Blanc', { learned: ['Paille'] }))).not.toContain('Paille');
  });
});

/** A catalogue region's region name (other categories: the value itself). */
function region_(v: string): string {
  return v.split(' — ')[0]!;
}
