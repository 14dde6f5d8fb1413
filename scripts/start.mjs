#!/usr/bin/env node
// `npm start`: builds the PWA, then serves it and the signaling Worker from one origin with `wrangler dev`
// on http://localhost:${PORT:-8787}. Works with no internet (see signaling/wrangler.toml for the flags).
// HOST=0.0.0.0 also serves this machine's network addresses, so phones on the same Wi-Fi can join.
// Options: --no-build (serve the existing dist/), --var NAME:VALUE (passed to wrangler, e.g. --var STUN_URLS:),
// --ephemeral (Durable Object storage in a fresh temp folder, so concurrent test servers never share a database).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { networkInterfaces } from 'node:os';
import path from 'node:path';

// wrangler (and so the local Worker) needs Node 22.12+; say so before building rather than after.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Sommelier Arena needs Node 22.12+ or Node 24 (this is Node ${process.versions.node}): install a current LTS and run npm start again.`);
  process.exit(1);
}

const args = process.argv.slice(2);
const port = process.env.PORT || '8787';
const host = process.env.HOST || '127.0.0.1';
const extra = [];
for (let i = 0; i < args.length; i++) if (args[i] === '--var') extra.push('--var', args[++i]);
if (args.includes('--ephemeral')) extra.push('--persist-to', mkdtempSync(path.join(tmpdir(), 'sommelier-wrangler-')));

if (!args.includes('--no-build')) {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
};
const wrangler = spawn(
  'npx',
  ['wrangler', 'dev', '-c', 'signaling/wrangler.toml', '--local', '--ip', host, '--port', port,
    '--show-interactive-dev-session=false', ...extra],
  { stdio: 'inherit', env },
);
/** Prints where to open the app once the local Worker answers (never before: a failing start prints no address). */
async function announceWhenReady() {
  for (;;) {
    if (wrangler.exitCode !== null) return;
    const up = await fetch(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(`\nSommelier Arena is ready: http://localhost:${port}  (host: /host, players: /play)`);
  if (host === '0.0.0.0') {
    const lan = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => `http://${a.address}:${port}`);
    console.log(`On this network (open the host page there so the QR code points to it): ${lan.join('  ') || 'none found'}`);
  }
  console.log('');
}
void announceWhenReady();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => wrangler.kill(sig));
wrangler.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
