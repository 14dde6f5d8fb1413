/**
 * What this browser must offer before the app tries anything (docs/robustness.md, "Capabilities"): a browser
 * that cannot play is told so at once, in plain words, instead of timing out and blaming the network.
 */

/** Something the app cannot work without. */
export type Capability =
  /** RTCPeerConnection with data channels: phones and host talk over them. */
  | 'webrtc'
  /** IndexedDB: the host's sessions and a phone's seat live there (missing in some private modes). */
  | 'storage'
  /** A secure (https) page: a plain-http page on a public address is not the app as deployed. */
  | 'secure-context';

/** How long an IndexedDB probe may take before we stop waiting and assume storage works, in ms. */
export const STORAGE_PROBE_TIMEOUT_MS = 1000;

/**
 * Host names a venue's own network uses: this device, `*.local`, or a bare IP address (what `HOST=0.0.0.0 npm start`
 * prints). Plain http there is the LAN set-up of the README, not a downgraded link.
 */
const LOCAL_HOST = /^(localhost|.+\.local|[\d.]+|\[[\da-f:]+\])$/i;

/**
 * True when `RTCPeerConnection` exists and can make data channels (the unprefixed name: PeerJS checks that one, and
 * this build carries no shim for the old prefixed one).
 */
export function hasWebRtc(): boolean {
  const pc: unknown = (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection;
  if (typeof pc !== 'function') return false;
  const proto: unknown = pc.prototype;
  return typeof proto === 'object' && proto !== null && 'createDataChannel' in proto;
}

/**
 * True when IndexedDB opens. A browser that refuses (Firefox private windows before version 115, disabled storage)
 * fails the open or throws; one that hangs past STORAGE_PROBE_TIMEOUT_MS is given the benefit of the doubt.
 */
export function probeStorage(): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.open('sommelier-arena-probe');
      req.onsuccess = () => {
        req.result.close();
        resolve(true);
      };
      req.onerror = () => resolve(false);
      setTimeout(resolve, STORAGE_PROBE_TIMEOUT_MS, true);
    } catch {
      resolve(false); // no indexedDB at all, or a SecurityError
    }
  });
}

/** True on https, on this device, or on a local-network address (the LAN set-up in the README). */
export function secureEnough(): boolean {
  return globalThis.isSecureContext === true || LOCAL_HOST.test(location.hostname);
}

let checked: Promise<Capability[]> | null = null;

/** What this browser lacks among the app's needs, in a fixed order; empty when it can play. Checked once per page. */
export function missingCapabilities(): Promise<Capability[]> {
  return (checked ??= (async () => {
    const missing: Capability[] = [];
    if (!hasWebRtc()) missing.push('webrtc');
    if (!(await probeStorage())) missing.push('storage');
    if (!secureEnough()) missing.push('secure-context');
    return missing;
  })());
}
