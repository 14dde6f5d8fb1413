/**
 * Figures the lab scenarios measure: printed at the end of the run as one table (never asserted), and kept in
 * test-results/lab-figures.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = path.resolve('test-results/lab-figures.json');

/** One measured figure: which scenario, what, and its value as text (with its unit). */
export interface Figure {
  scenario: string;
  what: string;
  value: string;
}

export function resetFigures(): void {
  mkdirSync(path.dirname(FILE), { recursive: true });
  writeFileSync(FILE, '[]');
}

/** Adds a figure (test processes append; the global teardown prints). */
export function recordFigure(scenario: string, what: string, value: string): void {
  const list = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Figure[]) : [];
  list.push({ scenario, what, value });
  mkdirSync(path.dirname(FILE), { recursive: true });
  writeFileSync(FILE, JSON.stringify(list, null, 1));
  console.log(`  [${scenario}] ${what}: ${value}`);
}

/** `p50 x ms · p99 y ms · max z ms (n)` of samples in ms. */
export function summary(samples: number[]): string {
  if (samples.length === 0) return 'no samples';
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return `p50 ${q(0.5).toFixed(1)} ms · p99 ${q(0.99).toFixed(1)} ms · max ${s.at(-1)!.toFixed(1)} ms (n=${s.length})`;
}

export function printFigures(): void {
  if (!existsSync(FILE)) return;
  const list = JSON.parse(readFileSync(FILE, 'utf8')) as Figure[];
  if (list.length === 0) return;
  const rows = [['scenario', 'figure', 'value'], ...list.map((f) => [f.scenario, f.what, f.value])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\nVenue network lab figures (load: ${loadAverage()})`);
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
