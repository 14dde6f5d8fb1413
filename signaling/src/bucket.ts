// Token buckets as plain data, so they fit in socket attachments and storage rows.
import type { BucketSpec } from './limits';

/** Tokens left in a bucket and when they were counted (ms since epoch). */
export interface Bucket {
  tokens: number;
  atMs: number;
}

/** A full bucket of `spec` at `nowMs`. */
export function fullBucket(spec: BucketSpec, nowMs: number): Bucket {
  return { tokens: spec.burst, atMs: nowMs };
}

/** Adds what `bucket` earned since it was last counted, up to the burst. Mutates and returns it. */
export function refill(bucket: Bucket, spec: BucketSpec, nowMs: number): Bucket {
  const earned = (Math.max(0, nowMs - bucket.atMs) / 1000) * spec.perSecond;
  bucket.tokens = Math.min(spec.burst, bucket.tokens + earned);
  bucket.atMs = Math.max(bucket.atMs, nowMs);
  return bucket;
}

/** Refills `bucket`, then takes `cost` tokens if it holds that many. Returns whether it did. Mutates `bucket`. */
export function take(bucket: Bucket, spec: BucketSpec, nowMs: number, cost = 1): boolean {
  refill(bucket, spec, nowMs);
  if (bucket.tokens < cost) return false;
  bucket.tokens -= cost;
  return true;
}

/** Milliseconds until `bucket` (already refilled to now) holds `cost` tokens; 0 if it already does. */
export function waitMs(bucket: Bucket, spec: BucketSpec, cost = 1): number {
  const missing = Math.min(cost, spec.burst) - bucket.tokens;
  return missing <= 0 ? 0 : Math.ceil((missing / spec.perSecond) * 1000);
}

/** True when `bucket` would be full at `nowMs` (nothing to remember about it any more). */
export function isFull(bucket: Bucket, spec: BucketSpec, nowMs: number): boolean {
  return refill({ ...bucket }, spec, nowMs).tokens >= spec.burst;
}
