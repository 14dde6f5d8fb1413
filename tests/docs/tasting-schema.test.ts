/**
 * docs/tasting.schema.json against the engine's own validator (`checkTasting`, src/engine/tasting.ts): the fixtures
 * pass both, hand-written invalid variants are refused by both, the schema's limits are the engine's constants, and
 * on random tasting-shaped values both give the same verdict wherever the schema can express the rule
 * (docs/tasting-format.md lists the few it cannot).
 */
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/engine/types';
import { checkTasting, MAX_TEXT_LENGTH, MAX_WINES, TIMER_MAX_S, TIMER_MIN_S } from '../../src/engine/tasting';

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('docs/tasting.schema.json', root), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const fixtureDir = new URL('tests/fixtures/', root);
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, fixtureDir), 'utf8'))] as const);

const engineAccepts = (t: unknown) => checkTasting(t).length === 0;
const schemaAccepts = (t: unknown) => validate(t) === true;

/** A deep copy of the first fixture, changed by `edit`. */
function variant(edit: (t: ReturnType<typeof base>) => void): unknown {
  const t = base();
  edit(t);
  return t;
}
function base() {
  return structuredClone(fixtures[0]![1]) as {
    title?: unknown;
    timerSeconds?: unknown;
    wines: { name: unknown; questions: { category: unknown; correct: unknown; distractors: unknown[] }[] }[];
  };
}

