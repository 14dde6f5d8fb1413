/**
 * Answer suggestions for the tasting form (docs/game-rules.md#answer-suggestions), as pure functions: matching and
 * ranking (on the engine's `foldText`; "the same answer" is the engine's `answerKey`),
 * the merged catalogue (learned + curated + defaults), which answers are new, and where to place the list.
 */
import { answerKey, CATEGORIES, DEFAULT_ANSWERS, foldText, type Category, type Folded, type TastingInput } from '../engine';

/** Most suggestions shown at once. */
export const MAX_SUGGESTIONS = 10;

/** One catalogue value, folded once for matching, with its `answerKey`. */
export interface CatalogueEntry {
  value: string;
  folded: Folded;
  key: string;
}

/** Folds a list of values into entries, dropping blanks and values the same (`answerKey`) as an earlier one. */
export function toEntries(values: Iterable<string>): CatalogueEntry[] {
  const seen = new Set<string>();
  const out: CatalogueEntry[] = [];
  for (const raw of values) {
    const value = raw.trim();
    const key = answerKey(value);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push({ value, folded: foldText(value), key });
  }
  return out;
}

/** Per-category catalogue as the form uses it. */
export type Catalogue = Record<Category, CatalogueEntry[]>;

/**
 * Merges the host's learned values (newest first, shown first), the curated lists and the form's default answers
 * into one deduplicated catalogue per category.
 */
export function buildCatalogue(
  curated: Readonly<Record<Category, readonly string[]>>,
  learned: Partial<Record<Category, readonly string[]>> = {},
): Catalogue {
  const out = {} as Catalogue;
  for (const cat of CATEGORIES) out[cat] = toEntries([...(learned[cat] ?? []), ...curated[cat], ...DEFAULT_ANSWERS[cat]]);
  return out;
}

/** One suggestion: the value and the part of it that matched the query (indices into `value`, end exclusive). */
export interface Suggestion {
  value: string;
  match: [number, number] | null;
}

/** What `suggest` found: up to `limit` suggestions, and whether the query is already a catalogue value. */
export interface SuggestResult {
  items: Suggestion[];
  known: boolean;
}

/** Maps a match in folded text back to the original string, widening over trailing combining marks. */
function originalRange(value: string, folded: Folded, start: number, length: number): [number, number] {
  const from = folded.map[start]!;
  const last = folded.map[start + length - 1]!;
  let to = last + (value.codePointAt(last)! > 0xffff ? 2 : 1);
  while (to < value.length && /\p{M}/u.test(value[to]!)) to++;
  return [from, to];
}

/**
 * Suggestions for `query` from `entries`: case- and accent-insensitive substring match, ranked prefix matches
 * first, then matches at a word start, then the rest, each group in catalogue order. Values whose key is in
 * `exclude` (the question's other answers) are left out. A blank query lists the catalogue from the top.
 */
export function suggest(
  query: string,
  entries: readonly CatalogueEntry[],
  { limit = MAX_SUGGESTIONS, exclude = [] }: { limit?: number; exclude?: readonly string[] } = {},
): SuggestResult {
  const q = foldText(query).text;
  const queryKey = answerKey(query);
  const skip = new Set(exclude.map(answerKey));
  const tiers: Suggestion[][] = [[], [], []];
  let known = false;
  for (const e of entries) {
    if (queryKey !== '' && e.key === queryKey) known = true;
    if (skip.has(e.key)) continue;
    if (q === '') {
      tiers[0]!.push({ value: e.value, match: null });
      continue;
    }
    const at = e.folded.text.indexOf(q);
    if (at < 0) continue;
    const tier = at === 0 ? 0 : e.folded.text[at - 1] === ' ' || e.folded.text[at - 1] === '(' ? 1 : 2;
    tiers[tier]!.push({ value: e.value, match: originalRange(e.value, e.folded, at, q.length) });
  }
  return { items: tiers.flat().slice(0, limit), known };
}

/**
 * Answers in `tasting` that `catalogue` lacks, per category, trimmed and deduplicated (first spelling wins):
 * what the device should remember once the tasting is saved.
 */
export function newAnswers(tasting: TastingInput, catalogue: Catalogue): Partial<Record<Category, string[]>> {
  const known = new Map<Category, Set<string>>(CATEGORIES.map((c) => [c, new Set(catalogue[c].map((e) => e.key))]));
  const out: Partial<Record<Category, string[]>> = {};
  for (const wine of tasting.wines) {
    for (const q of wine.questions) {
      const seen = known.get(q.category);
      if (!seen) continue;
      for (const raw of [q.correct, ...q.distractors]) {
        const value = raw.trim();
        const key = answerKey(value);
        if (key === '' || seen.has(key)) continue;
        seen.add(key);
        (out[q.category] ??= []).push(value);
      }
    }
  }
  return out;
}

/** Input to `placeList`, in viewport pixels. `hard*` must never be crossed; `soft*` (the visible screen) may be. */
export interface PlaceInput {
  anchorTop: number;
  anchorBottom: number;
  hardTop: number;
  hardBottom: number;
  softTop: number;
  softBottom: number;
  /** The list's full height (capped by its CSS maximum). */
  wanted: number;
  /** Space between field and list. */
  gap: number;
  /** Height the list keeps if it can (about one and a half rows), even past the soft limits. */
  minHeight: number;
}

/** Where a suggestion list goes and how tall it may be. */
export interface Placement {
  side: 'below' | 'above';
  maxHeight: number;
}

/**
 * Places a suggestion list below its field if it fits on screen, else on the side with more room, never past
 * the hard limits (the wine's questions, so the list never covers "+ Add wine", "Remove" or the form's buttons).
 */
export function placeList(p: PlaceInput): Placement {
  const hardBelow = Math.max(0, p.hardBottom - p.anchorBottom - p.gap);
  const hardAbove = Math.max(0, p.anchorTop - p.hardTop - p.gap);
  const below = Math.min(hardBelow, Math.max(0, p.softBottom - p.anchorBottom - p.gap));
  const above = Math.min(hardAbove, Math.max(0, p.anchorTop - p.softTop - p.gap));
  const fit = (room: number, hard: number) => Math.floor(Math.min(p.wanted, Math.max(room, Math.min(p.minHeight, hard))));
  // A side is roomy when the list can keep its minimum height there without crossing a hard limit.
  const needed = Math.min(p.minHeight, p.wanted);
  const roomyBelow = hardBelow >= needed;
  const roomyAbove = hardAbove >= needed;
  let side: Placement['side'];
  if (p.wanted <= below) side = 'below';
  else if (roomyBelow && roomyAbove) side = below >= above ? 'below' : 'above';
  else if (roomyBelow !== roomyAbove) side = roomyBelow ? 'below' : 'above';
  else side = hardBelow >= hardAbove ? 'below' : 'above';
  return side === 'below' ? { side, maxHeight: fit(below, hardBelow) } : { side, maxHeight: fit(above, hardAbove) };
}
