/** `npm run screenshots`: every screen at phone (390×844) and tablet (1024×768) size, into screenshots/. */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testDir: 'tests/screens', retries: 0 });