describe('docs/tasting.schema.json', () => {
  it('is a valid JSON Schema (2020-12) and there are fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    expect(typeof validate).toBe('function');
  });

  it.each(fixtures)('accepts the fixture %s, as the engine does', (_name, tasting) => {
    expect(checkTasting(tasting)).toEqual([]);
    expect(validate(tasting), JSON.stringify(validate.errors)).toBe(true);
  });

  it('uses the engine constants for every limit', () => {
    expect(schema.properties.wines.maxItems).toBe(MAX_WINES);
    expect(schema.properties.title.maxLength).toBe(MAX_TEXT_LENGTH);
    expect(schema.$defs.text.maxLength).toBe(MAX_TEXT_LENGTH);
    expect(schema.properties.timerSeconds.minimum).toBe(TIMER_MIN_S);
    expect(schema.properties.timerSeconds.maximum).toBe(TIMER_MAX_S);
    expect(schema.$defs.question.properties.category.enum).toEqual([...CATEGORIES]);
    expect(schema.$defs.wine.properties.questions.prefixItems.map((p: { properties: { category: { const: string } } }) => p.properties.category.const)).toEqual([...CATEGORIES]);
  });

  const long = 'x'.repeat(MAX_TEXT_LENGTH + 1);
  const invalid: Array<[string, unknown]> = [
    ['not an object', []],
    ['no wines', { title: 'x' }],
    ['an empty wine list', variant((t) => (t.wines = []))],
    ['too many wines', variant((t) => (t.wines = Array.from({ length: MAX_WINES + 1 }, () => structuredClone(t.wines[0]!))))],
    ['a title that is not text', variant((t) => (t.title = 7))],
    ['a title too long', variant((t) => (t.title = long))],
    ['a timer below the minimum', variant((t) => (t.timerSeconds = TIMER_MIN_S - 1))],
    ['a timer above the maximum', variant((t) => (t.timerSeconds = TIMER_MAX_S + 1))],
    ['a timer that is not whole', variant((t) => (t.timerSeconds = 30.5))],
    ['a timer as text', variant((t) => (t.timerSeconds = '60'))],
    ['a wine that is not an object', variant((t) => (t.wines[0] = 'Wine 1' as never))],
    ['a blank wine name', variant((t) => (t.wines[0]!.name = '   '))],
    ['a wine name of zero-width spaces', variant((t) => (t.wines[0]!.name = '\u200B\u200B'))],
    ['a wine name too long', variant((t) => (t.wines[0]!.name = long))],
    ['four questions', variant((t) => t.wines[0]!.questions.pop())],
    ['six questions', variant((t) => t.wines[0]!.questions.push(structuredClone(t.wines[0]!.questions[4]!)))],
    ['questions out of order', variant((t) => t.wines[0]!.questions.reverse())],
    ['an unknown category', variant((t) => (t.wines[0]!.questions[0]!.category = 'aroma'))],
    ['a missing correct answer', variant((t) => delete (t.wines[0]!.questions[1] as { correct?: unknown }).correct)],
    ['a blank correct answer', variant((t) => (t.wines[0]!.questions[1]!.correct = ''))],
    ['a correct answer that is a number', variant((t) => (t.wines[0]!.questions[3]!.correct = 2019))],
    ['two distractors', variant((t) => t.wines[0]!.questions[2]!.distractors.pop())],
    ['four distractors', variant((t) => t.wines[0]!.questions[2]!.distractors.push('Other'))],
    ['a blank distractor', variant((t) => (t.wines[0]!.questions[2]!.distractors[1] = ' '))],
    ['a distractor too long', variant((t) => (t.wines[0]!.questions[2]!.distractors[1] = long))],
    ['two identical distractors', variant((t) => {
      const ds = t.wines[0]!.questions[2]!.distractors;
      ds[1] = ds[0];
    })],
  ];

  it.each(invalid)('refuses %s, as the engine does', (_name, tasting) => {
    expect(engineAccepts(tasting), 'engine').toBe(false);
    expect(schemaAccepts(tasting), 'schema').toBe(false);
  });

  it('cannot see case- or normalisation-insensitive duplicates (documented): only the engine refuses them', () => {
    const dup = variant((t) => (t.wines[0]!.questions[0]!.distractors[0] = String(t.wines[0]!.questions[0]!.correct).toUpperCase()));
    expect(engineAccepts(dup)).toBe(false);
    expect(schemaAccepts(dup)).toBe(true);
  });

  /**
   * Random tastings: a valid one, then up to two edits that may break a rule (or sit just inside one). Texts are
   * plain ASCII without surrounding spaces, or blank: there the schema's length and blank rules are exactly the
   * engine's (the engine trims and counts UTF-16 units; JSON Schema counts code points). Answers of a question are
   * distinct by construction, since only the engine sees case-insensitive duplicates.
   */
  const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,8}[A-Za-z0-9]$/);
  const edgeText = fc.integer({ min: MAX_TEXT_LENGTH - 1, max: MAX_TEXT_LENGTH + 1 }).map((n) => 'y'.repeat(n));
  const oddText = fc.oneof(edgeText, fc.constantFrom<unknown>('', ' ', '\t', '\u200B', '\uFEFF ', 12, null));
  const validTasting = fc.record({
    title: fc.oneof(word, fc.constant('')),
    timerSeconds: fc.integer({ min: TIMER_MIN_S, max: TIMER_MAX_S }),
    wines: fc.array(
      fc.record({
        name: word,
        questions: fc.tuple(...CATEGORIES.map((category) =>
          fc.tuple(word, word, word, word).map(([c, d1, d2, d3]) => ({
            category,
            correct: `${c}-0`,
            distractors: [`${d1}-1`, `${d2}-2`, `${d3}-3`] as unknown[],
          })),
        )).map((qs) => qs as { category: unknown; correct: unknown; distractors: unknown[] }[]),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });
  const edit = fc.record({
    kind: fc.constantFrom(
      'title', 'no-title', 'timer', 'no-timer', 'name', 'correct', 'distractor', 'fewer-distractors', 'more-distractors',
      'category', 'fewer-questions', 'swap-questions', 'no-wines', 'many-wines', 'wine-not-object',
    ),
    at: fc.nat(),
    text: oddText,
    n: fc.oneof(fc.integer({ min: TIMER_MIN_S - 2, max: TIMER_MAX_S + 2 }), fc.constantFrom<unknown>(30.5, '60', null)),
  });
  type Shape = ReturnType<typeof base>;
  function applyEdit(t: Shape, e: { kind: string; at: number; text: unknown; n: unknown }): void {
    const picked = t.wines[e.at % Math.max(1, t.wines.length)];
    const w = typeof picked === 'object' ? picked : undefined;
    const q = w?.questions[e.at % w.questions.length];
    switch (e.kind) {
      case 'title': t.title = e.at % 4 === 0 ? 3 : e.text; break;
      case 'no-title': delete t.title; break;
      case 'timer': t.timerSeconds = e.n; break;
      case 'no-timer': delete t.timerSeconds; break;
      case 'name': if (w) w.name = e.text; break;
      case 'correct': if (q) q.correct = e.text; break;
      case 'distractor': if (q) q.distractors[e.at % 3] = e.text; break;
      case 'fewer-distractors': q?.distractors.pop(); break;
      case 'more-distractors': q?.distractors.push('extra-9'); break;
      case 'category': if (q) q.category = e.at % 2 ? 'aroma' : CATEGORIES[(e.at + 1) % 5]; break;
      case 'fewer-questions': w?.questions.pop(); break;
      case 'swap-questions': if (w && w.questions.length > 1) [w.questions[0], w.questions[1]] = [w.questions[1]!, w.questions[0]!]; break;
      case 'no-wines': t.wines = []; break;
      case 'many-wines': if (w) t.wines = Array.from({ length: MAX_WINES + (e.at % 2) }, () => structuredClone(w)); break;
      case 'wine-not-object': t.wines[0] = 'Wine' as never; break;
    }
  }
  const tasting = fc
    .tuple(validTasting, fc.array(edit, { maxLength: 2 }))
    .map(([t, edits]) => {
      const out = structuredClone(t) as Shape;
      for (const e of edits) applyEdit(out, e);
      return out;
    });

  it('gives the engine\'s verdict on random tastings (valid and invalid ones)', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(tasting, (t) => {
        const verdict = engineAccepts(t);
        expect(schemaAccepts(t), JSON.stringify(checkTasting(t)[0] ?? validate.errors?.[0])).toBe(verdict);
        if (verdict) accepted++;
        else refused++;
      }),
      { numRuns: 600 },
    );
    // Both verdicts must actually have been exercised.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
