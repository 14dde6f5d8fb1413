// The Worker's bindings and vars (declared in wrangler.toml) and how their text becomes numbers.
import type { AddressLimiter } from './limiter';
import type { SignalingSession } from './session';
import {
  DEFAULT_ALIVE_TIMEOUT_MS,
  DEFAULT_EXPIRE_TIMEOUT_MS,
  DEFAULT_HOST_GRACE_CLOSED_MS,
  DEFAULT_HOST_GRACE_LOST_MS,
  DEFAULT_JOIN_GRACE_MS,
} from './limits';

/** Bindings and vars of this Worker. Vars arrive as strings (or numbers when wrangler.toml writes them bare). */
export interface Env {
  /** One SignalingSession per session code, addressed with `idFromName(code)`. */
  SESSIONS: DurableObjectNamespace<SignalingSession>;
  /** One AddressLimiter per client address key (address.ts), addressed with `idFromName(key)`. */
  LIMITER: DurableObjectNamespace<AddressLimiter>;
  /**
   * Origins, besides the Worker's own, whose pages may use the signaling socket and the API: full origins
   * (`https://arena.example.com`) separated by commas or spaces; empty means same-origin only.
   */
  ALLOWED_ORIGINS?: string;
  /** The built PWA (`dist/`); absent under the worker tests. */
  ASSETS?: Fetcher;
  /** Socket silence allowed before it is closed and its id freed, ms. */
  ALIVE_TIMEOUT_MS?: string | number;
  /** Wait before a frame for an absent peer turns into EXPIRE, ms. */
  EXPIRE_TIMEOUT_MS?: string | number;
  /** How long the host id stays its token's after the host closed its socket (tab closed, reload), ms. */
  HOST_GRACE_CLOSED_MS?: string | number;
  /** How long the host id stays its token's after the host's connection was lost (silence, no close), ms. */
  HOST_GRACE_LOST_MS?: string | number;
  /** How long a new participant socket is safe from giving way to a newcomer when its session or address is full, ms. */
  JOIN_GRACE_MS?: string | number;
  /** STUN urls for /api/ice, separated by commas or spaces; empty for none. */
  STUN_URLS?: string;
  /** TURN urls for /api/ice (e.g. `turn:turn.example.com:3478?transport=udp`), commas or spaces; empty for none. */
  TURN_URLS?: string;
  /** Shared secret of the TURN server (coturn `static-auth-secret`); a secret, never in wrangler.toml. */
  TURN_SECRET?: string;
  /** Lifetime of TURN credentials, seconds. */
  TURN_TTL_SECONDS?: string | number;
}

/** Reads a positive integer var, falling back to `fallback` when it is absent or not a positive number. */
export function positiveInt(value: string | number | undefined, fallback: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

/** Timeouts in effect, in ms. */
export interface Timeouts {
  aliveMs: number;
  expireMs: number;
  /** Host id reservation after the host closed its socket itself. */
  hostGraceClosedMs: number;
  /** Host id reservation after the host's connection was lost. */
  hostGraceLostMs: number;
  /** A participant socket younger than this is never evicted for a newcomer. */
  joinGraceMs: number;
}

/** The timeouts from the vars, with the defaults of limits.ts. */
export function timeoutsOf(env: Env): Timeouts {
  return {
    aliveMs: positiveInt(env.ALIVE_TIMEOUT_MS, DEFAULT_ALIVE_TIMEOUT_MS),
    expireMs: positiveInt(env.EXPIRE_TIMEOUT_MS, DEFAULT_EXPIRE_TIMEOUT_MS),
    hostGraceClosedMs: positiveInt(env.HOST_GRACE_CLOSED_MS, DEFAULT_HOST_GRACE_CLOSED_MS),
    hostGraceLostMs: positiveInt(env.HOST_GRACE_LOST_MS, DEFAULT_HOST_GRACE_LOST_MS),
    joinGraceMs: positiveInt(env.JOIN_GRACE_MS, DEFAULT_JOIN_GRACE_MS),
  };
}
