import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_NAMES } from '../../tests/support/engine';

const shared = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const copies = fileURLToPath(new URL('../../tests/fixtures/', import.meta.url));

describe('fixture copies in tests/fixtures', () => {
  it.runIf(existsSync(shared))('match the team\'s ../shared/fixtures', () => {
    for (const name of FIXTURE_NAMES) {
      expect(JSON.parse(readFileSync(`${copies}${name}.json`, 'utf8')), name).toEqual(
        JSON.parse(readFileSync(`${shared}${name}.json`, 'utf8')),
      );
    }
  });
});
