/** Session codes: 4 random digits (docs/game-rules.md). Uniqueness among live sessions is the signaling Worker's call. */

/** Matches a session code: exactly 4 ASCII digits. */
export const CODE_PATTERN = /^\d{4}$/;

/** A random code from 1000 to 9999 (no leading zero, so spreadsheets and people never drop a digit). */
export function generateCode(random: () => number): string {
  return String(1000 + Math.min(8999, Math.floor(random() * 9000)));
}

/** True when `s` is a well-formed session code. */
export function isCode(s: string): boolean {
  return CODE_PATTERN.test(s);
}
