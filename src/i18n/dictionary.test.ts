/**
 * The dictionaries are complete and consistent: French has every English key (the typecheck says so too), no entry
 * is blank, every sentence with parameters shows them in both languages, and French is actually French.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../engine/types';
import { TASTING_ISSUE_CODES, type TastingIssue } from '../engine/tasting';
import commonEn, { type Common } from './common.en';
import commonFr from './common.fr';
import homeEn from './home.en';
import homeFr from './home.fr';
import hostEn from './host.en';
import hostFr from './host.fr';
import rareEn from './rare.en';
import rareFr from './rare.fr';
import { formatInt, lang, pickLanguage, plural, setLanguage, t, th } from './index';

type Tree = { [key: string]: unknown };

/** Every leaf of a dictionary as [dotted path, value]. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? leaves(v as Tree, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

/**
 * Arguments to call a sentence function with: distinctive two-digit strings, which every sentence can take whether it
 * expects a number or a text, so the test can see each one in the result. The tasting issue has its own test.
 */
const ARGS = ['47', '83', '29', '61'];
const argsFor = (fn: (...a: never[]) => unknown) => ARGS.slice(0, fn.length);

/** Entries that are the same word in both languages (names, units, loanwords). Anything else must be translated. */
const SAME_IN_BOTH = new Set([
  'appName',
  'timer.unit',
  'play.score',
  'play.points',
  'version',
  'session.code',
  'session.codeAria',
  'screen.codeAria',
  'results.total',
  'session.pause',
]);

const PACKS: [string, Tree, Tree][] = [
  ['common', commonEn as unknown as Tree, commonFr as unknown as Tree],
  ['home', homeEn as unknown as Tree, homeFr as unknown as Tree],
  ['rare', rareEn as unknown as Tree, rareFr as unknown as Tree],
  ['host', hostEn as unknown as Tree, hostFr as unknown as Tree],
];

afterEach(async () => {
  await setLanguage('en', false);
});

