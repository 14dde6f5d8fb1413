// AddressLimiter: one Durable Object per client address (see address.ts), counting what that address does across
// every session code: how many codes it discovers, how many host claims it makes, how many host ids it holds.
// This is what makes listing and squatting the 9,000 codes slow (figures in docs/security.md).
import { DurableObject } from 'cloudflare:workers';
import { type Bucket, fullBucket, refill, take, waitMs } from './bucket';
import type { Env } from './env';
import {
  CODE_MEMORY_MS,
  HOLD_CHECK_INTERVAL_MS,
  HOLDS_RECHECK_MS,
  HOST_CLAIMS_PER_ADDRESS,
  MAX_HOSTS_PER_ADDRESS,
  NEW_CODES_PER_ADDRESS,
  type BucketSpec,
} from './limits';

/** Answer of the limiter: go ahead, or wait `retryAfterMs` (the address is over a budget). */
export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

/** The limiter of client address `key` (never call it for loopback, which is not limited). */
export function limiterOf(env: Env, key: string): DurableObjectStub<AddressLimiter> {
  return env.LIMITER.get(env.LIMITER.idFromName(key));
}

/** The two budgets, by name in storage. */
const BUDGETS = { codes: NEW_CODES_PER_ADDRESS, claims: HOST_CLAIMS_PER_ADDRESS } as const satisfies Record<string, BucketSpec>;
type BudgetName = keyof typeof BUDGETS;

const SCHEMA = [
  // The address key this object counts for (its name), kept for the alarm.
  'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS budget (name TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL)',
  // Codes this address touched (looked up, joined, asked ICE for) and when it first did, within CODE_MEMORY_MS.
  'CREATE TABLE IF NOT EXISTS touched (code TEXT PRIMARY KEY, at INTEGER NOT NULL)',
  // Host ids this address claimed and may still hold (live, or in their grace); checked with the sessions.
  'CREATE TABLE IF NOT EXISTS holds (code TEXT PRIMARY KEY, since INTEGER NOT NULL)',
];

