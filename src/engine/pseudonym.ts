/**
 * Pseudonyms: `ADJECTIVE-NOUN` in upper case from a wine vocabulary of 25 × 25 words (docs/game-rules.md#players-and-seats),
 * unique within a session, generated and never typed.
 */

export const ADJECTIVES = [
  'TANNIC', 'OAKY', 'FRUITY', 'CRISP', 'BOLD', 'SILKY', 'VELVETY', 'EARTHY', 'SPICY', 'JAMMY',
  'DRY', 'SWEET', 'ROBUST', 'ELEGANT', 'FLORAL', 'MINERAL', 'SMOKY', 'BUTTERY', 'ZESTY', 'SUPPLE',
  'RIPE', 'LUSH', 'BRIGHT', 'AGED', 'SPARKLING',
] as const;

export const NOUNS = [
  'FALCON', 'CORK', 'CELLAR', 'BARREL', 'VINE', 'GRAPE', 'DECANTER', 'CARAFE', 'VINTNER', 'CHATEAU',
  'CASK', 'GOBLET', 'TERROIR', 'MAGNUM', 'FOX', 'OWL', 'BADGER', 'HARE', 'LYNX', 'HERON',
  'ORCHARD', 'HARVEST', 'TRUFFLE', 'BOUQUET', 'SOMMELIER',
] as const;

/** How many distinct pseudonyms exist (625). */
export const PSEUDONYM_COUNT = ADJECTIVES.length * NOUNS.length;

/** The pseudonym at index `i` of the 625 (adjective-major order). */
export function pseudonymAt(i: number): string {
  return `${ADJECTIVES[Math.floor(i / NOUNS.length)]}-${NOUNS[i % NOUNS.length]}`;
}

/**
 * Picks a pseudonym not in `taken`, uniformly among the free ones, using `pick` in [0, 1).
 * @returns the pseudonym, or null when all 625 are taken.
 */
export function pickPseudonym(taken: ReadonlySet<string>, pick: number): string | null {
  const free: string[] = [];
  for (let i = 0; i < PSEUDONYM_COUNT; i++) {
    const p = pseudonymAt(i);
    if (!taken.has(p)) free.push(p);
  }
  if (free.length === 0) return null;
  const index = Math.min(free.length - 1, Math.max(0, Math.floor(pick * free.length)));
  return free[index]!;
}
