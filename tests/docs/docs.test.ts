/**
 * The documentation stays true to the repository: every relative link and anchor resolves, every file path and
 * `npm run` script named in docs/ and the README exists, every constant quoted in a marked table has that value in
 * the code, the layer table of docs/architecture.md allows every import the code makes, the storage page names
 * every IndexedDB store, and nothing points to files outside the repository.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allPages,
  anchors,
  checkedTables,
  codeSpans,
  docPages,
  exists,
  fencedLines,
  links,
  read,
  ROOT,
  ticks,
} from './markdown';

/** Top-level folders whose paths the docs name. */
const PATH_ROOTS = ['src', 'signaling', 'scripts', 'tests', 'docs', 'public', 'bench', '.ci'];
/** Top-level files the docs may name without a folder. */
const ROOT_FILES = [
  'package.json', 'package-lock.json', 'vite.config.ts', 'playwright.config.ts', 'manifest.webmanifest', 'index.html',
  'tsconfig.json', 'eslint.config.js', 'README.md',
];
const PATH_IN_TEXT = new RegExp(`(?:^|[\\s("'=:])((?:${PATH_ROOTS.map((r) => r.replace('.', '\\.')).join('|')})/[\\w.@/*<>{}-]*)`, 'g');

/** Folders and files git ignores (build output, local state): the docs may name them though they are absent. */
const IGNORED = read('.gitignore')
  .split('\n')
  .map((l) => l.trim().replace(/^\//, '').replace(/\/$/, ''))
  .filter((l) => l && !l.startsWith('#') && !l.includes('*'));

/** The repository's scripts, which write some of the files the docs name (outputs such as bench/results.json). */
const SCRIPT_TEXT = ['scripts', 'bench']
  .filter((dir) => exists(dir))
  .flatMap((dir) => readdirSync(path.join(ROOT, dir)).filter((f) => /\.(mjs|js|ts|sh)$/.test(f)).map((f) => read(`${dir}/${f}`)))
  .join('\n');

/**
 * True when a path named in the docs exists, lies under something git ignores (made by a build or a run), or is
 * an output a script of the repository writes (its path appears in a string there).
 */
function pathExists(named: string): boolean {
  let concrete = named.replace(/[.,;:)]+$/, '');
  const wild = concrete.search(/[*<{]/);
  // A glob or a placeholder (`src/engine/*`, `docs/<page>.md`): the folder before it must exist.
  if (wild >= 0) concrete = concrete.slice(0, concrete.lastIndexOf('/', wild) + 1);
  if (exists(concrete)) return true;
  if (concrete.split('/').some((segment) => IGNORED.includes(segment)) || IGNORED.includes(concrete)) return true;
  return new RegExp(`['"\`]${concrete.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`).test(SCRIPT_TEXT);
}

describe('links in the Markdown pages', () => {
  for (const page of allPages()) {
    it(`${page}: every relative link and anchor resolves`, () => {
      const md = read(page);
      for (const target of links(md)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const resolved = file ? path.posix.normalize(path.posix.join(path.posix.dirname(page), file)) : page;
        expect(exists(resolved), `${page} links to ${target}, which does not exist`).toBe(true);
        if (anchor && resolved.endsWith('.md'))
          expect([...anchors(read(resolved))], `${page} links to #${anchor} in ${resolved}`).toContain(anchor);
      }
    });
  }
});

describe('code paths and commands named in docs/ and the README', () => {
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);
  for (const page of docPages()) {
    const md = read(page);
    const texts = [...codeSpans(md), ...fencedLines(md)];

    it(`${page}: every file path exists`, () => {
      const named = new Set<string>();
      for (const text of texts) {
        for (const m of ` ${text}`.matchAll(PATH_IN_TEXT)) named.add(m[1]!);
        if (ROOT_FILES.includes(text)) named.add(text);
      }
      for (const target of links(md)) if (!/^[a-z]+:/i.test(target) && !target.startsWith('#')) named.add(path.posix.join(path.posix.dirname(page), target.split('#')[0]!));
      const missing = [...named].filter((p) => !pathExists(p));
      expect(missing, `${page} names paths that do not exist`).toEqual([]);
    });

    it(`${page}: every npm script exists`, () => {
      const named = new Set<string>();
      for (const text of texts) for (const m of text.matchAll(/\bnpm run (?:--silent )?([\w:-]+)/g)) named.add(m[1]!);
      for (const m of md.matchAll(/\bnpm run (?:--silent )?([\w:-]+)/g)) named.add(m[1]!);
      expect([...named].filter((s) => !scripts.includes(s)), `${page} names npm scripts that package.json lacks`).toEqual([]);
    });
  }
});

/**
 * Value of `export const NAME = <arithmetic>;` in a source file, or of one field of an object constant
 * (`NAME.field` for `export const NAME = { field: <arithmetic>, … };`), or undefined.
 */
function constantIn(file: string, name: string): number | undefined {
  const [constant, field] = name.split('.');
  const m = new RegExp(`export const ${constant}\\s*(?::[^=]+)?=\\s*([^;]+);`).exec(read(file));
  if (!m) return undefined;
  let expr = m[1]!;
  if (field !== undefined) {
    const f = new RegExp(`\\b${field}:\\s*([^,}]+)`).exec(expr);
    if (!f) return undefined;
    expr = f[1]!;
  }
  expr = expr.replace(/_/g, '').trim();
  if (!/^[\d\s.*+/()-]+$/.test(expr)) throw new Error(`${file}: ${name} = ${expr} is not plain arithmetic`);
  return Function(`"use strict"; return (${expr});`)() as number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, B: 1, KiB: 1024, MiB: 1024 * 1024 };

/** A documented value such as `6.5 s`, `64 KiB` or `40`, in the constant's own unit (ms, s or bytes by its name). */
function documentedValue(name: string, cell: string): number {
  const m = /^(-?[\d.]+)\s*([A-Za-z]+)?$/.exec(cell.replace(/\s(?=\d{3}\b)/g, ''));
  if (!m) throw new Error(`cannot read the value "${cell}" of ${name}`);
  const value = Number(m[1]);
  const unit = m[2];
  if (!unit) return value;
  if (!(unit in UNITS)) throw new Error(`unknown unit "${unit}" for ${name}`);
  const inBase = value * UNITS[unit]!;
  return /_(SECONDS|S)$/.test(name) ? inBase / 1000 : inBase;
}

describe('constants quoted in the docs', () => {
  for (const page of docPages()) {
    const tables = checkedTables(read(page), 'constants');
    if (tables.length === 0) continue;
    it(`${page}: every quoted constant has that value in its file`, () => {
      for (const row of tables.flat()) {
        const [name] = ticks(row[0]!);
        const [file] = ticks(row[1]!);
        expect(exists(file!), `${page}: ${file} (for ${name})`).toBe(true);
        const actual = constantIn(file!, name!);
        expect(actual, `${page}: no "export const ${name}" in ${file}`).toBeDefined();
        expect(documentedValue(name!, row[2]!), `${page}: ${name} in ${file}`).toBeCloseTo(actual!, 9);
      }
    });
  }
});

/** Source files of a folder (tests and test helpers excluded). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$|test-support\.ts$|\.d\.ts$/.test(name)) out.push(rel);
  }
  return out;
}

describe('docs/architecture.md layers', () => {
  const [rows] = checkedTables(read('docs/architecture.md'), 'layers');
  const allowed = new Map((rows ?? []).map((r) => [ticks(r[0]!)[0]!, new Set(ticks(r[2]!))] as const));
  const layers = readdirSync(path.join(ROOT, 'src')).filter((d) => statSync(path.join(ROOT, 'src', d)).isDirectory());

  it('names every folder of src/', () => {
    expect([...allowed.keys()].filter((k) => k !== 'src').sort()).toEqual(layers.map((d) => `src/${d}`).sort());
  });

  it('allows every import the code makes (static and lazy)', () => {
    const breaches: string[] = [];
    /** `src/<layer>` for anything inside a layer folder (a file or the folder's barrel), else `src`. */
    const folderOf = (target: string) => {
      const layer = target.split('/')[1]!;
      return layers.includes(layer) ? `src/${layer}` : 'src';
    };
    for (const file of sources('src')) {
      const from = folderOf(file);
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!));
        if (!target.startsWith('src/')) continue;
        const to = folderOf(target);
        if (to !== from && !allowed.get(from)?.has(to)) breaches.push(`${file} imports ${m[1]} (${to})`);
      }
    }
    expect(breaches, 'imports the layer table of docs/architecture.md does not allow').toEqual([]);
  });
});

