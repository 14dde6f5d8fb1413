import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import adapter from 'webrtc-adapter';
import * as binarypack from 'peerjs-js-binarypack';
import { detectBrowser, type BrowserWindow } from './browser-details';

/** The real adapter's detection, from its CommonJS build (the bare name `webrtc-adapter` is aliased to ours). */
const { detectBrowser: adapterDetect } = createRequire(import.meta.url)('webrtc-adapter/dist/utils.js') as {
  detectBrowser: (win: unknown) => { browser: unknown; version: unknown };
};

/** User agents seen in the field (phones and tablets a guest may bring), plus a few odd ones. */
const USER_AGENTS = [
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/88.0.4324.96 Chrome/88.0.4324.96 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/120.0.6099.0 Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
  'Opera/9.80 (Windows NT 6.1) Presto/2.12.388 Version/12.16',
  'curl/8.5.0',
  '',
];

const brand = fc.record({
  brand: fc.constantFrom('Chromium', 'Google Chrome', 'Not)A;Brand', 'Microsoft Edge'),
  version: fc.oneof(fc.constantFrom('89', '90', '126', '156', '8', 'x', ''), fc.integer({ min: 0, max: 300 }).map(String)),
});

/** Navigator/window shapes covering every branch of the detection. */
const browserWindow: fc.Arbitrary<BrowserWindow> = fc.record(
  {
    navigator: fc.record(
      {
        userAgent: fc.oneof(fc.constantFrom(...USER_AGENTS), fc.string()),
        userAgentData: fc.record({ brands: fc.array(brand, { maxLength: 3 }) }, { requiredKeys: [] }),
        mozGetUserMedia: fc.constant(() => undefined),
        webkitGetUserMedia: fc.constant(() => undefined),
      },
      { requiredKeys: [] },
    ),
    isSecureContext: fc.boolean(),
    webkitRTCPeerConnection: fc.constant(class {}),
    RTCPeerConnection: fc.constant(class {}),
  },
  { requiredKeys: [] },
);

/** What PeerJS reads from the adapter's answer. */
const seen = (d: { browser: unknown; version: unknown }) => ({ browser: d.browser, version: d.version });

describe('browserDetails (stand-in for webrtc-adapter)', () => {
  it('names the browser and its version exactly as webrtc-adapter does, for any navigator', () => {
    fc.assert(
      fc.property(browserWindow, (win) => {
        expect(seen(detectBrowser(win))).toEqual(seen(adapterDetect(win)));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the common phones right', () => {
    const chromeAndroid = { navigator: { userAgent: USER_AGENTS[0], webkitGetUserMedia: () => undefined } };
    expect(detectBrowser(chromeAndroid)).toEqual({ browser: 'chrome', version: 126 });
    const hinted = { navigator: { userAgent: USER_AGENTS[0], userAgentData: { brands: [{ brand: 'Chromium', version: '131' }] } } };
    expect(detectBrowser(hinted)).toEqual({ browser: 'chrome', version: 131 });
    const iphone = { navigator: { userAgent: USER_AGENTS[1] }, RTCPeerConnection: class {} };
    expect(detectBrowser(iphone)).toEqual({ browser: 'safari', version: 605 });
    const firefox = { navigator: { userAgent: USER_AGENTS[3], mozGetUserMedia: () => undefined } };
    expect(detectBrowser(firefox)).toEqual({ browser: 'firefox', version: 127 });
    expect(detectBrowser(undefined)).toEqual({ browser: 'Not a browser.', version: null });
    expect(detectBrowser({ navigator: { userAgent: 'curl/8.5.0' } })).toEqual({ browser: 'Not a supported browser.', version: null });
  });

  it('is what the bundle gets for webrtc-adapter: browserDetails only', () => {
    expect(Object.keys(adapter)).toEqual(['browserDetails']);
    expect(adapter.browserDetails).toEqual({ browser: 'Not a browser.', version: null }); // tests run under Node
  });

  it('replaces binarypack with functions that refuse, loudly', () => {
    expect(() => binarypack.pack({})).toThrow(/serialization "raw"/);
    expect(() => binarypack.unpack(new ArrayBuffer(1))).toThrow(/serialization "raw"/);
  });
});