describe.each(PACKS)('the %s dictionary', (_name, en, fr) => {
  it('has exactly the same keys in French as in English', () => {
    expect(leaves(fr).map(([k]) => k)).toEqual(leaves(en).map(([k]) => k));
  });

  it('has no blank entry, and entries are strings or sentence functions', () => {
    for (const dict of [en, fr]) {
      for (const [key, value] of leaves(dict)) {
        expect(['string', 'function'], key).toContain(typeof value);
        if (typeof value === 'string') expect(value.trim(), key).not.toBe('');
      }
    }
  });

  it('every sentence with parameters shows the same parameters in both languages', async () => {
    const enLeaves = new Map(leaves(en));
    for (const [key, frValue] of leaves(fr)) {
      if (typeof frValue !== 'function' || key === 'issue') continue;
      const enValue = enLeaves.get(key) as (...a: unknown[]) => string;
      const args = argsFor(enValue);
      await setLanguage('en', false);
      const english = enValue(...args);
      await setLanguage('fr', false);
      const french = (frValue as (...a: unknown[]) => string)(...args);
      expect(typeof english, key).toBe('string');
      expect(french.trim(), key).not.toBe('');
      for (const arg of args) {
        if (english.includes(String(arg))) expect(french, `${key} shows ${String(arg)}`).toContain(String(arg));
      }
    }
  });

  it('is translated: French differs from English except for the shared words', async () => {
    const enLeaves = new Map(leaves(en));
    const render = (v: unknown) => (typeof v === 'function' ? (v as (...a: unknown[]) => string)(...argsFor(v as () => string)) : v);
    const wrong: string[] = [];
    for (const [key, frValue] of leaves(fr)) {
      if (key === 'issue') continue;
      await setLanguage('en', false);
      const english = render(enLeaves.get(key));
      await setLanguage('fr', false);
      const french = render(frValue);
      if (SAME_IN_BOTH.has(key) !== (french === english)) wrong.push(`${key}: ${String(french)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('kept results', () => {
  it('the home link names the page it opens, in both languages', () => {
    for (const [home, n] of [[homeEn, 1], [homeFr, 1], [homeEn, 3], [homeFr, 3]] as const)
      expect(home.myResults(n).startsWith(home.results.title), `${home.results.title} / ${home.myResults(n)}`).toBe(true);
  });
});

describe('join errors', () => {
  it('a wrong code says it is a code and asks to try again, in both languages', () => {
    expect(commonEn.error.SESSION_NOT_FOUND('0000')).toMatch(/^No tasting with code 0000\b.*try again\.$/);
    expect(commonFr.error.SESSION_NOT_FOUND('0000')).toMatch(/^Aucune dégustation avec le code 0000\b.*réessayez\.$/);
  });
});

describe('tasting issues (engine codes rendered by the UI)', () => {
  const fields = [undefined, 'title', 'timer', 'name', 'correct', 'distractor'] as const;
  it('every code reads as a sentence in both languages, naming its parameters', () => {
    for (const code of TASTING_ISSUE_CODES) {
      for (const field of fields) {
        const issue: TastingIssue = {
          path: 'wines[0].questions[1]',
          code,
          params: { min: 15, max: 120, count: 3, expected: 'region', text: 'Gamay' },
          field,
          distractor: 1,
        };
        const english = hostEn.issue(issue);
        const french = hostFr.issue(issue);
        expect(english, `${code}/${field}`).toMatch(/\S/);
        expect(french, `${code}/${field}`).toMatch(/\S/);
        expect(french, `${code}/${field}`).not.toBe(english);
        for (const p of ['120', '3', 'Gamay', 'region'])
          if (english.includes(p)) expect(french, `${code}/${field} shows ${p}`).toContain(p);
      }
    }
  });

  it('keeps the contract example word for word in English', () => {
    const issue: TastingIssue = { path: 'wines[0].questions[2]', code: 'distractor_count', params: { count: 3 }, field: 'distractor' };
    expect(hostEn.form.cannotImport('bad.json', issue.path, hostEn.issue(issue))).toBe(
      'Cannot import bad.json: wines[0].questions[2]: needs 3 distractors',
    );
    expect(hostFr.form.cannotImport('bad.json', issue.path, hostFr.issue(issue))).toBe(
      'Import de bad.json impossible\u00a0: wines[0].questions[2]\u00a0: il faut 3 fausses réponses',
    );
  });
});

describe('language choice', () => {
  it('takes the saved choice, else the first browser language we speak, else English', () => {
    expect(pickLanguage('fr', ['en-US'])).toBe('fr');
    expect(pickLanguage(null, ['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(pickLanguage(null, ['en-GB', 'fr'])).toBe('en');
    expect(pickLanguage(null, ['de', 'es'])).toBe('en');
    expect(pickLanguage('klingon', ['FR'])).toBe('fr');
    expect(pickLanguage(null, [])).toBe('en');
  });

  it('switches every loaded pack at once', async () => {
    await setLanguage('fr', false);
    expect(lang.value).toBe('fr');
    expect(t().category.vintage_year).toBe('Millésime');
    expect(th().session.reveal).toBe('Révéler la réponse');
    await setLanguage('en', false);
    expect(t().category.vintage_year).toBe('Vintage year');
    expect(CATEGORIES.map((c) => t().prompt[c])).toEqual(CATEGORIES.map((c) => commonEn.prompt[c]));
  });

  it('counts and writes numbers the language way (Intl)', async () => {
    expect(plural(0, { one: 'one', other: 'other' })).toBe('other');
    expect(t().timer.left(1)).toBe('1 second left');
    expect(t().timer.left(0)).toBe('0 seconds left');
    await setLanguage('fr', false);
    // French counts 0 and 1 as singular.
    expect(t().timer.left(0)).toBe('0 seconde restante');
    expect(t().timer.left(2)).toBe('2 secondes restantes');
    expect(formatInt(1500)).toBe('1500');
  });
});

describe('the typecheck guards completeness', () => {
  it('a language missing a key is a type error', () => {
    const { joinTitle: _joinTitle, ...play } = commonEn.play;
    // @ts-expect-error -- `play.joinTitle` is missing: French (or any language) must have every English key.
    const incomplete: Common = { ...commonEn, play };
    expect(incomplete.play).not.toHaveProperty('joinTitle');
  });
});