/** Counts one client address's use of session codes. Named by the address key. */
export class AddressLimiter extends DurableObject<Env> {
  /** When the holds were last checked with their sessions (ms since epoch; memory only). */
  private holdsCheckedAt = 0;
  /** Whether the tables exist (they are deleted once nothing is left to remember). */
  private hasSchema: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.hasSchema =
      ctx.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
  }

  /**
   * RPC: `address` (this object's name) touches session `code` (a lookup, a participant socket, an ICE request).
   * A code it touched within CODE_MEMORY_MS is free; a new one costs one NEW_CODES_PER_ADDRESS token.
   */
  async touch(address: string, code: string): Promise<Verdict> {
    this.ensureSchema(address);
    const now = Date.now();
    if (this.touchedRecently(code, now)) return { ok: true };
    const verdict = this.spend('codes', now);
    if (verdict.ok) this.remember(code, now);
    await this.scheduleCleanup(now);
    return verdict;
  }

  /**
   * RPC: this address tries the host id of `code` with a token that is not its holder's (it gets ID-TAKEN if
   * allowed). Costs one HOST_CLAIMS_PER_ADDRESS token, since such a try tells whether the code is live.
   */
  async probeHost(address: string, code: string): Promise<Verdict> {
    this.ensureSchema(address);
    const now = Date.now();
    const verdict = this.spend('claims', now);
    if (verdict.ok) this.remember(code, now);
    await this.scheduleCleanup(now);
    return verdict;
  }

  /**
   * RPC: this address claims the host id of `code` (nobody holds it, or its holder comes back from this new
   * address). Refused past MAX_HOSTS_PER_ADDRESS held host ids (after asking the sessions which it still holds),
   * or when the claim budget is spent; else the hold is recorded.
   */
  async holdHost(address: string, code: string): Promise<Verdict> {
    this.ensureSchema(address);
    let now = Date.now();
    if (!this.holds().includes(code)) {
      if (this.holds().length >= MAX_HOSTS_PER_ADDRESS && now - this.holdsCheckedAt >= HOLD_CHECK_INTERVAL_MS) {
        await this.checkHolds();
        now = Date.now();
      }
      if (this.holds().length >= MAX_HOSTS_PER_ADDRESS) {
        return { ok: false, retryAfterMs: Math.max(1000, this.holdsCheckedAt + HOLD_CHECK_INTERVAL_MS - now) };
      }
    }
    const verdict = this.spend('claims', now);
    if (!verdict.ok) return verdict;
    this.ctx.storage.sql.exec('INSERT OR IGNORE INTO holds (code, since) VALUES (?, ?)', code, now);
    this.remember(code, now);
    await this.scheduleCleanup(now);
    return verdict;
  }

  /** Alarm: forgets old codes, checks holds, and deletes everything once nothing is left to remember. */
  override async alarm(): Promise<void> {
    if (!this.hasSchema) return;
    const now = Date.now();
    this.ctx.storage.sql.exec('DELETE FROM touched WHERE at <= ?', now - CODE_MEMORY_MS);
    if (this.holds().length > 0) await this.checkHolds();
    await this.scheduleCleanup(Date.now());
  }

  /** Drops the holds whose session says this address no longer holds its host id. */
  private async checkHolds(): Promise<void> {
    const self = this.ctx.storage.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = 'address'")
      .toArray()[0]?.value;
    const codes = this.holds();
    const holders = await Promise.all(
      codes.map(async (code) => {
        try {
          return await this.env.SESSIONS.get(this.env.SESSIONS.idFromName(code)).hostHolder(code);
        } catch {
          return self; // The session could not answer: keep counting the hold, check again later.
        }
      }),
    );
    codes.forEach((code, i) => {
      if (self === undefined || holders[i] !== self) this.ctx.storage.sql.exec('DELETE FROM holds WHERE code = ?', code);
    });
    this.holdsCheckedAt = Date.now();
  }

  /** Takes one token from budget `name`; the verdict says how long to wait when it is empty. */
  private spend(name: BudgetName, now: number): Verdict {
    const spec = BUDGETS[name];
    const row = this.ctx.storage.sql
      .exec<{ tokens: number; at: number }>('SELECT tokens, at FROM budget WHERE name = ?', name)
      .toArray()[0];
    const bucket: Bucket = row ? { tokens: row.tokens, atMs: row.at } : fullBucket(spec, now);
    const ok = take(bucket, spec, now);
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO budget (name, tokens, at) VALUES (?, ?, ?)',
      name,
      bucket.tokens,
      bucket.atMs,
    );
    return ok ? { ok: true } : { ok: false, retryAfterMs: waitMs(bucket, spec) };
  }

  /** True when this address touched `code` within CODE_MEMORY_MS. */
  private touchedRecently(code: string, now: number): boolean {
    const row = this.ctx.storage.sql.exec<{ at: number }>('SELECT at FROM touched WHERE code = ?', code).toArray()[0];
    return row !== undefined && row.at > now - CODE_MEMORY_MS;
  }

  /** Records that this address touched `code` now. */
  private remember(code: string, now: number): void {
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO touched (code, at) VALUES (?, ?)', code, now);
  }

  /** Creates the tables on first use and records which address this object counts for. */
  private ensureSchema(address: string): void {
    if (!this.hasSchema) {
      for (const statement of SCHEMA) this.ctx.storage.sql.exec(statement);
      this.ctx.storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('address', ?)", address);
      this.hasSchema = true;
    }
  }

  /** Codes of the host ids this address is counted as holding. */
  private holds(): string[] {
    return this.ctx.storage.sql.exec<{ code: string }>('SELECT code FROM holds').toArray().map((row) => row.code);
  }

  /**
   * Sets the alarm for when something can next be forgotten (a touched code ages out, a budget is full again,
   * holds are due a check), or deletes all storage when nothing is left: an address seen once costs nothing after.
   */
  private async scheduleCleanup(now: number): Promise<void> {
    const deadlines: number[] = [];
    const oldest = this.ctx.storage.sql.exec<{ at: number | null }>('SELECT MIN(at) AS at FROM touched').one().at;
    if (oldest !== null) deadlines.push(oldest + CODE_MEMORY_MS);
    for (const [name, spec] of Object.entries(BUDGETS)) {
      const row = this.ctx.storage.sql
        .exec<{ tokens: number; at: number }>('SELECT tokens, at FROM budget WHERE name = ?', name)
        .toArray()[0];
      if (!row) continue;
      const bucket = refill({ tokens: row.tokens, atMs: row.at }, spec, now);
      if (bucket.tokens < spec.burst) deadlines.push(now + waitMs(bucket, spec, spec.burst));
    }
    if (this.holds().length > 0) deadlines.push(now + HOLDS_RECHECK_MS);
    if (deadlines.length === 0) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.hasSchema = false;
      return;
    }
    const at = Math.max(now + 1, Math.min(...deadlines));
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at || current <= now) await this.ctx.storage.setAlarm(at);
  }
}
