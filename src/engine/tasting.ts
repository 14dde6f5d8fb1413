/**
 * Tasting rules: validation of a tasting file or form, building (ids + one shuffle), and export back to a file.
 * Rules: docs/game-rules.md and docs/tasting-format.md.
 */
import { answerKey, cleanText } from './answer-key';
import {
  CATEGORIES,
  type Category,
  type Option,
  type Question,
  type QuestionInput,
  type Tasting,
  type TastingInput,
  type WineInput,
} from './types';

export const TIMER_MIN_S = 15;
export const TIMER_MAX_S = 120;
export const TIMER_STEP_S = 5;
export const TIMER_DEFAULT_S = 60;
export const DISTRACTOR_COUNT = 3;
/** Longest option, title or wine name accepted, in characters (keeps snapshots small). */
export const MAX_TEXT_LENGTH = 120;
/** Most wines in one tasting. */
export const MAX_WINES = 30;
/**
 * Largest tasting file accepted for import, in bytes. A full tasting (30 wines, every text at its longest, pretty-
 * printed, accented text escaped) stays under 600 KB; anything larger is refused before it is read.
 */
export const MAX_TASTING_FILE_BYTES = 1_000_000;
/**
 * Title of a tasting left untitled. Players see the title from the lobby on, so it never comes from a wine's name
 * (that would tell them the first wine before its first question).
 */
export const DEFAULT_TITLE = 'Blind tasting';

/**
 * What is wrong, as a code the UI turns into a sentence in the person's language (the engine speaks no language).
 * Parameters, when the sentence needs them, are in `TastingIssue.params`:
 * - `tasting_shape`: the file is not an object with "wines"; `not_text`: the field is there but is not text;
 *   `required`: the field is missing or blank; `too_long`: longer than `max` characters;
 * - `timer_range`: the timer is not a whole number from `min` to `max` seconds;
 * - `no_wines`; `too_many_wines`: more than `max`; `wine_shape`: a wine is not an object with "name" and "questions";
 * - `question_count`: a wine lacks exactly `count` questions; `question_shape`: a question is not an object;
 *   `category_order`: this place must hold category `expected`; `distractor_count`: not exactly `count` distractors;
 * - `answers_too_long`: an answer is longer than `max`; `duplicate_answer`: two answers are the same (`text`).
 */
export const TASTING_ISSUE_CODES = [
  'tasting_shape',
  'not_text',
  'required',
  'too_long',
  'timer_range',
  'no_wines',
  'too_many_wines',
  'wine_shape',
  'question_count',
  'question_shape',
  'category_order',
  'distractor_count',
  'answers_too_long',
  'duplicate_answer',
] as const;
export type TastingIssueCode = (typeof TASTING_ISSUE_CODES)[number];

/**
 * One problem found in a tasting. `path` locates it in the file (`wines[0].questions[2]`); `field` says which
 * input of the form it concerns (`distractor` with its 0-based index in `distractor`).
 */
export interface TastingIssue {
  path: string;
  code: TastingIssueCode;
  params?: { min?: number; max?: number; count?: number; expected?: Category; text?: string };
  /** 0-based wine and category, when the issue is inside a wine (for form messages). */
  wineIndex?: number;
  category?: Category;
  field?: 'title' | 'timer' | 'name' | 'correct' | 'distractor';
  distractor?: number;
}

/**
 * Thrown by `parseTasting` with every issue. `message` names the first one by path and code, for logs; people see
 * the UI's sentence for `issues[0]`.
 */
export class TastingError extends Error {
  constructor(readonly issues: TastingIssue[]) {
    super(issues[0] ? `${issues[0].path}: ${issues[0].code}` : 'invalid tasting');
    this.name = 'TastingError';
  }
}

