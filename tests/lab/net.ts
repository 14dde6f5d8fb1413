/**
 * The venue network lab (docs/venue-network.md): Linux network namespaces standing for the internet, a venue's
 * router, the host's tablet and guests' phones, with switches for the uplink's delay, bandwidth and cut, and the
 * venue Wi-Fi's loss, bandwidth and client isolation. Needs root, iproute2, nftables, coturn and python3.
 *
 *   internet (10.200.0.1: signaling Worker under wrangler dev :8787, coturn :3478)
 *      │ uplink: a TUN pair joined by tests/lab/wire.py (delay, cut) + tbf (bandwidth)
 *   venue-gw (10.200.0.2 uplink, NAT; bridge br0 10.201.0.1 = the venue Wi-Fi: loss, isolation via nftables)
 *      ├── venue-host   wlan0 10.201.0.10  (the host's Chromium)
 *      └── venue-phoneN wlan0 10.201.0.2N  (one Chromium per phone), tbf per station
 *
 * Only 10.200.0.0/24 and 10.201.0.0/24 inside the lab's own namespaces are used. Namespaces are named
 * `salab<pid>-…` after the process that built them, so leftovers of a crashed run are found (owner dead) and removed
 * without touching a lab that is still running.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

export const PREFIX = 'salab';
export const INTERNET_IP = '10.200.0.1';
export const UPLINK_GW_IP = '10.200.0.2';
export const LAN_GW_IP = '10.201.0.1';
export const HOST_IP = '10.201.0.10';
export const WORKER_PORT = 8787;
export const TURN_PORT = 3478;

/** Address of phone `i` (0-based) on the venue Wi-Fi: 10.201.0.21, .22, … */
export function phoneIp(i: number): string {
  return `10.201.0.${21 + i}`;
}

/** What the test processes need to know about a running lab (passed from the global setup in LAB_JSON). */
export interface LabInfo {
  prefix: string;
  /** Namespace names: internet, gw, host, phones[i]. */
  ns: { internet: string; gw: string; host: string; phones: string[] };
  /** Bridge port (in gw) of each station, by namespace name. */
  ports: Record<string, string>;
  /** The app's origin as the venue sees it: the Worker across the uplink. */
  baseURL: string;
  /** Folder with the wire's control FIFO, logs and the Chromium wrappers. */
  dir: string;
  /** Chromium wrapper executable per namespace name. */
  chromium: Record<string, string>;
}

/** Network conditions; every field optional, the lab's default is a perfect network. */
export interface Conditions {
  /** Uplink round trip added by the wire, ms (split evenly between directions). */
  uplinkRttMs?: number;
  /** Uplink bandwidth in each direction, kbit/s (tbf); undefined = unlimited. */
  uplinkKbit?: number;
  /** Uplink cut: every packet between the venue and the internet dropped. */
  uplinkCut?: boolean;
  /** Loss on the venue Wi-Fi, percent of IPv4 frames entering the bridge from any station or the router. */
  lanLossPct?: number;
  /** Each station's Wi-Fi bandwidth in each direction, kbit/s (tbf); undefined = unlimited. */
  lanKbit?: number;
  /** Client isolation: the bridge forwards nothing between stations (phones and host reach only the router). */
  isolation?: boolean;
  /** Stations (namespace names) whose every frame the bridge silently drops, both ways (no link event). */
  silenced?: string[];
  /** Stations whose Wi-Fi link is down (carrier lost, as when a tablet drops off the Wi-Fi). */
  linkDown?: string[];
}

