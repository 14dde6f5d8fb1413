/**
 * docs/screens.md against the code: its routes are the router's (src/app.tsx), every test id it lists exists in the
 * screens' code, and every test id in that code is listed. A renamed or new test id fails here until the page says so.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedTables, exists, read, ROOT, ticks } from './markdown';

const PAGE = 'docs/screens.md';
const page = read(PAGE);

/** Source files under src/ (tests left out). */
function sources(dir = 'src'): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sources(rel);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

/** Test ids in the code: literal ones, and templates (`host-${action}`) as `host-<>`. */
function testIdsInCode(): { literal: Set<string>; templates: Set<string> } {
  const literal = new Set<string>();
  const templates = new Set<string>();
  for (const file of sources()) {
    const text = read(file);
    // Set on an element (`data-testid="x"`) or passed to a component that sets it (`testId="x"`), not looked up in a
    // selector (`[data-testid="${id}"]`).
    for (const m of text.matchAll(/(?<!\[)(?:data-testid|testId)="([^"$]+)"/g)) literal.add(m[1]!);
    // Template literals on a line that sets a test id (`data-testid={`…`}` or a `testId` prop).
    for (const line of text.split('\n').filter((l) => /data-testid=\{|testId=\{/.test(l)))
      for (const m of line.matchAll(/`([^`]*)`/g)) templates.add(m[1]!.replace(/\$\{[^}]*\}/g, '<>'));
  }
  return { literal, templates };
}

/** `answer-<category>` → `answer-<>`. */
const canonical = (id: string) => id.replace(/<[^>]*>/g, '<>');
/** A template `host-<>` as a regex matching `host-pause`. */
const templateRegex = (t: string) => new RegExp(`^${t.split('<>').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\w-]+')}$`);

describe(`${PAGE} matches the screens`, () => {
  it('lists the routes of src/app.tsx, each with its screen file', () => {
    const [rows] = checkedTables(page, 'routes');
    const documented = (rows ?? []).map((r) => ticks(r[0]!)[0]!.replace(/<([^>]+)>/g, ':$1')).sort();
    const routed = [...read('src/app.tsx').matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]!).sort();
    expect(documented, `routes in ${PAGE} vs src/app.tsx`).toEqual(routed);
    for (const r of rows ?? []) expect(exists(ticks(r[2]!)[0]!), `${r[0]}: ${r[2]}`).toBe(true);
  });

  const [rows] = checkedTables(page, 'testids');
  const documented = (rows ?? []).map((r) => ticks(r[0]!)[0]!);
  const { literal, templates } = testIdsInCode();

  it('every listed test id exists in the code', () => {
    const missing = documented.filter((id) =>
      id.includes('<')
        ? !templates.has(canonical(id))
        : !literal.has(id) && ![...templates].some((t) => templateRegex(t).test(id)),
    );
    expect(missing, `test ids in ${PAGE} that no screen sets`).toEqual([]);
  });

  it('every test id the code sets is listed', () => {
    const undocumented = [
      ...[...literal].filter((id) => !documented.includes(id)),
      ...[...templates].filter((t) => !documented.some((id) => canonical(id) === t || templateRegex(t).test(id))),
    ];
    expect(undocumented, `test ids set in src/ but missing from ${PAGE}`).toEqual([]);
  });
});
