// Worker tests: the real Worker + Durable Object run under workerd (Miniflare) via @cloudflare/vitest-plugin.
// The bindings mirror wrangler.toml except the static assets (../dist may not be built when tests run), and the
// timeouts are shortened so timeout behaviour is tested in seconds, not minutes.
import { readFileSync } from 'node:fs';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const here = import.meta.dirname;
/** Same compatibility date as the deployed Worker. */
const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(
  readFileSync(`${here}/wrangler.toml`, 'utf8'),
)?.[1];

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      miniflare: {
        compatibilityDate,
        durableObjects: { SESSIONS: { className: 'SignalingSession', useSQLite: true } },
        // Keep in step with test/helpers.ts.
        bindings: {
          ALIVE_TIMEOUT_MS: '2000',
          EXPIRE_TIMEOUT_MS: '1000',
          STUN_URLS: 'stun:stun.test.invalid:3478',
          TURN_URLS: 'turn:turn.test.invalid:3478?transport=udp',
          TURN_SECRET: 'test-secret',
          TURN_TTL_SECONDS: '600',
        },
      },
    }),
  ],
  test: {
    root: here,
    include: ['test/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
