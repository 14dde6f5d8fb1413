/**
 * A fingerprint of valibot schemas, for tests that pin a format to its version number (the wire protocol, saved
 * sessions): any change of a schema's types, keys, literals, options or checks changes it. Test-only.
 */
import { createHash } from 'node:crypto';

/** A schema's shape as plain data: what it accepts, nothing that varies between runs (no functions, no messages). */
export function shapeOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(shapeOf);
  if (schema instanceof RegExp) return String(schema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['type', 'key', 'value', 'literal', 'requirement', 'options', 'wrapped', 'item', 'pipe'])
    if (key in s) out[key] = shapeOf(s[key]);
  if (s.entries && typeof s.entries === 'object')
    out.entries = Object.fromEntries(Object.entries(s.entries).map(([name, entry]) => [name, shapeOf(entry)]));
  return out;
}

/** 16 hex digits of the SHA-256 of the schemas' shapes, in the order given. */
export function fingerprint(...schemas: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(schemas.map(shapeOf))).digest('hex').slice(0, 16);
}

/**
 * The failure message when `now` is not the fingerprint recorded for `version` in `known` (the table's name is
 * `table`, the constant to bump `constant`); undefined when they agree.
 */
export function fingerprintProblem(
  known: Record<number, string>,
  version: number,
  now: string,
  table: string,
  constant: string,
): string | undefined {
  const recorded = known[version];
  if (recorded === now) {
    const same = Object.entries(known).find(([n, print]) => Number(n) !== version && print === now);
    return same ? `version ${version} has the same format as version ${same[0]}: was ${constant} bumped for nothing?` : undefined;
  }
  return recorded === undefined
    ? `record the format of version ${version}: add ${version}: '${now}' to ${table}`
    : `the schemas changed: bump ${constant} and add ${version + 1}: '${now}' to ${table}`;
}
