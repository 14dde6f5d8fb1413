/** Links to the phone's join page (docs/screens.md routes: `/play?code=<code>` pre-fills the code and joins at once). */

/** The join page for session `code`, on this origin: `/play?code=<code>`. */
export function joinPath(code: string): string {
  return `/play?code=${encodeURIComponent(code)}`;
}

/** The full join URL that a QR code or a shared link carries: `<origin>/play?code=<code>`. */
export function joinUrl(origin: string, code: string): string {
  return `${origin}${joinPath(code)}`;
}

/**
 * "Continue on another device": the join URL with this seat's rejoin token (32 hex digits) in the fragment, which
 * browsers never send to a server. The device that opens it takes the seat.
 */
export function seatUrl(origin: string, code: string, token: string): string {
  return `${joinUrl(origin, code)}#seat=${token}`;
}

/** The seat token in a `seatUrl` fragment (`#seat=<32 hex>`), or undefined. */
export function seatFromHash(hash: string): string | undefined {
  return /^#seat=([0-9a-f]{32})$/.exec(hash)?.[1];
}
