/**
 * E2E: real Chromium (Debian's, never a downloaded one), real WebRTC, the real signaling Worker under wrangler dev.
 * WebRTC between pages needs a non-loopback interface: on a loopback-only machine run inside scripts/netns-run.sh (docs/architecture.md#peerjs-and-browser-facts).
 */
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

const PORT = Number(process.env.E2E_PORT || 8787);

/** Specs that build the app again while they run (a deployment mid-game). */
const REBUILDS = /\/(deploys|pwa)\.spec\.ts$/;

/** Debian's headless shell (lighter, faster) if installed, else full Chromium. */
export const chromiumPath = [
  process.env.CHROMIUM_PATH,
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
].find((p): p is string => !!p && existsSync(p));

// Chromium honours only the last --disable-features flag, so Playwright's own list is repeated here with ours:
// WebRtcHideLocalIpsWithMdns off makes ICE independent of mDNS (docs/architecture.md#peerjs-and-browser-facts).
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled',
  'PreconnectToSearch',
];

/** Chromium flags for every e2e page (the network lab adds its own on top). */
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, 'WebRtcHideLocalIpsWithMdns'].join(',')}`,
];

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Two spec files at a time (most of a test's time is waiting for phones and timers, not CPU), each file's tests in
  // order. The specs that rebuild the app (a new deployment) change the files every page loads, so they run after
  // all the others, one at a time.
  fullyParallel: false,
  workers: 2,
  projects: [
    { name: 'e2e', testIgnore: REBUILDS },
    { name: 'deploys', testMatch: REBUILDS, dependencies: ['e2e'], workers: 1 },
  ],
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
  },
  webServer: {
    command: 'node scripts/start.mjs --ephemeral --var STUN_URLS:',
    env: { PORT: String(PORT) },
    url: `http://localhost:${PORT}/api/ice`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
