/** The participant's way in (docs/screens.md `join-link`): the URL a QR code carries and the short address people type. */

/** The participant URL for `code` on this origin: `…/play?code=<code>`. */
export function joinUrl(code: string): string {
  return `${location.origin}/play?code=${code}`;
}

/** The short address to type, without the scheme: `sommelier.example/play` (then the code). */
export function joinAddress(): string {
  return `${location.host}/play`;
}
