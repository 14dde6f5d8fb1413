#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, signaling Worker tests (workerd), the /play budget, the e2e suite in real
// Chromium, then the venue network lab (docs/venue-network.md) when this machine can build it (root, iproute2,
// nftables, coturn, python3); without them the lab is skipped and the summary says so in capitals.
// The e2e suite opens real WebRTC data channels: on a machine without a usable network interface run it inside
// a network namespace (scripts/netns-run.sh npm test). Needs Debian's Chromium; see README.
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
  ['venue network lab', ['npm', 'run', '--silent', 'lab']],
];

/** Why this machine cannot build the network lab (tests/lab/global-setup.ts checks the same), or '' when it can. */
function labMissing() {
  if (process.env.SKIP_LAB) return 'SKIP_LAB is set';
  if (process.getuid?.() !== 0) return 'it needs root (it creates network namespaces): sudo npm test';
  const tools = { ip: 'iproute2', nft: 'nftables', turnserver: 'coturn', python3: 'python3' };
  const absent = Object.entries(tools).filter(([cmd]) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
  return absent.length ? `it needs ${absent.map(([, pkg]) => pkg).join(', ')}: sudo apt-get install -y iproute2 nftables coturn python3` : '';
}

if (!process.env.CHROMIUM_PATH && !CHROMIUMS.some((p) => existsSync(p))) {
  console.error(
    'The e2e suite needs Debian\'s Chromium and none was found.\n' +
      'Install it once:  sudo apt-get update && sudo apt-get install -y chromium-headless-shell\n' +
      '(or chromium; or set CHROMIUM_PATH to a Chromium binary).',
  );
  process.exit(1);
}

const started = Date.now();
const skipped = [];
for (const [name, [cmd, ...args]] of steps) {
  const t0 = Date.now();
  if (name === 'venue network lab') {
    const why = labMissing();
    if (why) {
      console.log(`\n=== ${name} === SKIPPED: ${why}`);
      skipped.push(name);
      continue;
    }
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (skipped.length) console.log(`\nAll checks run passed in ${seconds} s; NOT RUN here: ${skipped.join(', ')} (see above).`);
else console.log(`\nAll checks passed in ${seconds} s.`);
console.log(`steps: ${steps.length - skipped.length} passed, 0 failed, ${skipped.length} skipped`);
