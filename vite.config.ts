/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA, type ManifestOptions } from 'vite-plugin-pwa';
import { keepPreviousAssets } from './scripts/keep-previous-assets.ts';

/** The top-level manifest.webmanifest is the single source; the PWA plugin emits it and links it. */
const manifest = JSON.parse(readFileSync(new URL('./manifest.webmanifest', import.meta.url), 'utf8')) as Partial<ManifestOptions>;

/** Shown on the home screen; BUILD_ID (e.g. a commit) tells two deployments of one version apart. */
const version = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version as string;
const appVersion = process.env.BUILD_ID ? `${version}+${process.env.BUILD_ID}` : version;

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  resolve: {
    // Two PeerJS dependencies that weigh on the phone's download for nothing (docs/performance.md): it reads only
    // the browser's name/version from webrtc-adapter (~12 kB gzip of shims for old browsers), and uses binarypack
    // only for `binary` serialization, which no channel here uses. Exact matches, so tests can import the real ones.
    alias: [
      { find: /^webrtc-adapter$/, replacement: fileURLToPath(new URL('./src/net/browser-details.ts', import.meta.url)) },
      { find: /^peerjs-js-binarypack$/, replacement: fileURLToPath(new URL('./src/net/binarypack-unused.ts', import.meta.url)) },
    ],
  },
  plugins: [
    preact(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      workbox: {
        // Precache the whole app shell so the host can build tastings with no network (docs/architecture.md#the-pieces).
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Install-dialog screenshots are fetched by the browser's install UI, not by the app.
        globIgnores: ['screenshots/**'],
        navigateFallback: '/index.html',
        // The signaling API is never cached.
        navigateFallbackDenylist: [/^\/peerjs/, /^\/api\//],
        cleanupOutdatedCaches: true,
        // The first install takes control at once, so a page opened online keeps working when the network goes.
        // Later versions wait for the person's "Update" (registerType 'prompt'): never swapped mid-game.
        clientsClaim: true,
        // A new version copies the hashed files it replaces into an archive when it installs (public/sw-archive.js),
        // and serves a hashed file it does not precache from there: a page still running the previous build (in
        // another tab, after Update was pressed in this one) keeps loading its own code (docs/robustness.md).
        importScripts: ['/sw-archive.js'],
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'sommelier-assets-archive', cacheableResponse: { statuses: [200] } },
          },
        ],
      },
    }),
    // After VitePWA: the previous builds' files come back after the precache list is made (served, not precached).
    keepPreviousAssets(),
  ],
  // No source maps: a deployment serves dist/ as is, and maps would hand out the whole source with its comments
  // (docs/security.md). `vite` (the dev server) still maps; nothing in the build or the tests reads them.
  build: { target: 'es2022', sourcemap: false, manifest: true, modulePreload: { polyfill: false } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/docs/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/i18n/test-setup.ts'],
  },
});
