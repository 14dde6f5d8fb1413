/**
 * Stands in for the `webrtc-adapter` package, which PeerJS imports only to read `browserDetails` (the browser's
 * name and major version, used by `util.browser` / `util.supports.browser`). The real package also ships shims for
 * old browsers (and the `sdp` parser they need): about 14 kB gzip that every phone downloaded to open `/play`.
 * Every browser this app supports has standard data channels, so the shims do nothing for us; this module keeps the
 * part PeerJS reads and drops the rest. `vite.config.ts` aliases `webrtc-adapter` to it (docs/performance.md).
 *
 * The detection follows the adapter's rules (v9), checked against the real one in browser-details.test.ts:
 * Chromium client hints (brand "Chromium", version ≥ 90) win; then Firefox (`mozGetUserMedia`), then Chrome and
 * its kin (`webkitGetUserMedia`, or `webkitRTCPeerConnection` on an insecure page), then Safari (WebKit with
 * `RTCPeerConnection`, version = the AppleWebKit major such as 605).
 */

/** What PeerJS reads: `browser` is `chrome`, `firefox`, `safari` or a sentence; `version` a major number or null. */
export interface BrowserDetails {
  browser: string;
  version: number | null;
}

/** The parts of `window` the detection looks at (so tests can pass plain objects). */
export interface BrowserWindow {
  navigator?: {
    userAgent?: string;
    userAgentData?: { brands?: ReadonlyArray<{ brand: string; version: string }> };
    mozGetUserMedia?: unknown;
    webkitGetUserMedia?: unknown;
  };
  isSecureContext?: boolean;
  webkitRTCPeerConnection?: unknown;
  RTCPeerConnection?: unknown;
}

/** The first capture group `group` of `pattern` in `ua`, as an integer; NaN when absent. */
function majorFrom(ua: string, pattern: RegExp, group: number): number {
  const m = pattern.exec(ua);
  return m && m[group] !== undefined ? parseInt(m[group], 10) : NaN;
}

/** Detects the browser from `win` (pass `undefined` outside a browser). Never throws. */
export function detectBrowser(win: BrowserWindow | undefined): BrowserDetails {
  const nav = win?.navigator;
  const ua = nav?.userAgent;
  if (!win || !nav || !ua) return { browser: 'Not a browser.', version: null };

  const chromium = nav.userAgentData?.brands?.find((b) => b.brand === 'Chromium');
  if (chromium) {
    const version = parseInt(chromium.version, 10);
    // Client hints arrived in Chromium 90: a smaller figure there is not to be trusted.
    if (version >= 90) return { browser: 'chrome', version };
  }
  if (nav.mozGetUserMedia) return { browser: 'firefox', version: majorFrom(ua, /Firefox\/(\d+)\./, 1) };
  if (nav.webkitGetUserMedia || (win.isSecureContext === false && win.webkitRTCPeerConnection)) {
    return { browser: 'chrome', version: majorFrom(ua, /Chrom(e|ium)\/(\d+)\./, 2) || null };
  }
  if (win.RTCPeerConnection && /AppleWebKit\/(\d+)\./.test(ua)) {
    return { browser: 'safari', version: majorFrom(ua, /AppleWebKit\/(\d+)\./, 1) };
  }
  return { browser: 'Not a supported browser.', version: null };
}

/** The module shape PeerJS imports (`adapter.browserDetails`). */
const adapter: { browserDetails: BrowserDetails } = {
  browserDetails: detectBrowser(typeof window === 'undefined' ? undefined : (window as unknown as BrowserWindow)),
};
export default adapter;
