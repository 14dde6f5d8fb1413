import { describe, expect, it } from 'vitest';
import { answerKey, CATEGORIES, checkTasting, DEFAULT_ANSWERS, defaultTastingInput, type TastingInput } from '../engine';
import { mergeLearned } from '../store/catalogue';
import { CURATED, vintageYears } from './catalogue-data';
import { buildCatalogue, newAnswers, placeList, suggest, toEntries, type PlaceInput } from './suggest';

const values = (r: { items: { value: string }[] }) => r.items.map((s) => s.value);
/** The highlighted part of each suggestion. */
const marked = (r: { items: { value: string; match: [number, number] | null }[] }) =>
  r.items.map((s) => (s.match ? s.value.slice(...s.match) : null));

describe('suggest', () => {
  const entries = toEntries(CURATED.region);

  it('matches a case- and accent-insensitive substring', () => {
    expect(values(suggest('rose', toEntries(CURATED.color)))).toEqual(['Rosé']);
    expect(values(suggest('EMILION', entries))).toEqual(['Bordeaux — Saint-Émilion (France)']);
    expect(values(suggest('saint emilion', entries))).toEqual(['Bordeaux — Saint-Émilion (France)']);
    expect(values(suggest('nowhere at all', entries))).toEqual([]);
  });

  it('shows at most 10, prefix matches first, then word starts, then the rest, each in catalogue order', () => {
    const r = suggest('bo', toEntries(['Rioja Abobo', 'Bonnes-Mares', 'Clos Bourg', 'Bordeaux', 'Embo']));
    expect(values(r)).toEqual(['Bonnes-Mares', 'Bordeaux', 'Clos Bourg', 'Rioja Abobo', 'Embo']);
    expect(suggest('france', entries).items).toHaveLength(10);
    expect(suggest('france', entries, { limit: 3 }).items).toHaveLength(3);
    expect(values(suggest('2', toEntries(vintageYears())))).toEqual(['2024', '2023', '2022', '2021', '2020', '2019', '2018', '2017', '2016', '2015']);
  });

  it('marks the matched part of the original text, accents included', () => {
    expect(marked(suggest('emil', entries))).toEqual(['Émil']);
    expect(marked(suggest('rose', toEntries(['Rose\u0301 d’Anjou'])))).toEqual(['Rose\u0301']);
    expect(marked(suggest('dyq', toEntries(['Château d’Yquem'])))).toEqual(['d’Yq']);
    expect(marked(suggest('', toEntries(['Merlot'])))).toEqual([null]);
  });

  it('lists the catalogue from the top for a blank query', () => {
    expect(values(suggest('  ', toEntries(CURATED.color)))).toEqual(['Rouge', 'Blanc', 'Rosé', 'Orange']);
  });

  it("leaves out the question's other answers, in any spelling", () => {
    const colors = toEntries(CURATED.color);
    expect(values(suggest('', colors, { exclude: ['rose', 'BLANC', ''] }))).toEqual(['Rouge', 'Orange']);
  });

  it('says whether the query is already in the catalogue (even if excluded or past the limit)', () => {
    expect(suggest('rosé', toEntries(CURATED.color)).known).toBe(true);
    expect(suggest('ROSE', toEntries(CURATED.color), { exclude: ['Rosé'] }).known).toBe(true);
    expect(suggest('Ros', toEntries(CURATED.color)).known).toBe(false);
    expect(suggest('', toEntries(CURATED.color)).known).toBe(false);
    expect(suggest('1990', toEntries(vintageYears()), { limit: 1 }).known).toBe(true);
  });
});

describe('catalogue', () => {
  it('has the promised sizes: 4 colors, ~60 regions, ~55 grapes, 1990–2024, ~90 wine names', () => {
    expect(CURATED.color).toEqual(['Rouge', 'Blanc', 'Rosé', 'Orange']);
    expect(CURATED.region.length).toBeGreaterThanOrEqual(55);
    expect(CURATED.grape_variety.length).toBeGreaterThanOrEqual(50);
    expect(CURATED.wine_name.length).toBeGreaterThanOrEqual(85);
    expect(CURATED.vintage_year).toHaveLength(35);
    expect(CURATED.vintage_year[0]).toBe('2024');
    expect(CURATED.vintage_year.at(-1)).toBe('1990');
    expect(vintageYears(2000, 1999)).toEqual([]);
  });

  it('writes regions as "Region — Sub-region (Country)"', () => {
    for (const r of CURATED.region) expect(r).toMatch(/^[^—()]+ — [^—()]+ \([^()]+\)$/);
  });

  it('has no duplicate (in any spelling) and nothing longer than an answer may be', () => {
    for (const cat of CATEGORIES) {
      expect(toEntries(CURATED[cat])).toHaveLength(CURATED[cat].length);
      for (const v of CURATED[cat]) expect(v.length).toBeLessThanOrEqual(120);
    }
  });

  it('merges learned values (first), curated values and the default answers, without duplicates', () => {
    const c = buildCatalogue(CURATED, { region: ['Côtes de Bourg', 'bordeaux — pauillac (france)'], color: ['Gris'] });
    expect(c.color.map((e) => e.value)).toEqual(['Gris', 'Rouge', 'Blanc', 'Rosé', 'Orange']);
    expect(c.region[0]!.value).toBe('Côtes de Bourg');
    expect(c.region[1]!.value).toBe('bordeaux — pauillac (france)');
    expect(c.region.filter((e) => e.key === answerKey('Bordeaux — Pauillac (France)'))).toHaveLength(1);
    for (const cat of CATEGORIES) for (const d of DEFAULT_ANSWERS[cat]) expect(c[cat].some((e) => e.value === d)).toBe(true);
  });
});

