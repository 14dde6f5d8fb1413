/**
 * The host's source of randomness for every game choice (option order, pseudonyms, session codes): the platform's
 * CSPRNG, never `Math.random`, whose output a player could predict from a few samples (docs/security.md). The
 * engine stays pure: it takes this function as an argument.
 */

/** A uniform number in [0, 1) made of 53 random bits from `crypto.getRandomValues`. */
export function secureRandom(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  // 32 bits from `high` and the top 21 of `low`: every double in [0, 1) with 53-bit resolution.
  return (high! * 2 ** 21 + (low! >>> 11)) / 2 ** 53;
}
