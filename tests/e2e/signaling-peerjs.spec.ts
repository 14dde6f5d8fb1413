// The stock peerjs 1.5.5 browser client, unchanged, finds a peer through our signaling Worker and opens a data
// channel. Two pages in separate browser contexts (like two phones); no app code runs on them. WebRTC needs a
// non-loopback interface: on a loopback-only machine run it inside scripts/netns-run.sh.
import { type Page, type WebSocket as PageWebSocket, expect, test } from '@playwright/test';
import { fixturePath, hostSession } from './helpers';

/** The UMD build, which defines `window.peerjs`. */
const PEERJS_SCRIPT = 'node_modules/peerjs/dist/peerjs.min.js';
/**
 * A page of the server's origin that runs none of the app: the signaling API's JSON banner. It must really come
 * from the server: Chromium's Local Network Access checks block websockets to localhost from a page that
 * Playwright fulfilled itself (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
 */
const BLANK_PATH = '/peerjs';
const HOST_ID = 'sa-4242-host';
const GUEST_ID = 'sa-4242-abc123';
/** Signaling frame types worth counting per join. */
const COUNTED = ['OFFER', 'ANSWER', 'CANDIDATE'] as const;

declare global {
  interface Window {
    peerjs: { Peer: typeof import('peerjs').Peer };
    /** Data the host page received. */
    hostInbox: unknown[];
  }
}

/** Opens a page of the server's origin with the stock peerjs client loaded. */
async function peerPage(page: Page): Promise<Page> {
  await page.goto(BLANK_PATH);
  await page.addScriptTag({ path: PEERJS_SCRIPT });
  return page;
}

/** Counts the OFFER/ANSWER/CANDIDATE frames a page sends on its signaling socket. */
function countSentFrames(page: Page): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(COUNTED.map((type) => [type, 0]));
  page.on('websocket', (ws: PageWebSocket) => {
    ws.on('framesent', ({ payload }) => {
      try {
        const type = (JSON.parse(String(payload)) as { type?: string }).type;
        if (type && type in counts) counts[type] = (counts[type] ?? 0) + 1;
      } catch {
        // Not JSON: not a signaling frame.
      }
    });
  });
  return counts;
}

test('two stock peerjs clients exchange data-channel messages through the signaling Worker', async ({ browser }) => {
  const hostContext = await browser.newContext();
  const guestContext = await browser.newContext();
  try {
    const host = await peerPage(await hostContext.newPage());
    const guest = await peerPage(await guestContext.newPage());
    const hostSent = countSentFrames(host);
    const guestSent = countSentFrames(guest);

    // Host: register, then answer every message with an echo.
    await host.evaluate(async (id) => {
      window.hostInbox = [];
      const peer = new window.peerjs.Peer(id, {
        host: location.hostname,
        port: Number(location.port),
        secure: location.protocol === 'https:',
        path: '/',
        key: 'peerjs',
        token: 'e2eHostToken',
        config: { iceServers: [] },
      });
      await new Promise<void>((resolve, reject) => {
        peer.on('open', () => resolve());
        peer.on('error', reject);
      });
      peer.on('connection', (conn) => {
        conn.on('data', (data) => {
          window.hostInbox.push(data);
          conn.send({ echo: data, from: peer.id });
        });
      });
    }, HOST_ID);

    // Guest: register, connect to the host, send one message, wait for the reply.
    const reply = await guest.evaluate(
      async ({ id, hostId }) => {
        const peer = new window.peerjs.Peer(id, {
          host: location.hostname,
          port: Number(location.port),
          secure: location.protocol === 'https:',
          path: '/',
          key: 'peerjs',
          token: 'e2eGuestToken',
          config: { iceServers: [] },
        });
        await new Promise<void>((resolve, reject) => {
          peer.on('open', () => resolve());
          peer.on('error', reject);
        });
        const conn = peer.connect(hostId, { reliable: true });
        await new Promise<void>((resolve, reject) => {
          conn.on('open', () => resolve());
          conn.on('error', reject);
          peer.on('error', reject);
        });
        const answer = new Promise((resolve) => conn.on('data', resolve));
        conn.send({ hello: 'from guest' });
        return answer;
      },
      { id: GUEST_ID, hostId: HOST_ID },
    );

    expect(reply).toEqual({ echo: { hello: 'from guest' }, from: HOST_ID });
    expect(await host.evaluate(() => window.hostInbox)).toEqual([{ hello: 'from guest' }]);
    // The offer went guest → host and the answer host → guest, through the Worker.
    expect(guestSent.OFFER).toBe(1);
    expect(hostSent.ANSWER).toBe(1);
    test.info().annotations.push({
      type: 'signaling frames per join',
      description: `guest sent ${JSON.stringify(guestSent)}, host sent ${JSON.stringify(hostSent)}`,
    });
  } finally {
    await hostContext.close();
    await guestContext.close();
  }
});

test('the app host closes a channel that asks for binary serialization, and keeps serving raw ones', async ({ browser }) => {
  // The app bundles no binarypack codec (docs/performance.md): a peer asking for `binary` must be turned away
  // before it can send a frame the host cannot read.
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'));
  const hostErrors: string[] = [];
  host.on('pageerror', (e) => hostErrors.push(e.message));
  const context = await browser.newContext();
  try {
    const stranger = await peerPage(await context.newPage());
    const result = await stranger.evaluate(async (hostId) => {
      const peer = new window.peerjs.Peer(hostId.replace(/host$/, "stranger1"), {
        host: location.hostname,
        port: Number(location.port),
        secure: location.protocol === 'https:',
        path: '/',
        key: 'peerjs',
        token: 'e2eStrangerToken',
        config: { iceServers: [] },
      });
      await new Promise<void>((resolve, reject) => {
        peer.on('open', () => resolve());
        peer.on('error', reject);
      });
      // The binary offer reaches the host first; the raw one after it answers a ping once the host is done with both.
      const binary = peer.connect(hostId, { serialization: 'binary', reliable: true });
      let binaryOpened = false;
      binary.on('open', () => {
        binaryOpened = true;
        binary.send({ type: 'ping' });
      });
      const raw = peer.connect(hostId, { serialization: 'raw', reliable: true });
      const pong = await new Promise<unknown>((resolve) => {
        raw.on('open', () => raw.send(JSON.stringify({ type: 'ping' })));
        raw.on('data', resolve);
      });
      // A second round trip on the raw channel: time enough for an accepted binary channel to open as well.
      await new Promise<unknown>((resolve) => {
        raw.on('data', resolve);
        raw.send(JSON.stringify({ type: 'ping' }));
      });
      return { pong, binaryOpened };
    }, `sa-${code}-host`);
    expect(JSON.parse(String(result.pong))).toEqual({ type: 'pong' });
    expect(result.binaryOpened).toBe(false);
    expect(hostErrors).toEqual([]);
  } finally {
    await context.close();
    await host.context().close();
  }
});
