import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TITLE,
  MAX_TEXT_LENGTH,
  MAX_WINES,
  TIMER_DEFAULT_S,
  TastingError,
  buildTasting,
  checkTasting,
  defaultTastingInput,
  defaultWine,
  parseTasting,
  toTastingInput,
} from './tasting';
import { FIXTURE_NAMES, fixture, seeded } from '../../tests/support/engine';
import { CATEGORIES, type TastingInput } from './types';
import { answerKey } from './answer-key';

/**
 * The first issue `buildTasting` throws for `input`, as `path: code` followed by its parameters when it has some
 * (fails the test if it does not throw a TastingError). The sentences people read are the UI's (src/i18n).
 */
function errorOf(input: unknown): string {
  try {
    buildTasting(input, seeded(1));
  } catch (e) {
    expect(e).toBeInstanceOf(TastingError);
    const first = (e as TastingError).issues[0]!;
    expect((e as TastingError).message).toBe(`${first.path}: ${first.code}`);
    return `${first.path}: ${first.code}${first.params ? ` ${JSON.stringify(first.params)}` : ''}`;
  }
  throw new Error('expected a TastingError');
}

/** A valid one-wine tasting to break in one place. */
const valid = (): TastingInput => fixture('one-wine') as TastingInput;

describe('tasting fixtures', () => {
  it.each(FIXTURE_NAMES)('%s is valid and builds', (name) => {
    expect(checkTasting(fixture(name))).toEqual([]);
    const t = buildTasting(fixture(name), seeded(7));
    expect(t.wines).toHaveLength(fixture(name).wines.length);
    expect(t.timerSeconds).toBe(fixture(name).timerSeconds);
  });

  it('keeps a given title and gives a blank one the neutral default, never the first wine name', () => {
    expect(buildTasting(fixture('two-wines'), seeded(1)).title).toBe('Soirée dégustation — rouges et blancs');
    expect(buildTasting(fixture('one-wine'), seeded(1)).title).toBe(DEFAULT_TITLE);
  });

  it('the default form is valid', () => {
    expect(checkTasting(defaultTastingInput())).toEqual([]);
    expect(defaultWine(3).name).toBe('Wine 3');
    expect(defaultWine(1).questions.map((q) => q.category)).toEqual([...CATEGORIES]);
  });
});

