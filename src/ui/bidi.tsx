/**
 * Bidirectional isolation of text that comes from a person or a file (titles, wine names, answers, pseudonyms, file
 * names; docs/robustness.md, "Bidirectional text"). Such text may be Hebrew or Arabic, or carry an unclosed
 * right-to-left override (U+202E) pasted from somewhere; isolated, it takes its own direction and can never reorder
 * the sentence around it. It is shown exactly as typed: normalising is for comparing answers, never for display.
 *
 * - Alone in an element: give the element `dir="auto"` (an isolate in every browser's default styles).
 * - Inside a sentence: build the sentence with `isolate(text)` and render it with `<Isolated text={…} />`, which
 *   turns each isolated part into a `<bdi>`. The same string works where there are no elements (an `aria-label`, a
 *   CSV cell): U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE isolate just like `<bdi>`.
 */
import type { ComponentChild } from 'preact';

/** U+2068 FIRST STRONG ISOLATE: starts an isolate whose direction is its first strong character's. */
export const FSI = '\u2068';
/** U+2069 POP DIRECTIONAL ISOLATE: ends the innermost isolate. */
export const PDI = '\u2069';
/** `text` between FSI and PDI, for a sentence or an attribute. */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

/**
 * A sentence built with `isolate()`, rendered as its text and one `<bdi>` per isolated part (the marks themselves
 * are dropped). Isolates inside a part (LRI, RLI, FSI of the person's own text) stay in it; a part never closed runs
 * to the end.
 */
export function Isolated({ text }: { text: string }) {
  const parts: ComponentChild[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // U+2066 LRI, U+2067 RLI, U+2068 FSI open an isolate; U+2069 PDI closes one.
    if (c >= 0x2066 && c <= 0x2068) {
      if (depth++ > 0) continue;
      if (i > from) parts.push(text.slice(from, i));
      from = i + 1;
    } else if (c === 0x2069 && depth > 0 && --depth === 0) {
      parts.push(<bdi>{text.slice(from, i)}</bdi>);
      from = i + 1;
    }
  }
  if (depth > 0) parts.push(<bdi>{text.slice(from)}</bdi>);
  else if (from < text.length) parts.push(text.slice(from));
  return <>{parts}</>;
}
