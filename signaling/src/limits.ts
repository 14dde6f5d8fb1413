// Every size, rate and time limit of the signaling server, in one place. docs/security.md explains the figures.
// Timeouts that tests shorten come from Worker vars (see env.ts); these are their defaults.
//
// Sizing rule: a venue puts every phone behind one public address (its Wi-Fi's NAT), and a session may have 100
// phones. Per-session limits therefore allow a whole venue from one address, with margin; what they stop is what
// no venue does (hundreds of sockets, floods of offers, reconnecting to get fresh budgets).

/** A token bucket: `burst` tokens at most, `perSecond` added back each second. */
export interface BucketSpec {
  burst: number;
  perSecond: number;
}

/** Largest client frame accepted, in bytes of UTF-8. A data-channel SDP offer is about 1 KB; anything near this is abuse. */
export const MAX_FRAME_BYTES = 16 * 1024;

/**
 * Frames per participant socket (HEARTBEAT included). A participant sends one OFFER and a few CANDIDATEs per join,
 * then a HEARTBEAT every 5 s. Carried over when the same id and token reconnect.
 */
export const PARTICIPANT_FRAMES: BucketSpec = { burst: 100, perSecond: 10 };

/**
 * Frames per host socket. The host answers every join (1 ANSWER + a few CANDIDATEs), up to 100 phones at once
 * after its own reload.
 */
export const HOST_FRAMES: BucketSpec = { burst: 2000, perSecond: 200 };

/**
 * OFFERs per peer id (connection attempts): a phone makes one per attempt. Carried over when the same id and
 * token reconnect, so reconnecting does not refill it.
 */
export const OFFERS_PER_ID: BucketSpec = { burst: 6, perSecond: 0.2 };

/**
 * OFFERs per client address per session, whatever the ids: 100 phones behind one NAT joining, then all rejoining
 * at once after each of four host reloads in a row (a tablet that keeps reloading), fit in the burst, and a
 * storm's worth comes back every 20 s; a script making new ids to get fresh budgets does not get past it. Measured
 * with 300 then 3/s (`npm run bench`, 100 phones, three host reloads about 5 s apart): the third storm ran out, about
 * half the phones had their offer refused and, back-off and fresh sockets included, the last came back after 19 s.
 */
export const OFFERS_PER_ADDRESS: BucketSpec = { burst: 500, perSecond: 5 };

/** New participant sockets per client address per session (first joins, rejoins after a socket closed). */
export const CONNECTS_PER_ADDRESS: BucketSpec = { burst: 300, perSecond: 3 };

/**
 * Bytes of relayed frames per client address per session (each frame costs at least RELAY_MIN_COST_BYTES).
 * A join relays about 6 KB (offer + candidates); every OFFER of OFFERS_PER_ADDRESS's burst fits (500 × 6 KB), and
 * the refill carries its rate. Bounds what one address can push at the host's page, whose signaling client parses
 * every frame.
 */
export const RELAY_BYTES_PER_ADDRESS: BucketSpec = { burst: 3 * 1024 * 1024, perSecond: 64 * 1024 };
/** Least a relayed frame costs against RELAY_BYTES_PER_ADDRESS, so tiny frames still count. */
export const RELAY_MIN_COST_BYTES = 256;

/** GET /api/session lookups per client address per session (a phone makes one per join attempt). */
export const LOOKUPS_PER_ADDRESS: BucketSpec = { burst: 600, perSecond: 10 };

/**
 * Participant ids one session holds at once: 100 phones + second tabs + phones rejoining while their old socket
 * has not timed out yet. The host id is not counted: it always gets in.
 */
export const MAX_PEERS_PER_SESSION = 240;

/** Participant ids one client address holds at once in one session (a whole venue behind one NAT fits). */
export const MAX_PEERS_PER_ADDRESS = 120;

/** Frames one sender may have waiting for absent peers; further frames get ERROR until EXPIRE drains them. */
export const MAX_QUEUED_FRAMES_PER_SENDER = 64;

/**
 * Frames one client address may have waiting for absent peers in one session, whatever the ids. Phones with a seat
 * send their offer (and candidates) at once after a host reload, and the Worker holds them until the host is back:
 * 100 phones × an OFFER and a few CANDIDATEs each fit.
 */
