/**
 * What an attacker can run against a session, for the e2e specs and the security bench (docs/security.md):
 * - in a browser page of the app's origin that runs none of the app, only the stock peerjs 1.5.5 client
 *   (data channels with any serialization, a seated bot that floods, channels that never join);
 * - from Node, raw WebSockets speaking the PeerJS server protocol (signaling frames the stock client never sends).
 * Nothing here asserts; specs decide what must hold.
 */
import type { Browser, CDPSession, Page } from '@playwright/test';

/** The UMD build of the stock client, which defines `window.peerjs`. */
const PEERJS_UMD = 'node_modules/peerjs/dist/peerjs.min.js';
/** A page of the server's own origin that runs no app code: the signaling API's JSON banner. */
const BLANK_PATH = '/peerjs';

/** What the attacker page keeps between calls. */
interface AttackState {
  peers: import('peerjs').Peer[];
  conns: import('peerjs').DataConnection[];
  /** Frames received per channel index. */
  inbox: unknown[][];
  /** Channel indexes that fired `close`. */
  closed: number[];
}

declare global {
  interface Window {
    peerjs: { Peer: typeof import('peerjs').Peer };
    attack: AttackState;
  }
}

/** A page of the app's origin with only the stock peerjs client loaded, in a context of its own. */
export async function attackerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(BLANK_PATH);
  await page.addScriptTag({ path: PEERJS_UMD });
  await page.evaluate(() => (window.attack = { peers: [], conns: [], inbox: [], closed: [] }));
  return page;
}

/**
 * Opens `count` data channels to the host of `code`, `perPeer` per registered peer id (the Worker lets one socket
 * make a few OFFERs at once), with peerjs `serialization`. Resolves with how many opened within `waitMs`; their
 * indexes in `window.attack.conns` start at the returned `first`.
 */
export async function openChannels(
  page: Page,
  code: string,
  opts: { count?: number; perPeer?: number; serialization?: string; waitMs?: number } = {},
): Promise<{ first: number; opened: number }> {
  return page.evaluate(
    async ({ code, count, perPeer, serialization, waitMs }) => {
      const a = window.attack;
      const first = a.conns.length;
      const alnum = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
      const opened: Promise<boolean>[] = [];
      for (let made = 0; made < count; ) {
        const peer = new window.peerjs.Peer(`sa-${code}-${alnum()}`, {
          host: location.hostname,
          port: Number(location.port) || 80,
          secure: location.protocol === 'https:',
          path: '/',
          key: 'peerjs',
          debug: 0,
          config: { iceServers: [] },
        });
        a.peers.push(peer);
        const ready = await new Promise<boolean>((resolve) => {
          peer.on('open', () => resolve(true));
          peer.on('error', () => resolve(false));
          setTimeout(() => resolve(false), 5000);
        });
        if (!ready) break;
        for (let i = 0; i < perPeer && made < count; i++, made++) {
          const conn = peer.connect(`sa-${code}-host`, { serialization, reliable: true });
          const index = a.conns.push(conn) - 1;
          a.inbox[index] = [];
          conn.on('data', (d) => a.inbox[index]!.push(typeof d === 'string' ? JSON.parse(d) : d));
          conn.on('close', () => a.closed.push(index));
          opened.push(
            new Promise((resolve) => {
              conn.on('open', () => resolve(true));
              setTimeout(() => resolve(false), waitMs);
            }),
          );
        }
      }
      return { first, opened: (await Promise.all(opened)).filter(Boolean).length };
    },
    { code, count: opts.count ?? 1, perPeer: opts.perPeer ?? 1, serialization: opts.serialization ?? 'raw', waitMs: opts.waitMs ?? 8000 },
  );
}

/** Sends raw bytes on channel `index` straight through its RTCDataChannel (what BinaryPack would decode). */
export async function sendBytes(page: Page, index: number, bytes: number[]): Promise<void> {
  await page.evaluate(
    ({ index, bytes }) => {
      const dc = window.attack.conns[index]!.dataChannel;
      dc.send(new Uint8Array(bytes));
    },
    { index, bytes },
  );
}

/** Sends JSON messages on channel `index`, as text frames (our wire format). */
export async function sendJson(page: Page, index: number, messages: unknown[]): Promise<void> {
  await page.evaluate(
    ({ index, messages }) => {
      const dc = window.attack.conns[index]!.dataChannel;
      for (const m of messages) dc.send(JSON.stringify(m));
    },
    { index, messages },
  );
}

