// Test clients: real websockets to the real Worker (through SELF, so the router runs too).
import { env, runInDurableObject, SELF } from 'cloudflare:test';
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