export const MAX_QUEUED_FRAMES_PER_ADDRESS = 1000;

/** Longest token accepted on the websocket URL (the app sends a 128-bit random value). */
export const MAX_TOKEN_LENGTH = 128;

/**
 * Default time a participant socket is safe from eviction after it connected, in ms (var JOIN_GRACE_MS). When a
 * newcomer would pass MAX_PEERS_PER_SESSION or its address's MAX_PEERS_PER_ADDRESS, the oldest *unseated* socket
 * connected at least this long ago gives way to it (session.ts): of the newcomer's own address for the address cap,
 * of the address holding the most unseated sockets for the session cap. A phone connects, offers, and its data
 * channel joins within seconds (the host gives one negotiation 10 s at most); the host's SEATS then names it and it
 * is never evicted. 15 s covers a slow phone on busy Wi-Fi. Whoever keeps a session full must keep all its sockets
 * younger than this: 240 / 15 s = 16 new sockets a second, which takes 6 addresses at CONNECTS_PER_ADDRESS's 3 a
 * second once their bursts are spent; one address keeping its 120 fresh needs 8 a second and runs dry within a
 * minute, after which at most 45 of its sockets (3 a second × 15 s) are young enough to stay.
 */
export const DEFAULT_JOIN_GRACE_MS = 15_000;

/**
 * Most entries in each list of a SEATS frame (`tokens`, `ids`). A session seats at most 100 phones; 128 of each
 * (64-digit hex tokens, ids of at most 40 characters) make about 14 KB of JSON, within MAX_FRAME_BYTES.
 */
export const MAX_SEAT_ENTRIES = 128;

/** Default time a socket may stay silent (no frame, not even HEARTBEAT) before it is closed, in ms. */
export const DEFAULT_ALIVE_TIMEOUT_MS = 60_000;

/** Default time a frame for an absent peer waits before its sender gets EXPIRE, in ms. */
export const DEFAULT_EXPIRE_TIMEOUT_MS = 5_000;

/**
 * How long the host id stays reserved for its token after the host closed its socket itself (tab closed or
 * reloading), in ms. A reload is back within seconds.
 */
export const DEFAULT_HOST_GRACE_CLOSED_MS = 60_000;

/**
 * How long the host id stays reserved for its token after its connection was lost (silent past the alive timeout,
 * dropped without a close: sleeping tablet, network gone, crashed tab), in ms.
 */
export const DEFAULT_HOST_GRACE_LOST_MS = 10 * 60_000;

// ---- Per client address, across all sessions (the AddressLimiter object; loopback is exempt, see address.ts) ----

/**
 * Session codes one address may discover: a code it has not touched (looked up, joined, asked ICE for) within
 * CODE_MEMORY_MS costs one token. A venue touches one or two codes an evening; a scan of all 9,000 codes from one
 * address takes (9,000 − 30) × 30 s ≈ 75 hours.
 */
export const NEW_CODES_PER_ADDRESS: BucketSpec = { burst: 30, perSecond: 1 / 30 };

/** How long a touched code stays free for the address that touched it, in ms. */
export const CODE_MEMORY_MS = 60 * 60_000;

/**
 * Host id claims per address: claiming a free code, and trying the host id of a held code with another token
 * (which tells that the code is live). "Create tasting" makes one, or a few when codes are taken.
 */
export const HOST_CLAIMS_PER_ADDRESS: BucketSpec = { burst: 10, perSecond: 1 / 60 };

/** Host ids one address may hold at once, live or in their grace (a venue runs one session, an event a few). */
export const MAX_HOSTS_PER_ADDRESS = 8;

/** At most this often (ms) a limiter at MAX_HOSTS_PER_ADDRESS asks the sessions which holds are over. */
export const HOLD_CHECK_INTERVAL_MS = 10_000;

/** How often (ms) an address limiter with holds checks them in the background, to forget them in the end. */
export const HOLDS_RECHECK_MS = 10 * 60_000;

/**
 * Default lifetime of TURN credentials handed out by /api/ice, in seconds. coturn checks them when a relay is
 * allocated, and a relay in use outlives them; the host asks for new ones at half this, a phone on every connection attempt.
 */
export const DEFAULT_TURN_TTL_SECONDS = 60 * 60;
