// Client addresses: which network a request comes from, as the key that per-address limits count under.
// Pure functions; nothing here throws.

/**
 * Header the router sets on every request it forwards to a session object: the client's address key. Whatever a
 * client sends under this name is replaced.
 */
export const ADDRESS_HEADER = 'x-sommelier-address';

/** Key of requests that carry no usable `CF-Connecting-IP`; they all count as one client. */
export const UNKNOWN_ADDRESS = 'unknown';

/** Key of every loopback client (127.0.0.0/8, ::1): the machine the server runs on. */
export const LOOPBACK_ADDRESS = 'loopback';

/** The address a request comes from, as per-address limits see it. */
export interface ClientAddress {
  /** IPv4 address, or IPv6 /48 prefix (`2001:db8:1::/48`), or LOOPBACK_ADDRESS, or UNKNOWN_ADDRESS. */
  key: string;
  /**
   * True for loopback (127.0.0.0/8, ::1): the machine itself, e.g. `npm start` driven by a test suite on the same
   * machine. Cloudflare's edge never reports a loopback client, so this never applies in production.
   */
  loopback: boolean;
}

/**
 * The client address of `request`, from `CF-Connecting-IP` (set by Cloudflare's edge; `wrangler dev` sets it to the
 * socket's address but lets a client-supplied value through). IPv4 counts per address; IPv6 per /48, the block a
 * site, a VPS or a free tunnel account gets: counting per /64 let one /48 pose as 65,536 clients (seen: 400 of 400
 * host claims from the /64s of one /48, every code held in about 17 min). Phones of one carrier that share a /48
 * then count as one client, like a venue behind one IPv4 address, which the limits are sized for (docs/security.md).
 * IPv4-mapped IPv6 counts as its IPv4 address.
 */
export function clientAddress(request: Request): ClientAddress {
  const ip = request.headers.get('cf-connecting-ip')?.trim() ?? '';
  const v4 = parseIpv4(ip);
  if (v4) return ipv4Address(v4);
  const v6 = parseIpv6(ip);
  if (!v6) return { key: UNKNOWN_ADDRESS, loopback: false };
  if (v6.slice(0, 5).every((h) => h === 0) && v6[5] === 0xffff) {
    const [hi, lo] = [v6[6] as number, v6[7] as number];
    return ipv4Address([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  if (v6.slice(0, 7).every((h) => h === 0) && v6[7] === 1) return { key: LOOPBACK_ADDRESS, loopback: true };
  return { key: `${v6.slice(0, 3).map((h) => h.toString(16)).join(':')}::/48`, loopback: false };
}

/** True for the key of a loopback client, which the cross-session address limits leave alone. */
export function isLoopbackKey(key: string): boolean {
  return key === LOOPBACK_ADDRESS;
}

function ipv4Address(octets: number[]): ClientAddress {
  return octets[0] === 127 ? { key: LOOPBACK_ADDRESS, loopback: true } : { key: octets.join('.'), loopback: false };
}

/** Four octets of a dotted IPv4 address, or null. */
function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((n) => n <= 255) ? octets : null;
}

/** Eight 16-bit groups of an IPv6 address (`::` and a trailing dotted IPv4 allowed, zone id ignored), or null. */
function parseIpv6(text: string): number[] | null {
  const address = text.split('%')[0] ?? '';
  if (!address.includes(':') || address.length > 45) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (!v4) return null;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}
