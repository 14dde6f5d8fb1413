import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import * as engine from './index';

/** Lints `code` as if it were the file `filePath` of this repository, with the repository's eslint.config.js. */
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: new URL('../..', import.meta.url).pathname }).lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries (eslint.config.js) hold, so the engine stays pure (docs/architecture.md)', () => {
  it('the engine may import only its own modules, and no clock, randomness or browser API', async () => {
    expect(await lintAs('src/engine/new-rule.ts', "import { apply } from './session';\nexport const f = apply;\n")).toEqual([]);
    const problems = await lintAs(
      'src/engine/new-rule.ts',
      [
        "import { backoffDelay } from '../net/backoff';",
        "import * as v from 'valibot';",
        'export const f = () => [Date.now(), Math.random(), new Date(), window.innerWidth, setTimeout(() => {}, 1), crypto, backoffDelay, v];',
      ].join('\n'),
    );
    expect(problems.filter((p) => p.startsWith('no-restricted-imports'))).toHaveLength(2);
    expect(problems.filter((p) => p.startsWith('no-restricted-properties'))).toHaveLength(2); // Date.now, Math.random
    expect(problems.filter((p) => p.startsWith('no-restricted-syntax'))).toHaveLength(1); // new Date()
    expect(problems.filter((p) => p.startsWith('no-restricted-globals'))).toHaveLength(3); // window, setTimeout, crypto
  }, 30_000);

  it('the phone never imports the host; protocol and store never import a screen or a UI library', async () => {
    expect(await lintAs('src/play/Extra.tsx', "import { claim } from '../host/active';\nexport const c = claim;\n")).toHaveLength(1);
    for (const file of ['src/protocol/extra.ts', 'src/store/extra.ts']) {
      const problems = await lintAs(file, "import { useState } from 'preact/hooks';\nimport { errorSentence } from '../ui/strings';\nexport const x = [useState, errorSentence];\n");
      expect(problems, file).toHaveLength(2);
    }
    // Tests are not shipped: they may reach anything.
    expect(await lintAs('src/engine/extra.test.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual([]);
  }, 30_000);
});

describe('the engine', () => {
  it('exports the rules through one entry point', () => {
    for (const name of ['apply', 'createSession', 'participantView', 'buildTasting', 'checkTasting', 'toTastingInput', 'pickPseudonym', 'generateCode', 'isCode', 'leaderboard', 'answeredCount', 'canHost', 'pointsFor', 'answerKey'])
      expect(typeof (engine as Record<string, unknown>)[name], name).toBe('function');
  });
});