describe('tasting validation', () => {
  it('refuses what is not an object', () => {
    for (const bad of [null, 42, 'wines', [valid()]]) expect(errorOf(bad)).toBe('tasting: tasting_shape');
  });

  it('needs at least 1 wine', () => {
    expect(errorOf({ wines: [] })).toBe('wines: no_wines');
    expect(errorOf({ title: 'x' })).toBe('wines: no_wines');
    expect(errorOf({ wines: 'Bordeaux' })).toBe('wines: no_wines');
  });

  it(`accepts ${MAX_WINES} wines, not more`, () => {
    const wines = Array.from({ length: MAX_WINES }, (_, i) => defaultWine(i + 1));
    expect(checkTasting({ wines })).toEqual([]);
    expect(errorOf({ wines: [...wines, defaultWine(31)] })).toBe(`wines: too_many_wines {"max":${MAX_WINES}}`);
  });

  it('stops at the wine limit: 200,000 junk wines give that one issue, not one per wine', () => {
    const issues = checkTasting({ title: 'x', wines: Array.from({ length: 200_000 }, () => ({ name: 7 })) });
    expect(issues).toEqual([{ path: 'wines', code: 'too_many_wines', params: { max: MAX_WINES } }]);
  });

  it('needs exactly 5 questions per wine', () => {
    const four = valid();
    four.wines[0]!.questions.pop();
    expect(errorOf(four)).toBe('wines[0].questions: question_count {"count":5}');
    const six = valid();
    six.wines[0]!.questions.push(six.wines[0]!.questions[0]!);
    expect(errorOf(six)).toBe('wines[0].questions: question_count {"count":5}');
  });

  it('needs the 5 categories in the fixed order', () => {
    const t = valid();
    const qs = t.wines[0]!.questions;
    [qs[0], qs[1]] = [qs[1]!, qs[0]!];
    expect(errorOf(t)).toBe('wines[0].questions[0].category: category_order {"expected":"color"}');
    const u = valid();
    (u.wines[0]!.questions[4] as { category: string }).category = 'price';
    expect(errorOf(u)).toBe('wines[0].questions[4].category: category_order {"expected":"wine_name"}');
  });

  it('needs exactly 3 distractors, named as in the acceptance contract', () => {
    const two = valid();
    two.wines[0]!.questions[2]!.distractors.pop();
    expect(errorOf(two)).toBe('wines[0].questions[2]: distractor_count {"count":3}');
    const four = valid();
    four.wines[0]!.questions[2]!.distractors.push('Gamay');
    expect(errorOf(four)).toBe('wines[0].questions[2]: distractor_count {"count":3}');
    const none = valid() as unknown as { wines: { questions: Record<string, unknown>[] }[] };
    delete none.wines[0]!.questions[1]!.distractors;
    expect(errorOf(none)).toBe('wines[0].questions[1]: distractor_count {"count":3}');
  });

  it('needs a non-blank correct answer', () => {
    for (const bad of ['', '   ', '\u200b', undefined, null]) {
      const t = valid() as unknown as { wines: { questions: Record<string, unknown>[] }[] };
      t.wines[0]!.questions[3]!.correct = bad;
      expect(errorOf(t)).toBe('wines[0].questions[3].correct: required');
    }
  });

  it('needs non-blank distractors', () => {
    const t = valid();
    t.wines[0]!.questions[0]!.distractors[1] = ' \t';
    expect(errorOf(t)).toBe('wines[0].questions[0].distractors[1]: required');
  });

  it('needs a non-blank wine name', () => {
    const t = valid();
    t.wines[0]!.name = '  ';
    expect(errorOf(t)).toBe('wines[0].name: required');
  });

  it('needs the 4 answers distinct after trimming, case-, accent- and punctuation-insensitively', () => {
    const caseOnly = valid();
    caseOnly.wines[0]!.questions[0]!.distractors[0] = '  rouge ';
    expect(errorOf(caseOnly)).toBe('wines[0].questions[0]: duplicate_answer {"text":"rouge"}');
    const twoDistractors = valid();
    twoDistractors.wines[0]!.questions[2]!.distractors = ['Nebbiolo', 'NEBBIOLO', 'Malbec'];
    expect(errorOf(twoDistractors)).toBe('wines[0].questions[2]: duplicate_answer {"text":"NEBBIOLO"}');
    // Options that differ only in accents or punctuation look the same to a player (answerKey).
    const accents = valid();
    accents.wines[0]!.questions[0]!.distractors = ['Rose', 'Rosé', 'Orange'];
    expect(errorOf(accents)).toBe('wines[0].questions[0]: duplicate_answer {"text":"Rosé"}');
    const punctuation = valid();
    punctuation.wines[0]!.questions[1]!.distractors[0] = 'saint emilion';
    punctuation.wines[0]!.questions[1]!.distractors[1] = 'Saint-Émilion';
    expect(errorOf(punctuation)).toBe('wines[0].questions[1]: duplicate_answer {"text":"Saint-Émilion"}');
  });

  it('says "not text" for a number where an answer belongs (a vintage typed as 2018)', () => {
    const t = valid() as unknown as { wines: { questions: { correct: unknown }[] }[] };
    t.wines[0]!.questions[3]!.correct = 2018;
    expect(errorOf(t)).toBe('wines[0].questions[3].correct: not_text');
  });

  it('sees through invisible and full-width look-alikes: "Merlot\\u200b" and "Ｍｅｒｌｏｔ" are "Merlot"', () => {
    const zw = valid();
    zw.wines[0]!.questions[2]!.distractors = [`${zw.wines[0]!.questions[2]!.correct}\u200b`, 'Malbec', 'Gamay'];
    expect(errorOf(zw)).toMatch(/: duplicate_answer /);
    const wide = valid();
    wide.wines[0]!.questions[2]!.correct = 'Merlot';
    wide.wines[0]!.questions[2]!.distractors = ['Ｍｅｒｌｏｔ', 'Malbec', 'Gamay'];
    expect(errorOf(wide)).toMatch(/: duplicate_answer /);
    const blank = valid();
    blank.wines[0]!.questions[2]!.distractors = ['\u200b', 'Malbec', 'Gamay'];
    expect(errorOf(blank)).toBe('wines[0].questions[2].distractors[0]: required');
  });

  it('compares answers after Unicode normalization: a composed and a decomposed "Rosé" are the same answer', () => {
    const t = valid();
    t.wines[0]!.questions[0]!.distractors = ['Ros\u00e9', 'Rose\u0301', 'Orange'];
    expect(errorOf(t)).toMatch(/^wines\[0\]\.questions\[0\]: duplicate_answer /);
  });

  it('needs a whole timer from 15 to 120 s, default 60', () => {
    for (const bad of [14, 121, 0, -60, 60.5, '60', null, Number.NaN, Infinity]) {
      expect(errorOf({ ...valid(), timerSeconds: bad })).toBe('timerSeconds: timer_range {"min":15,"max":120}');
    }
    for (const good of [15, 20, 60, 120]) expect(buildTasting({ ...valid(), timerSeconds: good }, Math.random).timerSeconds).toBe(good);
    const { timerSeconds: _omit, ...noTimer } = valid();
    expect(buildTasting(noTimer, Math.random).timerSeconds).toBe(TIMER_DEFAULT_S);
  });

  it('title: optional, text, blank or spaces -> the neutral default (players see it before any wine is revealed)', () => {
    const { title: _omit, ...noTitle } = fixture('two-wines');
    expect(buildTasting(noTitle, Math.random).title).toBe(DEFAULT_TITLE);
    expect(buildTasting({ ...fixture('two-wines'), title: '   ' }, Math.random).title).toBe(DEFAULT_TITLE);
    expect(DEFAULT_TITLE).not.toMatch(/wine \d|vin/i);
    expect(buildTasting({ ...fixture('two-wines'), title: '  Friday reds ' }, Math.random).title).toBe('Friday reds');
    expect(errorOf({ ...valid(), title: 7 })).toBe('title: not_text');
  });

  it(`limits texts to ${MAX_TEXT_LENGTH} characters`, () => {
    const long = 'x'.repeat(MAX_TEXT_LENGTH + 1);
    expect(checkTasting({ ...valid(), title: 'x'.repeat(MAX_TEXT_LENGTH) })).toEqual([]);
    expect(errorOf({ ...valid(), title: long })).toBe(`title: too_long {"max":${MAX_TEXT_LENGTH}}`);
    const name = valid();
    name.wines[0]!.name = long;
    expect(errorOf(name)).toBe(`wines[0].name: too_long {"max":${MAX_TEXT_LENGTH}}`);
    const answer = valid();
    answer.wines[0]!.questions[1]!.distractors[2] = long;
    expect(errorOf(answer)).toBe(`wines[0].questions[1]: answers_too_long {"max":${MAX_TEXT_LENGTH}}`);
  });

  it('names the first problem in document order and lists them all', () => {
    const t = fixture('two-wines') as unknown as TastingInput;
    t.wines[1]!.name = '';
    t.wines[0]!.questions[3]!.correct = '';
    t.wines[0]!.questions[4]!.distractors = ['only one'];
    expect(errorOf(t)).toBe('wines[0].questions[3].correct: required');
    expect(checkTasting(t).map((i) => i.path)).toEqual([
      'wines[0].questions[3].correct',
      'wines[0].questions[4]',
      'wines[1].name',
    ]);
    expect(errorOf({ ...t, timerSeconds: 5 })).toMatch(/^timerSeconds: /);
  });

  it('issues carry the wine, category and field for the form', () => {
    const t = fixture('two-wines') as unknown as TastingInput;
    t.wines[1]!.questions[4]!.correct = '';
    expect(checkTasting(t)).toEqual([
      expect.objectContaining({ wineIndex: 1, category: 'wine_name', field: 'correct' }),
    ]);
  });

  it('parseTasting throws a TastingError with every issue', () => {
    const t = valid();
    t.wines[0]!.name = '';
    t.wines[0]!.questions[0]!.correct = '';
    expect(() => parseTasting(t)).toThrow(TastingError);
    try {
      parseTasting(t);
    } catch (e) {
      expect((e as TastingError).issues).toHaveLength(2);
    }
  });
});

