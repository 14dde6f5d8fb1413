/**
 * Reading the repository's Markdown for the docs checks: the pages, their marked tables
 * (`<!-- check:NAME -->` … `<!-- /check:NAME -->`), links, code spans and headings.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Reads a file of the repository (path relative to the root). */
export function read(rel: string): string {
  return readFileSync(path.join(ROOT, rel), 'utf8');
}

/** Every `.md` file under `dir` (relative to the root), recursively, as root-relative paths. */
export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(ROOT, rel))) {
      const child = path.posix.join(rel, name);
      if (statSync(path.join(ROOT, child)).isDirectory()) walk(child);
      else if (name.endsWith('.md')) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** The documentation pages whose statements are checked: `docs/**` and the README. */
export function docPages(): string[] {
  return ['README.md', ...markdownFiles('docs')];
}

/** Every Markdown page of the repository outside dependencies and build output. */
export function allPages(): string[] {
  const skip = new Set(['node_modules', 'dist', 'dev-dist', '.git', 'test-results', 'playwright-report', 'screenshots']);
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(ROOT, rel || '.'))) {
      if (skip.has(name) || name.startsWith('.wrangler')) continue;
      const child = rel ? path.posix.join(rel, name) : name;
      const full = path.join(ROOT, child);
      if (statSync(full).isDirectory()) walk(child);
      else if (name.endsWith('.md')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** The text with fenced code blocks removed (links and headings inside them are not links or headings). */
export function withoutFences(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The lines of every fenced code block. */
export function fencedLines(md: string): string[] {
  const out: string[] = [];
  for (const m of md.matchAll(/^(```|~~~)[^\n]*\n([\s\S]*?)^\1[^\n]*$/gm)) out.push(...m[2]!.split('\n'));
  return out;
}

/** Inline code spans outside fenced blocks, without their backticks. */
export function codeSpans(md: string): string[] {
  return [...withoutFences(md).matchAll(/(`+)([^`]+?)\1/g)].map((m) => m[2]!.trim());
}

/** Link targets `[text](target)` and images `![alt](target)`, outside code. */
export function links(md: string): string[] {
  const text = withoutFences(md).replace(/(`+)[^`]*?\1/g, '');
  return [...text.matchAll(/!?\[(?:[^\]]|\][^(])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** GitHub's anchor for a heading text: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Anchors of every heading of a page (duplicates get -1, -2… as on GitHub). */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of withoutFences(md).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/**
 * The rows of every table between `<!-- check:NAME -->` and `<!-- /check:NAME -->` in `md`, header and separator
 * rows left out, each row as its trimmed cells.
 */
export function checkedTables(md: string, name: string): string[][][] {
  const tables: string[][][] = [];
  const re = new RegExp(`<!-- check:${name} -->([\\s\\S]*?)<!-- /check:${name} -->`, 'g');
  for (const m of md.matchAll(re)) {
    const rows = m[1]!
      .split('\n')
      .filter((line) => line.trim().startsWith('|'))
      .map((line) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim()));
    tables.push(rows.slice(2));
  }
  return tables;
}

/** The backticked words of a table cell (`a`, `b?` → ['a', 'b?']); '—' or empty gives []. */
export function ticks(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** True when the root-relative path exists. */
export function exists(rel: string): boolean {
  return existsSync(path.join(ROOT, rel));
}
