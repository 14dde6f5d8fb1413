// The sentences the Worker sends in ERROR frames for refusals a client can act on. A module of its own, with no
// runtime imports, so the app's tests can check that a phone recognises them (e.g. the lock's, read as SESSION_LOCKED).

/** Messages of refusals a client can act on (sent in ERROR frames). */
export const Refusal = {
  SessionFull: 'Session is full',
  AddressFull: 'Too many connections from your network to this session',
  TooManyConnects: 'Too many new connections from your network; wait a few seconds',
  TooManyOffers: 'Too many connection attempts; wait a few seconds',
  TooMuchSignaling: 'Too much signaling from your network; wait a few seconds',
  RateLimit: 'Rate limit exceeded',
  TooManyCodes: 'Too many session codes tried from your network; try again later',
  TooManyClaims: 'Too many tastings started from your network; try again later',
  TooManyHosts: 'Your network already runs the most tastings at once; end one, or try again later',
  /** A participant socket without a seat while the host's SEATS says `locked`. */
  Locked: 'SESSION_LOCKED: this tasting is closed to new players',
  /** An unseated socket past JOIN_GRACE_MS that gave way to a newcomer in a full session or address. */
  Replaced: 'Replaced by a newer connection',
  /** A SEATS frame from the host whose payload is not what docs/protocol.md says. */
  InvalidSeats: 'Invalid SEATS',
} as const;
