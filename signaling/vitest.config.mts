// Worker tests: the real Worker + Durable Objects run under workerd (Miniflare) via @cloudflare/vitest-plugin.
// The bindings mirror wrangler.toml except the static assets (../dist may not be built when tests run). Two projects:
// - protocol: timeouts shortened so timeout behaviour is tested in seconds, not minutes;
// - limits (test/limits/): the deployed timeouts, so tests holding hundreds of sockets need no heartbeats and the
//   figures they check are the real ones; only EXPIRE is later, so frames queued by a test stay while it counts.
import { readFileSync } from 'node:fs';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const here = import.meta.dirname;
/** Same compatibility date as the deployed Worker. */
const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(
  readFileSync(`${here}/wrangler.toml`, 'utf8'),
)?.[1];

/** Vars every project uses (keep in step with test/http.test.ts). */
const COMMON_VARS = {
  ALLOWED_ORIGINS: 'https://allowed.test.invalid',
  STUN_URLS: 'stun:stun.test.invalid:3478',
  TURN_URLS: 'turn:turn.test.invalid:3478?transport=udp',
  TURN_SECRET: 'test-secret',
  TURN_TTL_SECONDS: '600',
};

/** One project: the Worker with `vars` on top of COMMON_VARS, running the test files `include`. */
function project(name: string, include: string[], exclude: string[], vars: Record<string, string>) {
  return {
    plugins: [
      cloudflareTest({
        main: './src/index.ts',
        miniflare: {
          compatibilityDate,
          durableObjects: {
            SESSIONS: { className: 'SignalingSession', useSQLite: true },
            LIMITER: { className: 'AddressLimiter', useSQLite: true },
          },
          bindings: { ...COMMON_VARS, ...vars },
        },
      }),
    ],
    test: { name, root: here, include, exclude, testTimeout: 15_000 },
  };
}

export default defineConfig({
  test: {
    projects: [
      // Keep in step with test/helpers.ts.
      project('protocol', ['test/*.test.ts'], [], {
        ALIVE_TIMEOUT_MS: '4000',
        EXPIRE_TIMEOUT_MS: '1000',
        HOST_GRACE_CLOSED_MS: '1000',
        HOST_GRACE_LOST_MS: '3000',
      }),
      project('limits', ['test/limits/*.test.ts'], [], { EXPIRE_TIMEOUT_MS: '60000' }),
    ],
  },
});