/** Runs a command, throwing with its stderr on failure; returns stdout. */
export function run(cmd: string, args: string[], input?: string): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${err.stderr?.trim() || err.message}`);
  }
}

function tryRun(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
  } catch {
    // best effort (teardown, optional qdisc removal)
  }
}

const inNs = (ns: string, cmd: string, ...args: string[]) => run('ip', ['netns', 'exec', ns, cmd, ...args]);

/** Removes namespaces (and kills their processes) of labs whose owning process is gone. */
export function cleanLeftovers(): string[] {
  const removed: string[] = [];
  const list = run('ip', ['netns', 'list']);
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    deleteNamespace(name);
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function deleteNamespace(name: string): void {
  try {
    for (const pid of run('ip', ['netns', 'pids', name]).split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } catch {
    // namespace already gone
  }
  tryRun('ip', ['netns', 'del', name]);
}

/** A lab being built or running, owned by this process. */
export class Lab {
  readonly info: LabInfo;
  private readonly children: ChildProcess[] = [];
  private torn = false;

  constructor(phones: number) {
    const prefix = `${PREFIX}${process.pid}`;
    const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    const phoneNs = Array.from({ length: phones }, (_, i) => `${prefix}-phone${i + 1}`);
    const ns = { internet: `${prefix}-internet`, gw: `${prefix}-gw`, host: `${prefix}-host`, phones: phoneNs };
    const ports: Record<string, string> = { [ns.host]: 'lan-host' };
    phoneNs.forEach((p, i) => (ports[p] = `lan-phone${i + 1}`));
    const chromium: Record<string, string> = {};
    this.info = { prefix, ns, ports, baseURL: `http://${INTERNET_IP}:${WORKER_PORT}`, dir, chromium };
  }

  private log(line: string): void {
    appendFileSync(path.join(this.info.dir, 'lab.log'), `${new Date().toISOString()} ${line}\n`);
  }

  /** Creates namespaces, links, NAT and the uplink wire. */
  async buildNetwork(): Promise<void> {
    const { ns, ports, dir } = this.info;
    const all = [ns.internet, ns.gw, ns.host, ...ns.phones];
    for (const n of all) {
      run('ip', ['netns', 'add', n]);
      run('ip', ['-n', n, 'link', 'set', 'lo', 'up']);
      // IPv4 only: no link-local IPv6 path around the lab's rules.
      inNs(n, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
    }
    // The venue LAN: a bridge in the router, one veth per station (its `wlan0`).
    run('ip', ['-n', ns.gw, 'link', 'add', 'br0', 'type', 'bridge']);
    run('ip', ['-n', ns.gw, 'addr', 'add', `${LAN_GW_IP}/24`, 'dev', 'br0']);
    run('ip', ['-n', ns.gw, 'link', 'set', 'br0', 'up']);
    const stations = [ns.host, ...ns.phones];
    stations.forEach((station) => {
      const port = ports[station]!;
      const ip = station === ns.host ? HOST_IP : phoneIp(ns.phones.indexOf(station));
      run('ip', ['-n', ns.gw, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'wlan0', 'netns', station]);
      run('ip', ['-n', ns.gw, 'link', 'set', port, 'master', 'br0', 'up']);
      run('ip', ['-n', station, 'addr', 'add', `${ip}/24`, 'dev', 'wlan0']);
      run('ip', ['-n', station, 'link', 'set', 'wlan0', 'up']);
      run('ip', ['-n', station, 'route', 'add', 'default', 'via', LAN_GW_IP]);
    });
    // The uplink: a TUN device in the router and one in the internet namespace, joined by the wire.
    const fifo = path.join(dir, 'wire.ctl');
    run('mkfifo', [fifo]);
    const wire = spawn('python3', [path.join(here, 'wire.py'), ns.gw, 'up0', ns.internet, 'up1', fifo], {
      stdio: ['ignore', 'pipe', openSync(path.join(dir, 'wire.log'), 'a')],
      detached: true,
    });
    this.children.push(wire);
    await new Promise<void>((resolve, reject) => {
      wire.once('exit', (code) => reject(new Error(`wire.py exited (${code}); see ${dir}/wire.log`)));
      wire.stdout!.once('data', () => resolve());
    });
    run('ip', ['-n', ns.gw, 'addr', 'add', UPLINK_GW_IP, 'peer', INTERNET_IP, 'dev', 'up0']);
    run('ip', ['-n', ns.gw, 'link', 'set', 'up0', 'up']);
    run('ip', ['-n', ns.gw, 'route', 'add', 'default', 'via', INTERNET_IP, 'dev', 'up0']);
    run('ip', ['-n', ns.internet, 'addr', 'add', INTERNET_IP, 'peer', UPLINK_GW_IP, 'dev', 'up1']);
    run('ip', ['-n', ns.internet, 'link', 'set', 'up1', 'up']);
    // The rest of the internet: a default route where packets vanish silently, as packets to another venue's private
    // address do on the real internet. Without it coturn's sends to a phone's private host candidate fail with
    // ENETUNREACH, and coturn closes that whole allocation (seen here), which no real TURN server would suffer.
    run('ip', ['-n', ns.internet, 'link', 'add', 'void0', 'type', 'veth', 'peer', 'name', 'void1']);
    run('ip', ['-n', ns.internet, 'link', 'set', 'void0', 'up']);
    run('ip', ['-n', ns.internet, 'link', 'set', 'void1', 'up']);
    run('ip', ['-n', ns.internet, 'addr', 'add', '10.200.1.1/30', 'dev', 'void0']);
    run('ip', ['-n', ns.internet, 'neigh', 'add', '10.200.1.2', 'lladdr', '02:00:00:00:00:01', 'dev', 'void0', 'nud', 'permanent']);
    run('ip', ['-n', ns.internet, 'route', 'add', 'default', 'via', '10.200.1.2', 'dev', 'void0']);
    inNs(ns.gw, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    // The venue is behind NAT, as venues are: the internet sees only the router's uplink address.
    run('ip', ['netns', 'exec', ns.gw, 'nft', '-f', '-'], [
      'table ip nat {',
      '  chain post { type nat hook postrouting priority 100; oifname "up0" masquerade; }',
      '}',
    ].join('\n'));
    for (const n of all) {
      const wrapper = path.join(dir, `chromium-${n}`);
      writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${n} ${chromiumBinary()} "$@"\n`);
      chmodSync(wrapper, 0o755);
      this.info.chromium[n] = wrapper;
    }
    this.log(`network built: ${all.join(' ')}`);
    applyConditions(this.info, {});
  }

  /** Starts coturn and the signaling Worker in the internet namespace; resolves once both answer. */
  async startServices(turnSecret: string): Promise<void> {
    const { ns, dir } = this.info;
    const conf = path.join(dir, 'turnserver.conf');
    writeFileSync(conf, [
      `listening-ip=${INTERNET_IP}`, `relay-ip=${INTERNET_IP}`, `listening-port=${TURN_PORT}`,
      'min-port=49152', 'max-port=49999', 'use-auth-secret', `static-auth-secret=${turnSecret}`, 'realm=venue.lab',
      'fingerprint', ...(process.env.LAB_TURN_VERBOSE ? ['verbose'] : []), 'no-tls', 'no-dtls', 'no-cli', 'simple-log', `log-file=${path.join(dir, 'turnserver.log')}`,
      `pidfile=${path.join(dir, 'turnserver.pid')}`, 'no-software-attribute',
    ].join('\n') + '\n');
    this.spawnIn(ns.internet, 'turnserver', ['-c', conf], 'turnserver.out');
    this.spawnIn(ns.internet, 'node', [
      path.join(repo, 'scripts/start.mjs'), '--no-build', '--ephemeral', ...workerIceVars(turnSecret).flatMap((v) => ['--var', v]),
    ], 'wrangler.log', { PORT: String(WORKER_PORT), HOST: INTERNET_IP });
    // Wait from inside the internet namespace (the outside has no route into the lab).
    inNs(ns.internet, 'node', '-e', `
      const until = Date.now() + 120000;
      (async () => {
        for (;;) {
          try { if ((await fetch('http://${INTERNET_IP}:${WORKER_PORT}/api/ice')).ok) break; } catch {}
          if (Date.now() > until) { console.error('signaling Worker did not start'); process.exit(1); }
          await new Promise((r) => setTimeout(r, 300));
        }
      })();`);
    this.log('services up');
  }

  private spawnIn(netns: string, cmd: string, args: string[], logName: string, env: Record<string, string> = {}): void {
    const out = openSync(path.join(this.info.dir, logName), 'a');
    const child = spawn('ip', ['netns', 'exec', netns, cmd, ...args], {
      cwd: repo,
      stdio: ['ignore', out, out],
      detached: true,
      env: { ...process.env, ...env },
    });
    this.children.push(child);
  }

  /** Stops every process and removes every namespace of this lab. Safe to call twice, and from an exit handler. */
  teardown(): void {
    if (this.torn) return;
    this.torn = true;
    for (const child of this.children) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    const { ns } = this.info;
    for (const n of [ns.host, ...ns.phones, ns.gw, ns.internet]) deleteNamespace(n);
    if (!process.env.LAB_KEEP_LOGS) rmSync(this.info.dir, { recursive: true, force: true });
  }
}

/** The Worker vars that make `/api/ice` serve the lab's STUN and TURN, as a deployment would set them. */
export function workerIceVars(turnSecret: string): string[] {
  return [
    `STUN_URLS:stun:${INTERNET_IP}:${TURN_PORT}`,
    `TURN_URLS:turn:${INTERNET_IP}:${TURN_PORT}?transport=udp turn:${INTERNET_IP}:${TURN_PORT}?transport=tcp`,
    `TURN_SECRET:${turnSecret}`,
  ];
}

function chromiumBinary(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium-headless-shell', '/usr/lib/chromium/chromium'].find(
    (p): p is string => !!p && existsSync(p),
  );
  if (!found) throw new Error('No Chromium: apt-get install -y chromium-headless-shell (or set CHROMIUM_PATH)');
  return found;
}

/**
 * Sets the lab's network to `c` (anything not given goes back to perfect): uplink delay/cut through the wire's
 * control FIFO, bandwidth with tbf, Wi-Fi loss/isolation/silenced stations as one nftables bridge table, link state.
 */
export function applyConditions(info: LabInfo, c: Conditions): void {
  const { ns, ports, dir } = info;
  // Non-blocking: if the wire died there is no reader, and this throws (ENXIO) instead of hanging the test.
  const ctl = openSync(path.join(dir, 'wire.ctl'), constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    writeSync(ctl, `delay ${(c.uplinkRttMs ?? 0) / 2}\ncut ${c.uplinkCut ? 1 : 0}\n`);
  } finally {
    closeSync(ctl);
  }
  shape(ns.gw, 'up0', c.uplinkKbit);
  shape(ns.internet, 'up1', c.uplinkKbit);
  for (const station of [ns.host, ...ns.phones]) {
    shape(ns.gw, ports[station]!, c.lanKbit);
    shape(station, 'wlan0', c.lanKbit);
    const down = c.linkDown?.includes(station) ?? false;
    run('ip', ['-n', ns.gw, 'link', 'set', ports[station]!, down ? 'down' : 'up']);
  }
  const loss = c.lanLossPct ? `ether type ip numgen random mod 100 < ${c.lanLossPct} drop` : '';
  const silencedIn = (c.silenced ?? []).map((s) => `iifname "${ports[s]}" drop`);
  const silencedOut = (c.silenced ?? []).map((s) => `oifname "${ports[s]}" drop`);
  const rules = (lines: string[]) => lines.filter(Boolean).map((l) => `    ${l};`).join('\n');
  run('ip', ['netns', 'exec', ns.gw, 'nft', '-f', '-'], [
    'table bridge wifi {}',
    'delete table bridge wifi',
    'table bridge wifi {',
    `  chain from_station { type filter hook prerouting priority 0; policy accept;\n${rules([...silencedIn, loss])}\n  }`,
    `  chain between_stations { type filter hook forward priority 0; policy accept;\n${rules([...silencedOut, c.isolation ? 'drop' : ''])}\n  }`,
    `  chain from_router { type filter hook output priority 0; policy accept;\n${rules([...silencedOut, loss])}\n  }`,
    '}',
  ].join('\n'));
}

/** Caps `dev`'s egress at `kbit` kbit/s with tbf, or removes the cap. */
function shape(netns: string, dev: string, kbit: number | undefined): void {
  if (!kbit) {
    tryRun('tc', ['-n', netns, 'qdisc', 'del', 'dev', dev, 'root']);
    return;
  }
  // Burst of ~20 ms of traffic (at least 16 kB) and a queue of up to 300 ms, like a congested access point.
  const burst = Math.max(16_000, Math.round((kbit * 1000) / 8 / 50));
  run('tc', ['-n', netns, 'qdisc', 'replace', 'dev', dev, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', String(burst),
    'latency', '300ms']);
}

/** The lab described by the global setup, in a test process. */
export function labInfo(): LabInfo {
  const json = process.env.LAB_JSON;
  if (!json) throw new Error('LAB_JSON is not set: run the lab with `npm run lab`');
  return JSON.parse(json) as LabInfo;
}
