import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as engine from './index';

const DIR = fileURLToPath(new URL('./', import.meta.url));
const SOURCES = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('the engine is pure (docs/architecture.md)', () => {
  it('has the expected modules', () => {
    expect(SOURCES.sort()).toEqual(['answer-key.ts', 'code.ts', 'index.ts', 'pseudonym.ts', 'ranking.ts', 'session.ts', 'tasting.ts', 'types.ts', 'view.ts']);
  });

  it.each(SOURCES)('%s imports only sibling engine modules and reads no clock, randomness or browser API', (file) => {
    const code = readFileSync(DIR + file, 'utf8');
    const imports = [...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const source of imports) expect(source, file).toMatch(/^\.\/[a-z-]+$/);
    const body = code.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // comments may mention them
    for (const banned of ['Date.now', 'new Date', 'Math.random', 'setTimeout', 'setInterval', 'window.', 'document.', 'localStorage', 'indexedDB', 'crypto.', 'performance.', 'require('])
      expect(body.includes(banned), `${file} uses ${banned}`).toBe(false);
  });

  it('exports the rules through one entry point', () => {
    for (const name of ['apply', 'createSession', 'participantView', 'buildTasting', 'checkTasting', 'toTastingInput', 'pickPseudonym', 'generateCode', 'isCode', 'leaderboard', 'answeredCount', 'canHost'])
      expect(typeof (engine as Record<string, unknown>)[name], name).toBe('function');
  });
});
