/**
 * docs/protocol.md against the code: its message table against the valibot schemas of src/protocol/messages.ts,
 * its snapshot table against the `state` message's view schema, and its error table against ERROR_CODES and the
 * sentences people read (src/ui/strings.ts). A message, field or error code added on one side only fails here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientMessageSchema, ERROR_CODES, HostMessageSchema, LOCAL_ERROR_CODES } from '../../src/protocol/messages';
import { errorSentence } from '../../src/ui/strings';
import { checkedTables, read, ticks } from './markdown';

const PAGE = 'docs/protocol.md';
const page = read(PAGE);

/** The parts of a valibot schema this test reads. */
interface Schema {
  type: string;
  entries?: Record<string, Schema>;
  options?: Schema[];
  wrapped?: Schema;
  item?: Schema;
  literal?: unknown;
}

const OBJECT_TYPES = new Set(['object', 'strict_object', 'loose_object', 'object_with_rest']);

/** `type` plus the other field names of each variant option, optional ones marked with `?`. */
function messagesOf(variant: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const option of (variant as Schema).options ?? []) {
    const entries = option.entries ?? {};
    const type = entries.type?.literal;
    if (typeof type !== 'string') throw new Error('a message schema without a literal type');
    const fields = Object.entries(entries)
      .filter(([key]) => key !== 'type')
      .map(([key, s]) => (s.type === 'optional' ? `${key}?` : key));
    out.set(type, fields.sort());
  }
  return out;
}

/** Every field path of an object schema: `a`, `a.b`, `list[].c`; optional ones end with `?`. */
function fieldPaths(schema: Schema, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, raw] of Object.entries(schema.entries ?? {})) {
    let s = raw;
    let optional = false;
    while (s.type === 'optional' || s.type === 'nullable' || s.type === 'nullish' || s.type === 'exact_optional') {
      if (s.type !== 'nullable') optional = true;
      s = s.wrapped!;
    }
    const name = `${prefix}${key}`;
    out.push(optional ? `${name}?` : name);
    if (OBJECT_TYPES.has(s.type)) out.push(...fieldPaths(s, `${name}.`));
    if (s.type === 'array' && s.item && OBJECT_TYPES.has(s.item.type)) out.push(...fieldPaths(s.item, `${name}[].`));
  }
  return out;
}

describe(`${PAGE} matches src/protocol/messages.ts`, () => {
  const [rows, ...extra] = checkedTables(page, 'messages');

  it('has one marked message table', () => {
    expect(rows, 'a table between <!-- check:messages --> markers').toBeDefined();
    expect(extra).toEqual([]);
  });

  for (const [direction, schema] of [
    ['phone → host', ClientMessageSchema],
    ['host → phone', HostMessageSchema],
  ] as const) {
    it(`lists every ${direction} message with its fields`, () => {
      const documented = new Map(
        (rows ?? [])
          .filter((r) => r[0] === direction)
          .map((r) => [ticks(r[1]!)[0]!, ticks(r[2]!).sort()] as const),
      );
      const code = messagesOf(schema);
      expect([...documented.keys()].sort(), `${direction} messages in ${PAGE} vs the schemas`).toEqual([...code.keys()].sort());
      for (const [type, fields] of code)
        expect(documented.get(type), `fields of "${type}" (write optional ones as \`name?\`)`).toEqual(fields);
    });
  }

  it('every row names a known direction', () => {
    for (const r of rows ?? []) expect(['phone → host', 'host → phone']).toContain(r[0]);
  });

  it('lists every field of the snapshot (state.view)', () => {
    const state = (HostMessageSchema as unknown as Schema).options!.find((o) => o.entries?.type?.literal === 'state')!;
    const code = fieldPaths(state.entries!.view!).sort();
    const [viewRows] = checkedTables(page, 'view');
    const documented = (viewRows ?? []).map((r) => ticks(r[0]!)[0]!).sort();
    expect(documented, `snapshot fields in ${PAGE} vs the view schema`).toEqual(code);
  });
});

describe(`${PAGE} error codes`, () => {
  const [rows] = checkedTables(page, 'errors');
  afterEach(() => vi.unstubAllGlobals());

  it('lists exactly the codes of ERROR_CODES and LOCAL_ERROR_CODES', () => {
    expect((rows ?? []).map((r) => ticks(r[0]!)[0]).sort()).toEqual([...ERROR_CODES, ...LOCAL_ERROR_CODES].sort());
  });

  it('quotes every sentence each person may read (online or offline, older or newer app)', () => {
    for (const online of [true, false]) {
      vi.stubGlobal('navigator', { onLine: online });
      for (const appOutdated of [false, true]) {
        for (const row of rows ?? []) {
          const code = ticks(row[0]!)[0] as (typeof ERROR_CODES | typeof LOCAL_ERROR_CODES)[number];
          const sentence = errorSentence(code, '1234', appOutdated);
          expect(row[3], `${code} (${online ? 'online' : 'offline'}, appOutdated ${appOutdated})`).toContain(`"${sentence}"`);
        }
      }
    }
  });
});
