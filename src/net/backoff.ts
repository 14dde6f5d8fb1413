/** Exponential backoff for reconnects: about 0.5 s doubling to 5 s (docs/protocol.md#error-codes). */

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 5000;

/** Delay before retry number `attempt` (0-based), in ms: 500, 1000, 2000, 4000, 5000, 5000… */
export function backoffDelay(attempt: number, minMs = BACKOFF_MIN_MS, maxMs = BACKOFF_MAX_MS): number {
  return Math.min(maxMs, minMs * 2 ** Math.max(0, Math.min(attempt, 20)));
}
