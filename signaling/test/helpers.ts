// Test clients: real websockets to the real Worker (through SELF, so the router runs too).
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { afterEach } from 'vitest';
import type { Env } from '../src/env';

/** Vars set in vitest.config.mts. */
export const ALIVE_TIMEOUT_MS = 4000;
export const EXPIRE_TIMEOUT_MS = 1000;
export const HOST_GRACE_CLOSED_MS = 1000;
export const HOST_GRACE_LOST_MS = 3000;
/**
 * The client address tests connect from unless they say otherwise (as `CF-Connecting-IP`, which Cloudflare sets).
 * Loopback, which the cross-session address limits leave alone, so tests of other behaviour never meet them.
 */
export const DEFAULT_ADDRESS = '127.0.0.1';
/** How long a test waits for something that must happen (far above any timeout under test). */
export const PATIENCE_MS = 8000;
/** How long a test watches for something that must not happen. */
export const QUIET_MS = 300;

/** A frame received from the server. */
export interface Frame {
  type: string;
  src?: string;
  dst?: string;
  payload?: unknown;
  /** Stamped by this Worker on an OFFER from a seated socket. */
  seated?: boolean;
}

/** Opens `/peerjs?<query>` from `address` and returns the client end of the websocket (accepted, not yet read). */
export async function openSocket(query: string, address = DEFAULT_ADDRESS, headers: Record<string, string> = {}): Promise<WebSocket> {
  const response = await SELF.fetch(`http://localhost/peerjs?${query}`, {
    headers: { Upgrade: 'websocket', 'CF-Connecting-IP': address, ...headers },
  });
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) throw new Error(`Upgrade refused: ${response.status}`);
  ws.accept();
  return ws;
}

/** A connected test peer: records every frame and the close. */
export class TestPeer {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
  ) {
    ws.addEventListener('message', (event) => {
      this.frames.push(JSON.parse(event.data as string) as Frame);
      this.notify();
    });
    ws.addEventListener('close', (event) => {
      this.closeCode = event.code;
      this.notify();
    });
  }

  /** Sends an object as JSON, or a string as is. */
  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Removes and returns the first recorded frame of `type`, waiting up to PATIENCE_MS for it. */
  async take(type: string): Promise<Frame> {
    await this.until(() => this.frames.some((frame) => frame.type === type), `a ${type} frame`);
    const index = this.frames.findIndex((frame) => frame.type === type);
    return this.frames.splice(index, 1)[0] as Frame;
  }

  /** Removes and returns the first recorded frame `match` accepts, waiting up to PATIENCE_MS for it. */
  async takeMatching(match: (frame: Frame) => boolean, what: string): Promise<Frame> {
    await this.until(() => this.frames.some(match), what);
    return this.frames.splice(this.frames.findIndex(match), 1)[0] as Frame;
  }

  /** Waits until at least `count` frames arrived; returns them all, in arrival order, without removing them. */
  async received(count: number): Promise<Frame[]> {
    await this.until(() => this.frames.length >= count, `${count} frames`);
    return [...this.frames];
  }

  /** Waits until the server closed the socket; returns the close code. */
  async closed(): Promise<number> {
    await this.until(() => this.closeCode !== null, 'the socket to close');
    return this.closeCode as number;
  }

  /** Waits QUIET_MS and returns the frames of `type` received meanwhile (and before), removing them. */
  async quietly(type: string): Promise<Frame[]> {
    await sleep(QUIET_MS);
    const matching = this.frames.filter((frame) => frame.type === type);
    this.frames.splice(0, this.frames.length, ...this.frames.filter((frame) => frame.type !== type));
    return matching;
  }

  close(): void {
    this.ws.close(1000, 'test done');
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private until(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`${this.id}: waited ${PATIENCE_MS} ms for ${what}; frames: ${JSON.stringify(this.frames)}`));
      }, PATIENCE_MS);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }
}

/** Where a test client connects from. */
export interface From {
  /** Client address (`CF-Connecting-IP`); DEFAULT_ADDRESS if absent. */
  address?: string;
}

/** Connects `id` with `token` the way peerjs 1.5.5 does; does not wait for OPEN. */
export async function connect(id: string, token = `tok${id.replace(/\W/g, '')}`, from: From = {}): Promise<TestPeer> {
  const query = `key=peerjs&id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}&version=1.5.5`;
  return new TestPeer(id, await openSocket(query, from.address));
}

/** Connects and waits for OPEN. */
export async function join(id: string, token?: string, from: From = {}): Promise<TestPeer> {
  const peer = await connect(id, token, from);
  await peer.take('OPEN');
  return peer;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `read` until it returns `want` or PATIENCE_MS passes; returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, want: T): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  let value = await read();
  while (value !== want && Date.now() < deadline) {
    await sleep(50);
    value = await read();
  }
  return value;
}

