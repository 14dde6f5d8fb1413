// Every size, rate and time limit of the signaling server, in one place.
// Timeouts that tests shorten come from Worker vars (see env.ts); these are their defaults.

/** Largest client frame accepted, in bytes of UTF-8. An SDP offer is a few KB; anything larger is abuse. */
export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * Per-socket rate cap as a token bucket: a socket may send RATE_BURST_FRAMES at once, then
 * RATE_REFILL_PER_SECOND frames per second. A host answering 64 simultaneous joins sends about
 * 64 × (1 ANSWER + ~4 CANDIDATE) ≈ 320 frames, hence the burst size.
 */
export const RATE_BURST_FRAMES = 400;
/** Frames per second added back to a socket's rate bucket. */
export const RATE_REFILL_PER_SECOND = 40;

/**
 * Connection attempts (OFFER frames) per socket, as a second token bucket: a participant makes one per attempt,
 * so a few at once then one every 5 s is plenty, and a flood of fake offers cannot pile up on the host.
 */
export const OFFER_BURST = 6;
/** OFFERs per second added back to a socket's offer bucket. */
export const OFFER_REFILL_PER_SECOND = 0.2;

/**
 * How long a session's host id stays reserved for its token after the host's socket went away, in ms: a host tab
 * that reloads, crashes or sleeps gets its code back, and nobody else can pose as the host meanwhile.
 */
export const HOST_RESERVATION_MS = 12 * 60 * 60 * 1000;

/** Distinct peer ids one session (one Durable Object) accepts: host + participants + margin. */
export const MAX_PEERS_PER_SESSION = 64;

/** Frames one sender may have waiting for absent peers; further frames get ERROR until EXPIRE drains them. */
export const MAX_QUEUED_FRAMES_PER_SENDER = 64;

/** Longest token accepted on the websocket URL (the app sends a 128-bit random value). */
export const MAX_TOKEN_LENGTH = 128;

/** Default time a socket may stay silent (no frame, not even HEARTBEAT) before it is closed, in ms. */
export const DEFAULT_ALIVE_TIMEOUT_MS = 60_000;

/** Default time a frame for an absent peer waits before its sender gets EXPIRE, in ms. */
export const DEFAULT_EXPIRE_TIMEOUT_MS = 5_000;

/** Default lifetime of TURN credentials handed out by /api/ice, in seconds. */
export const DEFAULT_TURN_TTL_SECONDS = 4 * 60 * 60;