describe('newAnswers', () => {
  const catalogue = buildCatalogue(CURATED);

  it('finds nothing new in the default tasting', () => {
    expect(newAnswers(defaultTastingInput(), catalogue)).toEqual({});
  });

  it('returns trimmed values the catalogue lacks, once each, per category', () => {
    const t: TastingInput = defaultTastingInput();
    t.wines.push(structuredClone(t.wines[0]!));
    t.wines[0]!.questions[2]!.correct = '  Négrette ';
    t.wines[1]!.questions[2]!.distractors[0] = 'negrette';
    t.wines[1]!.questions[4]!.correct = 'Domaine X';
    t.wines[1]!.questions[4]!.distractors[1] = 'château margaux'; // known, other case
    t.wines[1]!.questions[1]!.distractors[2] = '   ';
    expect(newAnswers(t, catalogue)).toEqual({ grape_variety: ['Négrette'], wine_name: ['Domaine X'] });
  });
});

describe('placeList', () => {
  // A 44 px field at 300–344 in a 800 px screen; the wine's questions span 100–700.
  const base: PlaceInput = {
    anchorTop: 300,
    anchorBottom: 344,
    hardTop: 100,
    hardBottom: 700,
    softTop: 0,
    softBottom: 800,
    wanted: 264,
    gap: 4,
    minHeight: 66,
  };

  it('goes below when the list fits there', () => {
    expect(placeList(base)).toEqual({ side: 'below', maxHeight: 264 });
  });

  it('goes above when the screen ends under the field (phone keyboard) and there is more room above', () => {
    expect(placeList({ ...base, softBottom: 420 })).toEqual({ side: 'above', maxHeight: 196 });
  });

  it('never crosses the end of the wine (the buttons under it stay free)', () => {
    const p = placeList({ ...base, anchorTop: 640, anchorBottom: 684 });
    expect(p.side).toBe('above');
    expect(p.maxHeight).toBe(264);
    const tight = placeList({ ...base, hardTop: 280, anchorTop: 300, anchorBottom: 344, hardBottom: 400 });
    expect(tight.side).toBe('below');
    expect(tight.maxHeight).toBeLessThanOrEqual(400 - 344 - 4);
  });

  it('keeps a usable height past the screen edge but inside the hard limits', () => {
    const p = placeList({ ...base, softBottom: 360, softTop: 290 });
    expect(p.maxHeight).toBe(66);
  });

  it('shrinks to the content when the list is short', () => {
    expect(placeList({ ...base, wanted: 50 })).toEqual({ side: 'below', maxHeight: 50 });
  });

  it('works without hard limits', () => {
    expect(placeList({ ...base, hardTop: -Infinity, hardBottom: Infinity, softBottom: 420 })).toEqual({ side: 'above', maxHeight: 264 });
  });
});

describe('one rule for "the same answer" (the engine\'s answerKey)', () => {
  it('in a tasting, in the learned answers and in the suggestions alike', () => {
    const same = ['Merlot', '  MERLOT ', 'Ｍｅｒｌｏｔ', 'Mer\u200Blot'];
    for (const s of same) expect(answerKey(s)).toBe(answerKey('merlot'));
    expect(answerKey('Rosé')).toBe(answerKey('rose'));
    expect(answerKey('Saint-Émilion')).toBe(answerKey('saint emilion'));
    expect(answerKey('Merlot')).not.toBe(answerKey('Malbec'));
    const tasting = defaultTastingInput();
    tasting.wines[0]!.questions[2]!.distractors[0] = 'Ｍｅｒｌｏｔ';
    expect(checkTasting(tasting).map((i) => [i.code, i.params])).toEqual([['duplicate_answer', { text: 'Ｍｅｒｌｏｔ' }]]);
    expect(mergeLearned(['Merlot'], ['Ｍｅｒｌｏｔ'])).toEqual(['Ｍｅｒｌｏｔ']);
    expect(toEntries(same).map((e) => e.value)).toEqual(['Merlot']);
  });
});