/** How many frames session `code`'s Durable Object holds for absent peers right now (read inside the object). */
export async function queuedFrames(code: string): Promise<number> {
  const sessions = (env as unknown as Env).SESSIONS;
  return runInDurableObject(sessions.get(sessions.idFromName(code)), (_session, state) =>
    state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM queue').one().n,
  );
}

/** SHA-256 of `text` as lowercase hex: what the host puts in SEATS `tokens` for a seated phone's peer token. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Waits until the session has handled every frame `peer` sent so far: sends a frame of an unknown type and waits for
 * its ERROR (frames of one socket are handled in order). Frames before it that got no answer (a valid SEATS) are done.
 */
export async function synced(peer: TestPeer): Promise<void> {
  const msg = `Unknown message type: SYNC${Math.floor(Math.random() * 1e9)}`;
  peer.send({ type: msg.slice('Unknown message type: '.length) });
  await peer.takeMatching((frame) => frame.type === 'ERROR' && errorMessage(frame) === msg, 'the sync ERROR');
}

/** The `msg` of an ERROR frame (undefined for other frames). */
export function errorMessage(frame: Frame | undefined): string | undefined {
  return frame?.type === 'ERROR' ? (frame.payload as { msg?: string } | undefined)?.msg : undefined;
}

/** What a host tells the Worker in a SEATS frame (docs/protocol.md). */
export interface Seats {
  locked: boolean;
  tokens: string[];
  ids: string[];
}

/** The host `host` sends SEATS with `payload`, then waits until the session has handled it. */
export async function sendSeats(host: TestPeer, payload: Seats | unknown): Promise<void> {
  host.send({ type: 'SEATS', payload });
  await synced(host);
}

/**
 * Makes the live sockets of session `code` look `ms` older than they are (their connect time, not their last frame),
 * as if JOIN_GRACE_MS had passed: `only` limits it to those peer ids. Reads and writes the socket attachments inside
 * the session object, so eviction order is tested without waiting.
 */
export async function ageSockets(code: string, ms: number, only?: readonly string[]): Promise<number> {
  const sessions = (env as unknown as Env).SESSIONS;
  return runInDurableObject(sessions.get(sessions.idFromName(code)), (_session, state) => {
    let aged = 0;
    for (const ws of state.getWebSockets()) {
      const attachment = ws.deserializeAttachment() as { id?: string; connectedAt?: number } | null;
      if (!attachment || (only && !only.includes(attachment.id ?? ''))) continue;
      if (typeof attachment.connectedAt === 'number') attachment.connectedAt -= ms;
      ws.serializeAttachment(attachment);
      aged += 1;
    }
    return aged;
  });
}

/**
 * Session codes `first + 1`, `first + 2`, … one per call. Each test file starts its own range, so no two tests
 * share a session object.
 */
export function sessionCodes(first: number): () => string {
  let next = first;
  return () => String((next += 1));
}

/** The peers one test file opens: each is closed after its test, if still open. */
export interface PeerTracker {
  /** Keeps `peer` to close after the test; returns it. */
  track(peer: TestPeer): TestPeer;
  /** Connects `id` with `token` and answers its first frame's type (`ERROR <msg>` for an ERROR); the socket stays open. */
  outcome(id: string, token: string, from?: From): Promise<string>;
  /** Joins `count` participants of `code` from `from`, `batch` at a time; ids `sa-<code>-<prefix><n>` (n on 5 digits). */
  joinMany(code: string, prefix: string, count: number, from: From, batch?: number): Promise<TestPeer[]>;
}

/** A PeerTracker for the calling test file; registers its afterEach hook, so call it at the file's top level. */
export function peerTracker(): PeerTracker {
  const opened: TestPeer[] = [];
  afterEach(() => {
    for (const peer of opened.splice(0)) if (peer.closeCode === null) peer.close();
  });
  const track = (peer: TestPeer) => {
    opened.push(peer);
    return peer;
  };
  return {
    track,
    async outcome(id, token, from = {}) {
      const peer = track(await connect(id, token, from));
      const [first] = await peer.received(1);
      return first?.type === 'ERROR' ? `ERROR ${errorMessage(first)}` : (first?.type as string);
    },
    async joinMany(code, prefix, count, from, batch = 40) {
      const peers: TestPeer[] = [];
      for (let start = 0; start < count; start += batch) {
        const ids = Array.from({ length: Math.min(batch, count - start) }, (_, i) => `sa-${code}-${prefix}${String(start + i).padStart(5, '0')}`);
        peers.push(...(await Promise.all(ids.map(async (id) => track(await join(id, undefined, from))))));
      }
      return peers;
    },
  };
}
