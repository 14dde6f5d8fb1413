/**
 * Builds the venue network lab once for the whole lab run (tests/lab/net.ts) and tears it down afterwards, also when
 * tests fail or the run is interrupted. Leftovers of a crashed earlier run are removed first.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cleanLeftovers, Lab } from './net';
import { printFigures, resetFigures } from './figures';

function need(cmd: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`The network lab needs ${cmd} (apt-get install -y ${pkg})`);
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.getuid?.() !== 0) throw new Error('The network lab needs root (it creates network namespaces)');
  need('ip', 'iproute2');
  need('tc', 'iproute2');
  need('nft', 'nftables');
  need('turnserver', 'coturn');
  need('python3', 'python3');
  const removed = cleanLeftovers();
  if (removed.length > 0) console.log(`lab: removed leftovers of a crashed run: ${removed.join(' ')}`);

  const lab = new Lab(Number(process.env.LAB_PHONES || 4));
  const stop = () => lab.teardown();
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  try {
    await lab.buildNetwork();
    // A fresh shared secret per run, known only to coturn and the Worker (as on a deployment).
    await lab.startServices(randomBytes(18).toString('base64url'));
  } catch (e) {
    console.error(`lab: setup failed; logs in ${lab.info.dir} (kept with LAB_KEEP_LOGS=1)`);
    stop();
    throw e;
  }
  process.env.LAB_JSON = JSON.stringify(lab.info);
  resetFigures();
  console.log(`lab: ${lab.info.ns.phones.length} phone namespaces, app at ${lab.info.baseURL} across the uplink`);
  return async () => {
    printFigures();
    stop();
  };
}
