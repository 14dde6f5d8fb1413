/**
 * Vite plugin: a build keeps the hashed files (`dist/assets/*`) of the previous builds for a grace period, so a page
 * opened before a deploy can still load its lazy screens from the server instead of getting a 404
 * (docs/robustness.md, "Deploys"). They are put back after the service worker's precache list is made, so they are
 * served but never precached. Source maps are not kept.
 *
 * Which files retired when is recorded in `dist/.vite/retired-assets.json`: `[{ at: ms, files: [...] }]`, newest
 * first. A deployment only keeps what its `dist/` held before the build: one built in a fresh checkout starts empty.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Plugin } from 'vite';

/** How long a retired file stays, in ms: a host's tablet may keep a page open for days. */
export const KEEP_ASSETS_MS = 7 * 24 * 60 * 60 * 1000;
/** How many previous builds' files stay at most (frequent local builds would otherwise pile up). */
export const KEEP_BUILDS = 3;
/** The record of retired files, inside the output folder. */
export const LEDGER = '.vite/retired-assets.json';

/** The files one build retired (present before it, absent from it), and when (ms). */
export interface Retirement {
  at: number;
  files: string[];
}

/**
 * The retirements to keep after a build: `before` (files present before it) minus `built` (its own files) is a new
 * retirement at `now`, then every retirement drops files the new build has again, and only those younger than
 * `keepMs` and among the newest `keepBuilds` stay. Pure, for tests.
 */
export function retire(
  ledger: readonly Retirement[],
  before: readonly string[],
  built: ReadonlySet<string>,
  now: number,
  keepMs = KEEP_ASSETS_MS,
  keepBuilds = KEEP_BUILDS,
): Retirement[] {
  const known = new Set(ledger.flatMap((r) => r.files));
  const fresh: Retirement = { at: now, files: before.filter((f) => !built.has(f) && !known.has(f)) };
  return [fresh, ...ledger]
    .map((r) => ({ at: r.at, files: r.files.filter((f) => !built.has(f)) }))
    .filter((r) => r.files.length > 0 && now - r.at <= keepMs)
    .slice(0, keepBuilds);
}

/** Files worth keeping: everything a page can load (not source maps). */
const keepable = (name: string) => !name.endsWith('.map');

function readLedger(file: string): Retirement[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed)
      ? parsed.filter(
          (r): r is Retirement =>
            typeof r?.at === 'number' && Array.isArray(r?.files) && r.files.every((f: unknown) => typeof f === 'string'),
        )
      : [];
  } catch {
    return [];
  }
}

/** The plugin (see the file's comment). Put it after VitePWA: it runs after the precache list is written. */
export function keepPreviousAssets(): Plugin {
  let assets = '';
  let ledgerFile = '';
  let stash = '';
  let before: string[] = [];
  let ledger: Retirement[] = [];
  return {
    name: 'sommelier:keep-previous-assets',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      const outDir = path.resolve(config.root, config.build.outDir);
      assets = path.join(outDir, config.build.assetsDir);
      ledgerFile = path.join(outDir, LEDGER);
    },
    buildStart() {
      // Before Vite empties the output folder: set the current files aside.
      before = existsSync(assets) ? readdirSync(assets).filter(keepable) : [];
      ledger = readLedger(ledgerFile);
      stash = mkdtempSync(path.join(tmpdir(), 'sommelier-assets-'));
      for (const name of before) copyFileSync(path.join(assets, name), path.join(stash, name));
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        if (!stash) return;
        const built = new Set(existsSync(assets) ? readdirSync(assets) : []);
        const kept = retire(ledger, before, built, Date.now());
        mkdirSync(assets, { recursive: true });
        for (const name of kept.flatMap((r) => r.files)) {
          const from = path.join(stash, name);
          if (existsSync(from)) copyFileSync(from, path.join(assets, name));
        }
        mkdirSync(path.dirname(ledgerFile), { recursive: true });
        writeFileSync(ledgerFile, `${JSON.stringify(kept, null, 1)}\n`);
        rmSync(stash, { recursive: true, force: true });
        stash = '';
      },
    },
  };
}
