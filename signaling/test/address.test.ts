// Client addresses (address.ts) and the address limiter's holds ending with their host ids' grace.
import { describe, expect, it } from 'vitest';
import { LOOPBACK_ADDRESS, UNKNOWN_ADDRESS, clientAddress } from '../src/address';
import { MAX_HOSTS_PER_ADDRESS } from '../src/limits';
import { HOST_GRACE_CLOSED_MS, connect, sleep } from './helpers';

/** The key of a request whose CF-Connecting-IP is `ip` (none when null). */
function keyOf(ip: string | null): string {
  return clientAddress(new Request('http://localhost/', { headers: ip === null ? {} : { 'CF-Connecting-IP': ip } })).key;
}

describe('clientAddress', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    [' 203.0.113.9 ', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1::/48'],
    ['2001:0db8:0001:0002::7', '2001:db8:1::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['2001:DB8:1:2::1%eth0', '2001:db8:1::/48'],
    ['::ffff:198.51.100.4', '198.51.100.4'],
    ['::ffff:c633:6404', '198.51.100.4'],
    ['127.0.0.1', LOOPBACK_ADDRESS],
    ['127.45.6.7', LOOPBACK_ADDRESS],
    ['::1', LOOPBACK_ADDRESS],
    ['::ffff:127.0.0.1', LOOPBACK_ADDRESS],
  ])('keys %j as %j', (ip, key) => {
    expect(keyOf(ip)).toBe(key);
  });

  // Regression: keyed per /64, the 65,536 /64s of one /48 were as many clients (400 of 400 host claims accepted).
  it('counts every address of one IPv6 /48 as one client, its /64s included, and two /48s as two', () => {
    expect(keyOf('2001:db8:1:2::aaaa')).toBe(keyOf('2001:db8:1:2:ffff::1'));
    expect(keyOf('2001:db8:1:2::1')).toBe(keyOf('2001:db8:1:ffff::1'));
    expect(keyOf('2001:db8:1:2::1')).not.toBe(keyOf('2001:db8:2:2::1'));
  });

  it.each([null, '', 'localhost', '256.1.1.1', '1.2.3', '1:2:3', '1::2::3', '12345::1', '1:2:3:4:5:6:7:8:9', 'x'.repeat(100)])(
    'keys %j as unknown',
    (ip) => {
      expect(keyOf(ip)).toBe(UNKNOWN_ADDRESS);
    },
  );
});

describe('host ids an address holds', () => {
  it('stop counting once their grace is over', async () => {
    const from = { address: '192.0.2.77' };
    for (let i = 0; i < MAX_HOSTS_PER_ADDRESS; i++) {
      const peer = await connect(`sa-${8100 + i}-host`, `t${i}`, from);
      expect((await peer.received(1))[0]?.type).toBe('OPEN');
      peer.close();
      await peer.closed();
    }
    await sleep(HOST_GRACE_CLOSED_MS + 300);
    const next = await connect('sa-8199-host', 'next', from);
    expect((await next.received(1))[0]?.type).toBe('OPEN');
    next.close();
  });
});
