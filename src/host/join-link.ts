/** The participant's way in (docs/screens.md `join-link`): the URL a QR code carries and the short address people type. */
import { joinUrl as joinUrlOn } from '../ui/links';

/** The participant URL for `code` on this origin: `…/play?code=<code>` (built by `src/ui/links.ts`). */
export function joinUrl(code: string): string {
  return joinUrlOn(location.origin, code);
}

/** The short address to type, without the scheme: `sommelier.example/play` (then the code). */
export function joinAddress(): string {
  return `${location.host}/play`;
}