/**
 * A seated bot's flood: `count` answer frames for `questionId`, cycling through the options, sent in one go on
 * channel `index`. Resolves with the ms it took to hand them to the channel.
 */
export async function floodAnswers(page: Page, index: number, questionId: string, count: number): Promise<number> {
  return page.evaluate(
    ({ index, questionId, count }) => {
      const dc = window.attack.conns[index]!.dataChannel;
      const t0 = performance.now();
      for (let i = 0; i < count; i++) dc.send(JSON.stringify({ type: 'answer', questionId, optionId: 'abcd'[i % 4] }));
      return performance.now() - t0;
    },
    { index, questionId, count },
  );
}

/** Messages channel `index` received from the host (JSON-decoded), and whether it closed. */
export async function channelState(page: Page, index: number): Promise<{ inbox: { type: string; [k: string]: unknown }[]; closed: boolean }> {
  return page.evaluate((index) => ({ inbox: window.attack.inbox[index] as never, closed: window.attack.closed.includes(index) }), index);
}

/** The id of the question in the last snapshot channel `index` received, or '' if none. */
export async function lastQuestionId(page: Page, index: number): Promise<string> {
  return page.evaluate((index) => {
    const states = (window.attack.inbox[index] ?? []) as { type: string; view?: { question?: { id: string } | null } }[];
    return states.findLast((m) => m.type === 'state')?.view?.question?.id ?? '';
  }, index);
}

/** Channels of the attacker page still open. */
export async function openCount(page: Page): Promise<number> {
  return page.evaluate(() => window.attack.conns.filter((c) => c.open).length);
}

/** Sends a ping on every open channel of the page every `everyMs` (what keeps a channel alive without joining). */
export async function keepPinging(page: Page, everyMs = 2000): Promise<void> {
  await page.evaluate((everyMs) => {
    setInterval(() => {
      for (const c of window.attack.conns) if (c.open) c.dataChannel.send('{"type":"ping"}');
    }, everyMs);
  }, everyMs);
}

/** A real SDP offer for one data channel, made by the attacker page's own RTCPeerConnection (replayable). */
export async function sampleOfferSdp(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    pc.close();
    return offer.sdp!;
  });
}

// ---- from Node: raw WebSockets speaking the PeerJS server protocol ----

const randomAlnum = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

/**
 * Opens a socket as a fresh participant id of `code`, from the app's own Origin and, when given, from client
 * address `address` (`wrangler dev` takes a client's CF-Connecting-IP; Cloudflare's edge never does): resolves once
 * the Worker said OPEN, or null if it did not.
 */
async function openSocket(baseURL: string, code: string, address?: string): Promise<WebSocket | null> {
  const url = new URL(`/peerjs?key=peerjs&id=sa-${code}-${randomAlnum(12)}&token=${randomAlnum(16)}&version=1.5.5`, baseURL);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const headers: Record<string, string> = { Origin: new URL(baseURL).origin, ...(address ? { 'CF-Connecting-IP': address } : {}) };
  // Node's WebSocket (undici) takes request headers as an extension of the standard constructor.
  const ws = new WebSocket(url, { headers } as unknown as string[]);
  return new Promise((resolve) => {
    const done = (v: WebSocket | null) => {
      clearTimeout(timer);
      resolve(v);
    };
    const timer = setTimeout(() => {
      ws.close();
      done(null);
    }, 5000);
    ws.addEventListener('message', (e) => {
      if (String(e.data).includes('"OPEN"')) done(ws);
    });
    ws.addEventListener('close', () => done(null));
    ws.addEventListener('error', () => done(null));
  });
}

/**
 * Registers a fresh participant id of `code` with PeerJS token `token` on a raw socket from this machine and resolves
 * with the Worker's first frame (`OPEN`, or `ERROR` with its `payload.msg`), or null if none came within 5 s; the
 * socket is closed afterwards.
 */