/** Pre-filled answers of a new wine (docs/game-rules.md#a-tasting): correct first, then the 3 distractors. */
export const DEFAULT_ANSWERS: Record<Category, [string, string, string, string]> = {
  color: ['Rouge', 'Blanc', 'Rosé', 'Orange'],
  region: ['Bordeaux', 'Loire', 'Bourgogne', 'Languedoc'],
  grape_variety: ['Merlot', 'Pinot Noir', 'Syrah', 'Cabernet Sauvignon'],
  vintage_year: ['2019', '2015', '2016', '2018'],
  wine_name: ['Château Pétrus', 'Château Margaux', 'Château Lafite Rothschild', 'Château Latour'],
};

/** A new wine with the default answers, named `name` (the UI's "Wine <n>" in its language; `n` is 1-based). */
export function defaultWine(n: number, name = `Wine ${n}`): WineInput {
  return {
    name,
    questions: CATEGORIES.map((category) => {
      const [correct, ...distractors] = DEFAULT_ANSWERS[category];
      return { category, correct, distractors };
    }),
  };
}

/** A new tasting form: no title, default timer, one default wine named `firstWineName`. */
export function defaultTastingInput(firstWineName?: string): TastingInput {
  return { title: '', timerSeconds: TIMER_DEFAULT_S, wines: [defaultWine(1, firstWineName)] };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Why a required text field is unusable: missing or blank (`required`), or something else than text. */
const textProblem = (v: unknown): TastingIssueCode =>
  v === undefined || v === null || typeof v === 'string' ? 'required' : 'not_text';

/**
 * Checks an untrusted tasting (parsed JSON or form values) against every rule.
 * Returns the issues in document order (an empty list means valid); past MAX_WINES wines it stops at that issue.
 */
export function checkTasting(input: unknown): TastingIssue[] {
  const issues: TastingIssue[] = [];
  if (!isRecord(input)) return [{ path: 'tasting', code: 'tasting_shape' }];
  if (input.title !== undefined && typeof input.title !== 'string') issues.push({ path: 'title', code: 'not_text', field: 'title' });
  else if (typeof input.title === 'string' && input.title.trim().length > MAX_TEXT_LENGTH)
    issues.push({ path: 'title', code: 'too_long', params: { max: MAX_TEXT_LENGTH }, field: 'title' });
  if (input.timerSeconds !== undefined) {
    const t = input.timerSeconds;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < TIMER_MIN_S || t > TIMER_MAX_S)
      issues.push({ path: 'timerSeconds', code: 'timer_range', params: { min: TIMER_MIN_S, max: TIMER_MAX_S }, field: 'timer' });
  }
  const wines = input.wines;
  if (!Array.isArray(wines) || wines.length === 0) {
    issues.push({ path: 'wines', code: 'no_wines' });
    return issues;
  }
  if (wines.length > MAX_WINES) {
    // Stop at this limit: checking 200,000 wines one by one froze the form for seconds.
    issues.push({ path: 'wines', code: 'too_many_wines', params: { max: MAX_WINES } });
    return issues;
  }
  wines.forEach((wine: unknown, wi) => {
    const wp = `wines[${wi}]`;
    if (!isRecord(wine)) {
      issues.push({ path: wp, code: 'wine_shape', wineIndex: wi });
      return;
    }
    if (typeof wine.name !== 'string' || cleanText(wine.name) === '')
      issues.push({ path: `${wp}.name`, code: textProblem(wine.name), wineIndex: wi, field: 'name' });
    else if (wine.name.trim().length > MAX_TEXT_LENGTH)
      issues.push({ path: `${wp}.name`, code: 'too_long', params: { max: MAX_TEXT_LENGTH }, wineIndex: wi, field: 'name' });
    const qs = wine.questions;
    if (!Array.isArray(qs) || qs.length !== CATEGORIES.length) {
      issues.push({ path: `${wp}.questions`, code: 'question_count', params: { count: CATEGORIES.length }, wineIndex: wi });
      return;
    }
    qs.forEach((q: unknown, qi) => issues.push(...checkQuestion(q, wi, qi)));
  });
  return issues;
}

