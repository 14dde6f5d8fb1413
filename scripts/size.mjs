#!/usr/bin/env node
// Bundle budget: what a phone downloads to open /play (HTML + CSS + every JS chunk the route loads), gzip.
// The reference product's /play weighed 80.3 kB; ours must stay under 40 kB (docs/performance.md says what it
// holds and how it got there). Run after `vite build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** Budget for /play in gzip bytes. */
const PLAY_BUDGET = 40 * 1024;

const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8'));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const playKey = Object.keys(manifest).find((k) => k.endsWith('src/play/Play.tsx'));
if (!entryKey || !playKey) throw new Error('dist/.vite/manifest.json lacks the entry or the Play chunk: run vite build');

/** Every file a chunk needs: itself, its CSS, and its static imports, recursively. */
function files(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  const chunk = manifest[key];
  for (const imp of chunk.imports ?? []) files(imp, seen);
  return seen;
}
const gz = (p) => gzipSync(readFileSync(`dist/${p}`)).length;
const keys = new Set([...files(entryKey), ...files(playKey)]);
const paths = new Set(['index.html']);
for (const k of keys) {
  paths.add(manifest[k].file);
  for (const css of manifest[k].css ?? []) paths.add(css);
}
// A phone also downloads the phone's sentences in its own language (src/i18n/common.<lang>.ts, loaded at start):
// count the heaviest language, so the budget holds for every phone.
const langPacks = Object.keys(manifest).filter((k) => /src\/i18n\/common\.\w+\.ts$/.test(k));
if (langPacks.length === 0) throw new Error('dist/.vite/manifest.json lacks the phone language packs (src/i18n/common.*.ts)');
const heaviest = langPacks.map((k) => manifest[k].file).sort((a, b) => gz(b) - gz(a))[0];
paths.add(heaviest);
let total = 0;
for (const p of paths) total += gz(p);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`/play downloads ${paths.size} files, ${kb(total)} (${total} B) gzip (budget ${kb(PLAY_BUDGET)}; language pack ${heaviest}, ${kb(gz(heaviest))})`);
if (total > PLAY_BUDGET) {
  console.error('Over budget: every dependency on the phone path must justify its kilobytes.');
  process.exit(1);
}
