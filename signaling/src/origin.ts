// Which pages may use the signaling socket and the API: the Worker's own origin, plus ALLOWED_ORIGINS.
// A hostile page cannot choose the Origin its visitors' browsers send, so this keeps other sites from making their
// visitors claim codes or list sessions. Clients that are not browsers send no Origin and are let through: they
// could send any Origin they like, so refusing them would protect nothing; the per-address limits bound them.
import type { Env } from './env';

/** The origins of ALLOWED_ORIGINS (commas or whitespace between them). */
export function allowedOrigins(env: Env): string[] {
  return (env.ALLOWED_ORIGINS ?? '').split(/[\s,]+/).filter((origin) => origin !== '');
}

/**
 * Whether `request` may go on: its `Origin` is the request's own origin or an allowed one. Without `Origin`,
 * browsers still say where a request comes from in `Sec-Fetch-Site` (same-origin GETs may omit Origin): `cross-site`
 * and `same-site` are refused, `same-origin`, `none` or no header at all (not a browser) are let through.
 * `Origin: null` (sandboxed frames, local files) is refused unless listed.
 */
export function originAllowed(request: Request, env: Env): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) {
    const site = request.headers.get('sec-fetch-site');
    return site === null || site === 'same-origin' || site === 'none';
  }
  return origin === new URL(request.url).origin || allowedOrigins(env).includes(origin);
}
