// Per-address limits across all sessions (docs/security.md): how many session codes one client address can
// discover, claim and hold. With the deployed timeouts; every test uses addresses of its own.
import { SELF, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { HOST_CLAIMS_PER_ADDRESS, MAX_HOSTS_PER_ADDRESS, NEW_CODES_PER_ADDRESS } from '../../src/limits';
import { Refusal } from '../../src/session';
import { type From, connect, peerTracker, sessionCodes } from '../helpers';

/** A session code no other test uses. */
const freshCode = sessionCodes(3000);

let nextAddress = 1;
/** A public test address (TEST-NET-2, RFC 5737) no other test uses. */
function freshAddress(): From {
  nextAddress += 1;
  return { address: `198.51.100.${nextAddress}` };
}

const { outcome } = peerTracker();

/** GET /api/session/<code> from `from`; resolves with the status. */
async function lookup(code: string, from: From, headers: Record<string, string> = {}): Promise<number> {
  const response = await SELF.fetch(`http://localhost/api/session/${code}`, {
    headers: { 'CF-Connecting-IP': from.address as string, ...headers },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('listing codes', () => {
  it(`answers ${NEW_CODES_PER_ADDRESS.burst} lookups of new codes from one address, then 429`, async () => {
    const scanner = freshAddress();
    const codes = Array.from({ length: NEW_CODES_PER_ADDRESS.burst + 20 }, () => freshCode());
    const statuses: number[] = [];
    for (const code of codes) statuses.push(await lookup(code, scanner));
    // A token comes back every 30 s: none during this test.
    expect(statuses.slice(0, NEW_CODES_PER_ADDRESS.burst)).toEqual(codes.slice(0, NEW_CODES_PER_ADDRESS.burst).map(() => 200));
    expect(statuses.slice(NEW_CODES_PER_ADDRESS.burst)).toEqual(codes.slice(NEW_CODES_PER_ADDRESS.burst).map(() => 429));
    const refused = await SELF.fetch(`http://localhost/api/session/${freshCode()}`, {
      headers: { 'CF-Connecting-IP': scanner.address as string },
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(20);
    // Codes it already looked up stay free for it; other addresses are not affected.
    expect(await lookup(codes[0]!, scanner)).toBe(200);
    expect(await lookup(codes[40]!, freshAddress())).toBe(200);
  });

  it('counts participant sockets to new codes in the same budget as lookups', async () => {
    const scanner = freshAddress();
    for (let i = 0; i < NEW_CODES_PER_ADDRESS.burst - 1; i++) expect(await lookup(freshCode(), scanner)).toBe(200);
    const code = freshCode();
    expect(await outcome(`sa-${code}-probe01`, 't', scanner)).toBe('OPEN');
    expect(await outcome(`sa-${freshCode()}-probe02`, 't', scanner)).toBe(`ERROR ${Refusal.TooManyCodes}`);
    // The code it joined is still free for it: its phones can reconnect.
    expect(await outcome(`sa-${code}-probe03`, 't', scanner)).toBe('OPEN');
  });

  it('counts POST /api/ice for new codes in the same budget: asking for ICE servers lists no codes either', async () => {
    const scanner = freshAddress();
    const ice = async (id: string) => {
      const response = await SELF.fetch('http://localhost/api/ice', {
        method: 'POST',
        headers: { 'CF-Connecting-IP': scanner.address as string },
        body: JSON.stringify({ id, token: 'probe' }),
      });
      return { status: response.status, body: (await response.json()) as { iceServers: unknown[] }, response };
    };
    const codes = Array.from({ length: NEW_CODES_PER_ADDRESS.burst }, () => freshCode());
    for (const code of codes) {
      const answer = await ice(`sa-${code}-probe01`);
      // A peer without a live socket learns nothing: STUN only, whether or not the session exists.
      expect(answer.status).toBe(200);
      expect(answer.body.iceServers).toHaveLength(1);
    }
    const refused = await ice(`sa-${freshCode()}-host`);
    expect(refused.status).toBe(429);
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(20);
    // One budget: a lookup of another new code is refused too; codes it already touched stay free for it.
    expect(await lookup(freshCode(), scanner)).toBe(429);
    expect(await lookup(codes[0]!, scanner)).toBe(200);
  });

  it('leaves loopback clients alone (the machine itself: npm start driven by a test suite)', async () => {
    const local = { address: '127.0.0.1' };
    for (let i = 0; i < NEW_CODES_PER_ADDRESS.burst + 5; i++) expect(await lookup(freshCode(), local)).toBe(200);
  });
});

describe('claiming and holding host ids', () => {
  it(`lets one address hold ${MAX_HOSTS_PER_ADDRESS} host ids at once; its hosts always get back in`, async () => {
    const squatter = freshAddress();
    const codes = Array.from({ length: MAX_HOSTS_PER_ADDRESS }, () => freshCode());
    for (const code of codes) expect(await outcome(`sa-${code}-host`, `tok${code}`, squatter)).toBe('OPEN');
    const refusedCode = freshCode();
    expect(await outcome(`sa-${refusedCode}-host`, 'one-more', squatter)).toBe(`ERROR ${Refusal.TooManyHosts}`);
    // The refused claim left nothing in that code's session object.
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(refusedCode));
    const tables = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().length,
    );
    expect(tables).toBe(0);
    // A host reloading (same token, same address) gets in, and so does a host from another address.
    expect(await outcome(`sa-${codes[0]}-host`, `tok${codes[0]}`, squatter)).toBe('OPEN');
    expect(await outcome(`sa-${freshCode()}-host`, 'elsewhere', freshAddress())).toBe('OPEN');
  });

  it(`counts host ids held in their grace: closing the sockets does not free the address's quota`, async () => {
    const squatter = freshAddress();
    for (let i = 0; i < MAX_HOSTS_PER_ADDRESS; i++) {
      const code = freshCode();
      const peer = await connect(`sa-${code}-host`, `tok${code}`, squatter);
      expect((await peer.received(1))[0]?.type).toBe('OPEN');
      peer.close();
      await peer.closed();
    }
    expect(await outcome(`sa-${freshCode()}-host`, 'one-more', squatter)).toBe(`ERROR ${Refusal.TooManyHosts}`);
  });

  it(`charges trying a held host id with another token like a claim: ${HOST_CLAIMS_PER_ADDRESS.burst} at once`, async () => {
    const owner = freshAddress();
    const code = freshCode();
    expect(await outcome(`sa-${code}-host`, 'owner-token', owner)).toBe('OPEN');
    const prober = freshAddress();
    const results: string[] = [];
    for (let i = 0; i < HOST_CLAIMS_PER_ADDRESS.burst + 3; i++) results.push(await outcome(`sa-${code}-host`, `probe${i}`, prober));
    expect(results.slice(0, HOST_CLAIMS_PER_ADDRESS.burst)).toEqual(results.slice(0, HOST_CLAIMS_PER_ADDRESS.burst).map(() => 'ID-TAKEN'));
    expect(results.slice(HOST_CLAIMS_PER_ADDRESS.burst)).toEqual(
      results.slice(HOST_CLAIMS_PER_ADDRESS.burst).map(() => `ERROR ${Refusal.TooManyClaims}`),
    );
  });

  it('lets a host id held from one address come back from another only within that address quota', async () => {
    const venue = freshAddress();
    const code = freshCode();
    expect(await outcome(`sa-${code}-host`, 'host-token', venue)).toBe('OPEN');
    const full = freshAddress();
    for (let i = 0; i < MAX_HOSTS_PER_ADDRESS; i++) expect(await outcome(`sa-${freshCode()}-host`, `t${i}`, full)).toBe('OPEN');
    expect(await outcome(`sa-${code}-host`, 'host-token', full)).toBe(`ERROR ${Refusal.TooManyHosts}`);
    expect(await outcome(`sa-${code}-host`, 'host-token', freshAddress())).toBe('OPEN');
  });
});
