#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, signaling Worker tests (workerd), then the e2e suite in real Chromium.
// The e2e suite opens real WebRTC data channels: on a machine without a usable network interface run it inside
// a network namespace (CI: scripts/netns-run.sh npm test). Needs Debian's Chromium; see README.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUMS = ['/usr/lib/chromium/chromium-headless-shell', '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
const steps = [
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['unit tests', ['npm', 'run', '--silent', 'test:unit']],
  ['signaling Worker tests', ['npm', 'run', '--silent', 'test:worker']],
  ['build + /play bundle budget', ['npm', 'run', '--silent', 'size']],
  ['e2e tests', ['npm', 'run', '--silent', 'test:e2e']],
];

if (!process.env.CHROMIUM_PATH && !CHROMIUMS.some((p) => existsSync(p))) {
  console.error(
    'The e2e suite needs Debian\'s Chromium and none was found.\n' +
      'Install it once:  sudo apt-get update && sudo apt-get install -y chromium-headless-shell\n' +
      '(or chromium; or set CHROMIUM_PATH to a Chromium binary).',
  );
  process.exit(1);
}

const started = Date.now();
for (const [name, [cmd, ...args]] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
console.log(`steps: ${steps.length} passed, 0 failed`);
