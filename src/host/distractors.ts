/**
 * "Suggest distractors" in the tasting form: three plausible wrong answers for a question, picked from the answer
 * catalogue (src/host/catalogue-data.ts), never the correct answer, all different, in the shape of the correct one.
 * Plausible means close to the truth: other regions of the same country first, grapes of the same colour, years near
 * the vintage, famous wines of the same place. Pure: randomness comes in as `random`.
 */
import type { Category } from '../engine';
import { CURATED, RED_GRAPES, WHITE_GRAPES, WINE_NAME_GROUPS } from './catalogue-data';
import { answerKey } from '../engine';

/** How many distractors a question has. */
export const DISTRACTOR_SUGGESTIONS = 3;

/** Years on either side of a vintage offered first, then as a second choice. */
const NEAR_YEARS = 3;
const FAR_YEARS = 6;

export interface DistractorRequest {
  category: Category;
  /** The question's correct answer as typed (may be blank or unknown to the catalogue). */
  correct: string;
  /** The same wine's other correct answers, which make grape and name suggestions plausible. */
  wine?: { color?: string; region?: string };
  /** Values of this category this device learned (the host's own), offered after the curated ones. */
  learned?: readonly string[];
  /** The current year: vintages are never in the future. */
  thisYear: number;
  /** A source of numbers in [0, 1), e.g. Math.random. */
  random: () => number;
}

/**
 * Up to three distractors for `r.correct`, best first, all different from each other and from the correct answer
 * (compared the way the form compares answers: case, accents and punctuation aside). Fewer only when the catalogue
 * holds fewer candidates.
 */
export function suggestDistractors(r: DistractorRequest): string[] {
  const taken = new Set([answerKey(r.correct)]);
  const picked: string[] = [];
  for (const tier of tiers(r)) {
    for (const value of shuffle(tier, r.random)) {
      const key = answerKey(value);
      if (key === '' || taken.has(key)) continue;
      taken.add(key);
      picked.push(value);
      if (picked.length === DISTRACTOR_SUGGESTIONS) return picked;
    }
  }
  return picked;
}

/** Candidates in order of preference: each tier is tried (in random order) before the next. */
function tiers(r: DistractorRequest): string[][] {
  const learned = [...(r.learned ?? [])];
  switch (r.category) {
    case 'color':
      return [[...CURATED.color], learned];
    case 'region':
      return [...regionTiers(r.correct), learned];
    case 'grape_variety':
      return [...grapeTiers(r.correct, r.wine?.color), learned];
    case 'vintage_year':
      return [...vintageTiers(r.correct, r.thisYear), learned];
    case 'wine_name':
      return [...wineNameTiers(r.correct, r.wine?.region), learned];
  }
}

/** A catalogue region: "Region — Sub-region (Country)". */
interface Place {
  region: string;
  sub: string;
  country: string;
  value: string;
}

const PLACE = /^(.+?)\s+[—–-]\s+(.+?)\s+\((.+)\)$/u;
const REGION_COUNTRY = /^(.+?)\s+\((.+)\)$/u;
const PLACES: Place[] = CURATED.region.flatMap((value) => {
  const m = PLACE.exec(value);
  return m ? [{ region: m[1]!, sub: m[2]!, country: m[3]!, value }] : [];
});
const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && answerKey(a) === answerKey(b);
/** Region names of the catalogue, each with its country, once. */
const REGIONS = [...new Map(PLACES.map((p) => [answerKey(p.region), p])).values()];

/**
 * Regions in the correct answer's shape: full catalogue values ("Loire — Chinon (France)") for a full value, region
 * names ("Loire") for a bare name, "Region (Country)" for that shape. Same country first, then (full values only)
 * the same region's other sub-regions, then the rest of the world.
 */
function regionTiers(correct: string): string[][] {
  const text = correct.trim();
  const full = PLACE.exec(text);
  if (full) {
    const [, region, , country] = full;
    return [
      // One value per other region of the country, so the three are not all from one place.
      pickOnePerRegion(PLACES.filter((p) => same(p.country, country) && !same(p.region, region))),
      PLACES.filter((p) => same(p.region, region)).map((p) => p.value),
      PLACES.filter((p) => !same(p.country, country)).map((p) => p.value),
    ];
  }
  const withCountry = REGION_COUNTRY.exec(text);
  const name = withCountry ? withCountry[1]! : text;
  const known = REGIONS.find((p) => same(p.region, name));
  const country = known?.country ?? withCountry?.[2];
  const show = (p: Place) => (withCountry ? `${p.region} (${p.country})` : p.region);
  return [
    REGIONS.filter((p) => same(p.country, country) && !same(p.region, name)).map(show),
    REGIONS.filter((p) => !same(p.country, country)).map(show),
  ];
}

function pickOnePerRegion(places: Place[]): string[] {
  const byRegion = new Map<string, Place>();
  for (const p of places) if (!byRegion.has(answerKey(p.region))) byRegion.set(answerKey(p.region), p);
  return [...byRegion.values()].map((p) => p.value);
}

/** Grapes of the correct one's colour (or the wine's: a rosé is made from red grapes, an orange wine from white). */
function grapeTiers(correct: string, color: string | undefined): string[][] {
  const isIn = (list: readonly string[]) => list.some((g) => same(g, correct));
  const wineColor = answerKey(color ?? '');
  const red = isIn(RED_GRAPES) || (!isIn(WHITE_GRAPES) && ['rouge', 'red', 'rose'].includes(wineColor));
  const white = isIn(WHITE_GRAPES) || (!red && ['blanc', 'white', 'orange'].includes(wineColor));
  if (red) return [[...RED_GRAPES], [...WHITE_GRAPES]];
  if (white) return [[...WHITE_GRAPES], [...RED_GRAPES]];
  return [[...RED_GRAPES, ...WHITE_GRAPES]];
}

/** Years around a vintage (never after this year): within NEAR_YEARS first, then within FAR_YEARS. */
function vintageTiers(correct: string, thisYear: number): string[][] {
  const year = /^\s*(\d{4})\s*$/.exec(correct)?.[1];
  if (!year) return [[...CURATED.vintage_year]];
  const y = Number(year);
  const around = (from: number, to: number) => {
    const years: string[] = [];
    for (let d = from; d <= to; d++) for (const year of [y - d, y + d]) if (year <= thisYear) years.push(String(year));
    return years;
  };
  return [around(1, NEAR_YEARS), around(NEAR_YEARS + 1, FAR_YEARS), [...CURATED.vintage_year]];
}

/** Famous wines of the correct one's group, or of the wine's region, then all the others. */
function wineNameTiers(correct: string, region: string | undefined): string[][] {
  const regionName = region ? (PLACE.exec(region.trim())?.[1] ?? REGION_COUNTRY.exec(region.trim())?.[1] ?? region) : undefined;
  const group =
    WINE_NAME_GROUPS.find((g) => g.names.some((n) => same(n, correct))) ??
    WINE_NAME_GROUPS.find((g) => g.regions.some((name) => same(name, regionName)));
  const rest = WINE_NAME_GROUPS.filter((g) => g !== group).flatMap((g) => g.names);
  return group ? [[...group.names], rest] : [rest];
}

/** Fisher–Yates shuffle of a copy with `random`. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
