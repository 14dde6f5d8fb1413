import { afterEach, describe, expect, it, vi } from 'vitest';
import { hasWebRtc, probeStorage, secureEnough } from './capabilities';

afterEach(() => vi.unstubAllGlobals());

describe('capabilities', () => {
  it('WebRTC: needs RTCPeerConnection with createDataChannel', () => {
    vi.stubGlobal('RTCPeerConnection', undefined);
    expect(hasWebRtc()).toBe(false);
    vi.stubGlobal('RTCPeerConnection', class {});
    expect(hasWebRtc()).toBe(false);
    vi.stubGlobal('RTCPeerConnection', class { createDataChannel() {} });
    expect(hasWebRtc()).toBe(true);
  });

  it('storage: missing or refusing IndexedDB is missing storage', async () => {
    vi.stubGlobal('indexedDB', undefined);
    expect(await probeStorage()).toBe(false);
    vi.stubGlobal('indexedDB', {
      open() {
        const req: { onerror?: () => void } = {};
        queueMicrotask(() => req.onerror?.());
        return req;
      },
    });
    expect(await probeStorage()).toBe(false);
    vi.stubGlobal('indexedDB', {
      open() {
        throw new Error('SecurityError');
      },
    });
    expect(await probeStorage()).toBe(false);
  });

  it('a secure page, or plain http on this device or a LAN address; never plain http on a public name', () => {
    const at = (hostname: string, isSecureContext: boolean) => {
      vi.stubGlobal('location', { hostname });
      vi.stubGlobal('isSecureContext', isSecureContext);
      return secureEnough();
    };
    expect(at('sommelier.example.com', true)).toBe(true);
    expect(at('sommelier.example.com', false)).toBe(false);
    for (const lan of ['localhost', '192.168.1.20', '10.0.0.5', 'tablet.local', '[fe80::1]']) expect(at(lan, false)).toBe(true);
  });
});