function checkQuestion(q: unknown, wi: number, qi: number): TastingIssue[] {
  const qp = `wines[${wi}].questions[${qi}]`;
  const category = CATEGORIES[qi]!;
  const at = { wineIndex: wi, category };
  if (!isRecord(q)) return [{ path: qp, code: 'question_shape', ...at }];
  if (q.category !== category) return [{ path: `${qp}.category`, code: 'category_order', params: { expected: category }, ...at }];
  const issues: TastingIssue[] = [];
  if (typeof q.correct !== 'string' || cleanText(q.correct) === '')
    issues.push({ path: `${qp}.correct`, code: textProblem(q.correct), ...at, field: 'correct' });
  const ds = q.distractors;
  if (!Array.isArray(ds) || ds.length !== DISTRACTOR_COUNT) {
    // Path is the question's, as in the acceptance contract's example (`wines[0].questions[2]: needs 3 distractors`).
    issues.push({ path: qp, code: 'distractor_count', params: { count: DISTRACTOR_COUNT }, ...at, field: 'distractor', distractor: 0 });
    return issues;
  }
  ds.forEach((d: unknown, di) => {
    if (typeof d !== 'string' || cleanText(d) === '')
      issues.push({ path: `${qp}.distractors[${di}]`, code: textProblem(d), ...at, field: 'distractor', distractor: di });
  });
  const texts = [q.correct, ...ds].filter((t): t is string => typeof t === 'string' && cleanText(t) !== '');
  if (texts.some((t) => cleanText(t).length > MAX_TEXT_LENGTH))
    issues.push({ path: qp, code: 'answers_too_long', params: { max: MAX_TEXT_LENGTH }, ...at });
  const seen = new Set<string>();
  for (const t of texts) {
    if (seen.has(answerKey(t))) {
      issues.push({ path: qp, code: 'duplicate_answer', params: { text: cleanText(t) }, ...at });
      break;
    }
    seen.add(answerKey(t));
  }
  return issues;
}

/**
 * Validates and normalizes (trims text, DEFAULT_TITLE for a blank title, default timer).
 * @throws TastingError naming every issue.
 */
export function parseTasting(input: unknown): Required<TastingInput> {
  const issues = checkTasting(input);
  if (issues.length) throw new TastingError(issues);
  const t = input as TastingInput;
  const wines = t.wines.map((w) => ({
    name: cleanText(w.name),
    questions: w.questions.map((q): QuestionInput => ({
      category: q.category,
      correct: cleanText(q.correct),
      distractors: q.distractors.map(cleanText),
    })),
  }));
  const title = (t.title && cleanText(t.title)) || DEFAULT_TITLE;
  return { title, timerSeconds: t.timerSeconds ?? TIMER_DEFAULT_S, wines };
}

/**
 * Builds a playable tasting: validates, then shuffles each question's 4 options once with `random`
 * (a function returning [0, 1); the host passes a CSPRNG) and gives ids unique by construction.
 * @throws TastingError when the input breaks a rule.
 */
export function buildTasting(input: unknown, random: () => number): Tasting {
  const t = parseTasting(input);
  return {
    title: t.title,
    timerSeconds: t.timerSeconds,
    wines: t.wines.map((w, wi) => ({
      name: w.name,
      questions: w.questions.map((q): Question => {
        const texts = shuffle([q.correct, ...q.distractors], random);
        const options: Option[] = texts.map((text, i) => ({ id: 'abcd'[i]!, text }));
        const correct = options.find((o) => o.text === q.correct)!;
        return { id: `w${wi}-${q.category}`, category: q.category, options, correctOptionId: correct.id };
      }),
    })),
  };
}

/** Fisher–Yates shuffle of a copy. */
function shuffle<T>(items: T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The tasting back in file form (for export and for the edit form): correct answer + distractors in shown order. */
export function toTastingInput(t: Tasting): Required<TastingInput> {
  return {
    title: t.title,
    timerSeconds: t.timerSeconds,
    wines: t.wines.map((w) => ({
      name: w.name,
      questions: w.questions.map((q) => ({
        category: q.category,
        correct: q.options.find((o) => o.id === q.correctOptionId)!.text,
        distractors: q.options.filter((o) => o.id !== q.correctOptionId).map((o) => o.text),
      })),
    })),
  };
}