/** Names of the team's design files that lived outside the repository; built from parts so this file passes. */
const OUTSIDE = new RegExp(['\\.\\./' + 'shared', '/work/' + 'shared', 'DESIGN' + '(?:\\.md|\\s*§)', 'ACCEPT' + 'ANCE', 'REFER' + 'ENCE(?:\\.md|\\s*§)', 'FIELD' + '-NOTES'].join('|'));

/** Text files of the repository, dependencies, build output and the lock file left out. */
function repositoryTextFiles(): string[] {
  const skip = new Set(['node_modules', 'dist', 'dev-dist', '.git', 'test-results', 'playwright-report', 'screenshots']);
  const text = /\.(ts|tsx|mts|js|mjs|cjs|json|md|toml|ya?ml|sh|css|html|py|webmanifest)$/;
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(ROOT, rel || '.'))) {
      if (skip.has(name) || name.startsWith('.wrangler') || name === 'package-lock.json') continue;
      const child = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(ROOT, child)).isDirectory()) walk(child);
      else if (text.test(name) || rel === '.ci') out.push(child);
    }
  };
  walk('');
  return out;
}

describe('the repository stands on its own', () => {
  it('no file points to design, contract or notes files outside the repository (cite docs/… instead)', () => {
    const hits: string[] = [];
    for (const file of repositoryTextFiles()) {
      read(file)
        .split('\n')
        .forEach((line, i) => {
          // The CI machine provides its own namespace tool beside the clone; .ci/run is the one file that runs it.
          const ciTool = file === '.ci/run' && /^\.\.\/shared\/tools\/netns-run npm test$/.test(line.trim());
          if (OUTSIDE.test(line) && !ciTool) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
        });
    }
    expect(hits, 'references to files a clone does not have; cite the docs/ page that says it').toEqual([]);
  });
});

describe('docs/local-vs-production.md storage', () => {
  it('names every IndexedDB database and store the app creates', () => {
    const page = read('docs/local-vs-production.md');
    const created = sources('src').flatMap((file) =>
      [...read(file).matchAll(/createStore\(\s*'([^']+)',\s*'([^']+)'\s*\)/g)].map((m) => `\`${m[1]}\` / \`${m[2]}\``),
    );
    expect(created.length).toBeGreaterThan(0);
    expect(created.filter((name) => !page.includes(name)), 'IndexedDB stores missing from the storage tables').toEqual([]);
  });
});
