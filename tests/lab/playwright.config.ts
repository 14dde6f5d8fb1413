/**
 * `npm run lab`: the venue network scenarios (docs/venue-network.md) in network namespaces built by the global
 * setup. Each browser runs inside its own namespace (host's tablet, each phone), so no `browser` fixture and no
 * webServer here: the signaling Worker runs in the lab's `internet` namespace.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  timeout: 240_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/lab',
});