describe('building a tasting', () => {
  it('gives question ids unique in the tasting and option ids a–d by position', () => {
    const t = buildTasting(fixture('five-wines'), seeded(3));
    const ids = t.wines.flatMap((w) => w.questions.map((q) => q.id));
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    for (const q of t.wines.flatMap((w) => w.questions)) expect(q.options.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('shuffles the options into a permutation whose correct id points at the correct text', () => {
    const input = fixture('five-wines');
    for (let seed = 0; seed < 20; seed++) {
      const t = buildTasting(input, seeded(seed));
      t.wines.forEach((w, wi) =>
        w.questions.forEach((q, qi) => {
          const src = input.wines[wi]!.questions[qi]!;
          expect(q.category).toBe(src.category);
          expect(q.options.map((o) => o.text).sort()).toEqual([src.correct, ...src.distractors].sort());
          expect(q.options.find((o) => o.id === q.correctOptionId)!.text).toBe(src.correct);
        }),
      );
    }
  });

  it('trims every text', () => {
    const input = valid();
    input.wines[0]!.name = '  Mystery red ';
    input.wines[0]!.questions[0]!.correct = ' Rouge  ';
    input.wines[0]!.questions[0]!.distractors[0] = '\tBlanc';
    const q = buildTasting(input, seeded(1)).wines[0]!.questions[0]!;
    expect(q.options.map((o) => o.text).sort()).toEqual(['Blanc', 'Orange', 'Rosé', 'Rouge']);
    expect(q.options.find((o) => o.id === q.correctOptionId)!.text).toBe('Rouge');
  });

  it('the order is fixed at build time: the same random source gives the same tasting', () => {
    expect(buildTasting(fixture('two-wines'), seeded(42))).toEqual(buildTasting(fixture('two-wines'), seeded(42)));
  });

  it('option ids never reveal correctness: the correct id lands on every letter, roughly evenly', () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
    for (let seed = 0; seed < 200; seed++) {
      const t = buildTasting(fixture('one-wine'), seeded(seed));
      for (const q of t.wines[0]!.questions) counts[q.correctOptionId]!++;
    }
    // 1000 draws over 4 letters: 250 each expected; 180 is > 5 standard deviations away.
    for (const letter of 'abcd') expect(counts[letter]).toBeGreaterThan(180);
  });

  it('stays a permutation for edge random sources (always 0, always just below 1, even 1)', () => {
    for (const random of [() => 0, () => 0.9999999999, () => 1]) {
      const q = buildTasting(valid(), random).wines[0]!.questions[1]!;
      expect(new Set(q.options.map((o) => o.text)).size).toBe(4);
    }
  });

  it('refuses an invalid tasting', () => {
    expect(() => buildTasting({ wines: [] }, Math.random)).toThrow(TastingError);
  });
});

describe('toTastingInput', () => {
  it.each(FIXTURE_NAMES)('round-trips the answers of %s', (name) => {
    const input = parseTasting(fixture(name));
    const back = toTastingInput(buildTasting(input, seeded(9)));
    expect(back.title).toBe(input.title);
    expect(back.timerSeconds).toBe(input.timerSeconds);
    expect(back.wines.map((w) => w.name)).toEqual(input.wines.map((w) => w.name));
    back.wines.forEach((w, wi) =>
      w.questions.forEach((q, qi) => {
        const src = input.wines[wi]!.questions[qi]!;
        expect(q.category).toBe(src.category);
        expect(q.correct).toBe(src.correct);
        expect([...q.distractors].sort()).toEqual([...src.distractors].sort());
      }),
    );
    expect(checkTasting(back)).toEqual([]);
  });

  it('exports the distractors in the order the options are shown', () => {
    const t = buildTasting(fixture('two-wines'), seeded(5));
    const back = toTastingInput(t);
    t.wines.forEach((w, wi) =>
      w.questions.forEach((q, qi) => {
        const shownDistractors = q.options.filter((o) => o.id !== q.correctOptionId).map((o) => o.text);
        expect(back.wines[wi]!.questions[qi]!.distractors).toEqual(shownDistractors);
      }),
    );
  });

  it('property: any valid tasting builds into permutations and round-trips', () => {
    const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => answerKey(s) !== '');
    const answers = fc.uniqueArray(text, { minLength: 4, maxLength: 4, selector: answerKey });
    const wine = fc.record({ name: text, answers: fc.array(answers, { minLength: 5, maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(wine, { minLength: 1, maxLength: 3 }), fc.integer(), (wines, seed) => {
        const input: TastingInput = {
          wines: wines.map((w) => ({
            name: w.name,
            questions: CATEGORIES.map((category, i) => {
              const [correct, ...distractors] = w.answers[i]!;
              return { category, correct: correct!, distractors };
            }),
          })),
        };
        const t = buildTasting(input, seeded(seed));
        const back = toTastingInput(t);
        back.wines.forEach((w, wi) =>
          w.questions.forEach((q, qi) => {
            const [correct, ...distractors] = wines[wi]!.answers[qi]!.map((s) => s.trim());
            expect(q.correct).toBe(correct);
            expect([...q.distractors].sort()).toEqual(distractors.sort());
          }),
        );
        expect(t.title).toBe(DEFAULT_TITLE);
      }),
      { numRuns: 100 },
    );
  });
});
