// ICE servers (TURN credentials included) go only to a registered peer (docs/security.md): host and phone ask
// POST /api/ice with their peer id and token in the body once registered, and every RTCPeerConnection they make
// uses the answer. Each answer is marked with an unreachable STUN url so the test can tell which one a connection got.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fixturePath, hostSession, joinPhone } from './helpers';

/** One POST /api/ice a page made, with the marker its answer got. */
interface IceAsk {
  body: { id?: string; token?: string };
  url: string;
  marker: string;
}

declare global {
  interface Window {
    /** `iceServers` of every RTCPeerConnection the page created. */
    __iceConfigs: RTCIceServer[][];
    /** Every POST /api/ice the page made. */
    __iceAsks: IceAsk[];
    /** URLs of the WebSockets the page opened. */
    __sockets: string[];
  }
}

/**
 * Records, inside the page, its RTCPeerConnection configs, WebSocket URLs and POST /api/ice requests, and adds the
 * marker `stun:ice-<n>.invalid:3478` to the n-th answer (an unresolvable name: ICE just skips it).
 */
async function watch(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__iceConfigs = [];
    window.__iceAsks = [];
    window.__sockets = [];
    const OriginalPeerConnection = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends OriginalPeerConnection {
      constructor(config?: RTCConfiguration) {
        window.__iceConfigs.push(config?.iceServers ?? []);
        super(config);
      }
    };
    const OriginalWebSocket = window.WebSocket;
    window.WebSocket = class extends OriginalWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        window.__sockets.push(String(url));
        super(url, protocols);
      }
    };
    const originalFetch = window.fetch.bind(window);
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await originalFetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (!url.endsWith('/api/ice') || init?.method !== 'POST') return response;
      const json = (await response.json()) as { iceServers: RTCIceServer[] };
      const marker = `stun:ice-${window.__iceAsks.length + 1}.invalid:3478`;
      window.__iceAsks.push({ body: JSON.parse(String(init.body)), url, marker });
      const marked = { ...json, iceServers: [...json.iceServers, { urls: [marker] }] };
      return new Response(JSON.stringify(marked), { status: response.status, headers: response.headers });
    };
  });
}

/** The (id, token) a signaling socket URL registered. */
function registration(url: string): { id: string | null; token: string | null } {
  const params = new URL(url, 'http://localhost').searchParams;
  return { id: params.get('id'), token: params.get('token') };
}

/** The marker url (if any) in each of `configs`. */
function markers(configs: RTCIceServer[][]): (string | undefined)[] {
  return configs.map((servers) => servers.flatMap((s) => [s.urls].flat()).find((u) => u.includes('.invalid')));
}

test('host and phone get ICE servers as registered peers, and their connections use them', async ({ browser }) => {
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'), { prepare: watch });
  const { phone } = await joinPhone(browser, code, { prepare: watch });

  const seen = async (page: Page) =>
    page.evaluate(() => ({ asks: window.__iceAsks, sockets: window.__sockets, configs: window.__iceConfigs }));
  const hostSeen = await seen(host);
  const phoneSeen = await seen(phone);
  for (const [who, device] of [['host', hostSeen], ['phone', phoneSeen]] as const) {
    expect(device.asks.length, `${who} asked /api/ice`).toBeGreaterThan(0);
    const registered = device.sockets.map(registration);
    for (const ask of device.asks) {
      // The proof is the id and token of its own signaling socket, in the body; the URL carries no token.
      expect(registered, who).toContainEqual({ id: ask.body.id, token: ask.body.token });
      expect(new URL(ask.url, 'http://localhost').search, who).toBe('');
    }
  }
  // The host asks again once registered (a new session has no reservation before), and its channel to the phone
  // uses that answer; the phone's channel uses the answer it got once registered.
  expect(hostSeen.asks.length).toBeGreaterThanOrEqual(2);
  expect(markers(hostSeen.configs)).toContain(hostSeen.asks[1]!.marker);
  expect(markers(phoneSeen.configs)).toContain(phoneSeen.asks.at(-1)!.marker);
  await host.context().close();
  await phone.context().close();
});
