/**
 * The two languages of the app, English and French (docs/i18n.md). The device chooses: a language picked with the
 * switch (remembered in localStorage), else the browser's preferred languages, else English. `<html lang>` follows.
 *
 * Sentences live in typed dictionaries, four packs per language, each loaded only when needed so a phone downloads
 * its own language only:
 * - `common` (`common.en.ts`, `common.fr.ts`): everything on the phone's path — join, game, errors, the question
 *   categories and leaderboards that host screens show too;
 * - `home` (`home.en.ts`, `home.fr.ts`): the home screen and a phone's kept results;
 * - `rare` (`rare.en.ts`, `rare.fr.ts`): the phone's exceptional screens, loaded when one shows;
 * - `host` (`host.en.ts`, `host.fr.ts`): the host's screens.
 * The English file of a pack defines its shape; the French one is typed with it, so a missing or extra key fails
 * the typecheck. Numbers, dates and plurals go through `Intl` (helpers below).
 */
import { batch, signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Common } from './common.en';
import type { HomeWords } from './home.en';
import type { Host } from './host.en';
import type { Rare } from './rare.en';

export const LANGS = ['en', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

/** localStorage key of the language picked on this device. */
export const LANG_STORAGE_KEY = 'sommelier-lang';

/** Each language's own name, as the switch shows it. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' };
/** What switching to each language does, said in that language (the switch's accessible name). */
export const LANG_SWITCH_LABELS: Record<Lang, string> = { en: 'Show in English', fr: 'Afficher en français' };

export const isLang = (v: unknown): v is Lang => (LANGS as readonly unknown[]).includes(v);

/**
 * The language to show: the one saved on this device if any, else the first of the browser's languages we speak
 * (`fr-CA` counts as `fr`), else English.
 */
export function pickLanguage(saved: string | null, browser: readonly string[]): Lang {
  if (isLang(saved)) return saved;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

interface Packs {
  common: Common;
  home: HomeWords;
  host: Host;
  rare: Rare;
}
type PackName = keyof Packs;

/** Dynamic imports, one chunk per pack and language. */
const LOADERS: { [P in PackName]: Record<Lang, () => Promise<{ default: Packs[P] }>> } = {
  common: { en: () => import('./common.en'), fr: () => import('./common.fr') },
  home: { en: () => import('./home.en'), fr: () => import('./home.fr') },
  host: { en: () => import('./host.en'), fr: () => import('./host.fr') },
  rare: { en: () => import('./rare.en'), fr: () => import('./rare.fr') },
};

/** The language shown now. Change it with `setLanguage`. */
export const lang = signal<Lang>('en');
const loaded = {
  common: signal<Common | null>(null),
  home: signal<HomeWords | null>(null),
  host: signal<Host | null>(null),
  rare: signal<Rare | null>(null),
};
/** Packs this page uses: a language change reloads exactly these. */
const wanted = new Set<PackName>();

/**
 * The phone-path sentences in the current language. Loaded before the first render (main.tsx); reading it in a
 * component re-renders that component when the language changes.
 */
export function t(): Common {
  const pack = loaded.common.value;
  if (!pack) throw new Error('messages not loaded: call loadPack("common") first');
  return pack;
}

/**
 * The home screen's sentences in the current language, or null until they are loaded (main.tsx loads them with the
 * first render on `/`; a screen that needs them elsewhere asks with `loadPack('home')` and renders once they come).
 */
export function tHome(): HomeWords | null {
  return loaded.home.value;
}

/** The exceptional screens' sentences (a browser that cannot play, a seat playing elsewhere), or null until loaded. */
export function tRare(): Rare | null {
  return loaded.rare.value;
}

/**
 * For a component that shows an exceptional screen: its sentences, loading them the first time (the component shows
 * a spinner meanwhile, a few ms from the cache).
 */
export function useRare(): Rare | null {
  const pack = loaded.rare.value;
  useEffect(() => void (pack ? undefined : loadPack('rare')), [pack]);
  return pack;
}

/** The host screens' sentences in the current language (host routes load them before they render). */
export function th(): Host {
  const pack = loaded.host.value;
  if (!pack) throw new Error('messages not loaded: call loadPack("host") first');
  return pack;
}

/** Loads pack `name` in the current language (once) and keeps it in step with later language changes. */
export async function loadPack(name: PackName): Promise<void> {
  wanted.add(name);
  const l = lang.value;
  const { default: pack } = await LOADERS[name][l]();
  // A language change may have happened meanwhile: it loaded this pack in the newer language itself.
  if (lang.value === l) (loaded[name] as { value: Packs[typeof name] | null }).value = pack;
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage blocked: the browser's language decides every time
  }
}

/**
 * Starts up: picks the language (saved choice or browser's), sets `<html lang>`, and follows a change made in
 * another tab of this device (the projector view follows the host's tab). Call once before loading packs.
 */
export function initLanguage(): void {
  const l = pickLanguage(readSaved(), typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
  lang.value = l;
  if (typeof document !== 'undefined') document.documentElement.lang = l;
  if (typeof window !== 'undefined')
    window.addEventListener('storage', (e) => {
      if (e.key === LANG_STORAGE_KEY && isLang(e.newValue) && e.newValue !== lang.value) void setLanguage(e.newValue, false);
    });
}

/**
 * Shows `l` everywhere at once: loads the packs this page uses in `l`, then swaps them in one render, sets
 * `<html lang>`, and (with `remember`) saves the choice on this device.
 */
export async function setLanguage(l: Lang, remember = true): Promise<void> {
  const names = [...wanted];
  const packs = await Promise.all(names.map((n) => LOADERS[n][l]().then((m) => m.default)));
  batch(() => {
    names.forEach((n, i) => ((loaded[n] as { value: unknown }).value = packs[i]));
    lang.value = l;
  });
  if (typeof document !== 'undefined') document.documentElement.lang = l;
  if (!remember) return;
  try {
    localStorage.setItem(LANG_STORAGE_KEY, l);
  } catch {
    // storage blocked: the choice holds until the page closes
  }
}

// ---- Intl helpers (the dictionaries use them; so may screens) ----

/**
 * One Intl formatter per language, made on first use: building one costs far more than using it, and the host's
 * leaderboard formats a number per player on every render (100 players: 0.2 s of a game's main thread, measured).
 */
function cached<T>(cache: Map<string, T>, make: (lang: string) => T): T {
  const key = lang.value;
  let value = cache.get(key);
  if (!value) cache.set(key, (value = make(key)));
  return value;
}
const pluralRules = new Map<string, Intl.PluralRules>();
const intFormats = new Map<string, Intl.NumberFormat>();

/** Picks the plural form of `n` in the current language (`one`, `other`; French counts 0 and 1 as `one`). */
export function plural(n: number, forms: { one: string; other: string }): string {
  return cached(pluralRules, (l) => new Intl.PluralRules(l)).select(n) === 'one' ? forms.one : forms.other;
}

/**
 * A whole number as this language writes it, without grouping (scores stay "1000", as the test ids and CSV carry
 * them; a score never reaches the thousands where grouping would help reading).
 */
export function formatInt(n: number): string {
  return cached(intFormats, (l) => new Intl.NumberFormat(l, { useGrouping: false, maximumFractionDigits: 0 })).format(n);
}
