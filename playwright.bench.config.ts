/** `npm run bench:security`: the attacks of docs/security.md against a real host page, printing figures. */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testDir: 'bench', testMatch: '*.bench.ts', retries: 0, timeout: 10 * 60_000 });