export async function firstFrameWithToken(baseURL: string, code: string, token: string): Promise<{ type: string; payload?: { msg?: string } } | null> {
  const url = new URL(`/peerjs?key=peerjs&id=sa-${code}-${randomAlnum(12)}&token=${token}&version=1.5.5`, baseURL);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url, { headers: { Origin: new URL(baseURL).origin } } as unknown as string[]);
  return new Promise((resolve) => {
    const done = (v: { type: string; payload?: { msg?: string } } | null) => {
      clearTimeout(timer);
      ws.close();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), 5000);
    ws.addEventListener('message', (e) => done(JSON.parse(String(e.data))));
    ws.addEventListener('close', () => done(null));
    ws.addEventListener('error', () => done(null));
  });
}

/** What a signaling flood managed to send. */
export interface FloodResult {
  sockets: number;
  frames: number;
  bytes: number;
}

/**
 * For `seconds` (or until `maxFrames` are sent), keeps `parallel` raw sockets registered as participants of `code` and makes each send `perSocket`
 * frames to the host built by `frame(i)`, then drop the socket and register a fresh id (fresh rate buckets).
 * `perSecond` paces all sockets together (default: as fast as the Worker takes them).
 */
export async function signalingFlood(
  baseURL: string,
  code: string,
  opts: {
    seconds: number;
    parallel: number;
    perSocket: number;
    perSecond?: number;
    maxFrames?: number;
    /** Client address of the n-th socket (a botnet of many addresses); default: this machine's. */
    address?: (n: number) => string;
    frame: (i: number) => unknown;
  },
): Promise<FloodResult> {
  const maxFrames = opts.maxFrames ?? Infinity;
  const start = Date.now();
  const until = start + opts.seconds * 1000;
  const result: FloodResult = { sockets: 0, frames: 0, bytes: 0 };
  let i = 0;
  let opened = 0;
  /** Waits for the next frame's turn when paced. */
  const pace = async () => {
    if (!opts.perSecond) return;
    const due = start + (i / opts.perSecond) * 1000;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
  };
  const worker = async () => {
    while (Date.now() < until && i < maxFrames) {
      const ws = await openSocket(baseURL, code, opts.address?.(opened++));
      if (!ws) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      result.sockets++;
      for (let n = 0; n < opts.perSocket && ws.readyState === WebSocket.OPEN && Date.now() < until && i < maxFrames; n++) {
        const index = i++;
        await pace();
        const text = JSON.stringify(opts.frame(index));
        ws.send(text);
        result.frames++;
        result.bytes += text.length;
      }
      // Let the Worker relay what it took before the socket goes.
      await new Promise((r) => setTimeout(r, 100));
      ws.close();
    }
  };
  await Promise.all(Array.from({ length: opts.parallel }, worker));
  return result;
}

/** A CANDIDATE for a connection the host never heard of, padded to about `bytes` (the Worker relays up to 64 KB). */
export function strayCandidate(code: string, i: number, bytes: number): unknown {
  return {
    type: 'CANDIDATE',
    dst: `sa-${code}-host`,
    payload: {
      type: 'data',
      connectionId: `dc_stray${i}`,
      candidate: { candidate: `candidate:1 1 udp 1 10.0.0.1 9 typ host ${'x'.repeat(Math.max(0, bytes - 200))}`, sdpMid: '0', sdpMLineIndex: 0 },
    },
  };
}

/** An OFFER for a data channel that will never connect (a replayed SDP, nobody behind it). */
export function junkOffer(code: string, i: number, sdp: string): unknown {
  return {
    type: 'OFFER',
    dst: `sa-${code}-host`,
    payload: { type: 'data', connectionId: `dc_junk${i}${randomAlnum(6)}`, serialization: 'raw', reliable: true, label: 'x', sdp: { type: 'offer', sdp } },
  };
}

// ---- measuring the host page ----

/** The host page's JS heap after a forced garbage collection, in MB (Chromium DevTools protocol). */
export async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize / 1024 / 1024;
}

/** Starts recording the host page's long tasks (main thread busy > 50 ms). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

/** Longest main-thread block since `watchLongTasks`, in ms (0 if none over 50 ms). */
export async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
}

/** How long the page's main thread takes to run a trivial script, in ms, giving up after `capMs` (then null). */
export async function responsiveIn(page: Page, capMs: number): Promise<number | null> {
  const t0 = Date.now();
  const r = await Promise.race([page.evaluate(() => 1), new Promise((r) => setTimeout(() => r(null), capMs))]);
  return r === null ? null : Date.now() - t0;
}
