/**
 * When two answers are "the same": the one rule used by tasting validation (the 4 options must all differ), the
 * learned-answers store (no duplicates) and the answer suggestions (de-duplication, the question's other answers).
 * docs/game-rules.md asks for options distinct after trimming and case-insensitively; this rule also ignores accents,
 * punctuation, width and invisible characters, because options that differ only in those ("Rose" / "Rosé") look the
 * same to a player.
 */

/** Text as stored: invisible zero-width characters removed, then trimmed. */
export function cleanText(s: string): string {
  return s.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim();
}

/** Text folded for comparison, with `map[i]` = index in the original string of folded character i. */
export interface Folded {
  text: string;
  map: number[];
}

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };
/** Dropped entirely, so "d'Yquem", "d’Yquem" and "dYquem" fold alike. */
const DROPPED = /^['’‘`´]$/u;
/** Treated as a word break, so "Saint-Émilion" and "saint emilion" fold alike. */
const SEPARATOR = /^[\s\-‐‑‒–—―_.,;:/·]$/u;

/**
 * Folds text for matching: lower case (independent of the device's locale), accents removed ("Rosé" → "rose"),
 * œ/æ/ß spelled out, apostrophes dropped, hyphens, dashes and punctuation turned into single spaces, trimmed.
 * Keeps a map back to the original indices (to highlight a match inside the original text).
 */
export function foldText(s: string): Folded {
  let text = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of s) {
    let f = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    f = LIGATURES[f] ?? f;
    if (DROPPED.test(f)) f = '';
    else if (SEPARATOR.test(f)) f = text === '' || text.endsWith(' ') ? '' : ' ';
    for (const c of f) {
      text += c;
      map.push(i);
    }
    i += ch.length;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
  return { text, map };
}

/**
 * The comparison key of an answer: two answers with the same key are the same answer. Cleaned, compatibility-
 * normalized (NFKC: full-width "Ｍｅｒｌｏｔ" is "Merlot"), then folded: "Saint-Émilion" and "saint emilion" are one.
 */
export function answerKey(s: string): string {
  return foldText(cleanText(s).normalize('NFKC')).text;
}
