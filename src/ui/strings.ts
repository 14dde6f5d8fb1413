/** Words shown to people. English only for now; keep every sentence here so a translation is one file. */
import type { Category } from '../engine';
import type { ErrorCode } from '../protocol/messages';
import type { Capability } from './capabilities';

/** The button that updates this page to the deployed version (after PROTOCOL_MISMATCH). */
export const UPDATE_APP = 'Update the app';

/** Short chip label per category. */
export const CATEGORY_LABEL: Record<Category, string> = {
  color: 'Color',
  region: 'Region',
  grape_variety: 'Grape variety',
  vintage_year: 'Vintage year',
  wine_name: 'Wine name',
};

/** The fixed prompt of each category (REFERENCE §3). */
export const CATEGORY_PROMPT: Record<Category, string> = {
  color: 'What is the color of this wine?',
  region: 'From which region does this wine come?',
  grape_variety: 'What is the grape variety of this wine?',
  vintage_year: 'What is the vintage year of this wine?',
  wine_name: 'What is the name of this wine?',
};

/**
 * What each error means and what to do about it (ACCEPTANCE "Error codes"). `appOutdated` (PROTOCOL_MISMATCH only):
 * this page is older than the host's app, so updating it helps; otherwise the host's app is the older one.
 */
export function errorSentence(code: ErrorCode, sessionCode: string, appOutdated = false): string {
  switch (code) {
    case 'SESSION_NOT_FOUND':
      return `No tasting with code ${sessionCode}. Check the 4 digits on the host's screen and try again.`;
    case 'GAME_STARTED':
      return 'This tasting has already started (or ended), so it is closed to new players. Ask the host for the next one.';
    case 'SESSION_FULL':
      return 'This tasting is full. Ask the host to make room, or join the next one.';
    case 'SIGNALING_UNREACHABLE':
      return typeof navigator !== 'undefined' && !navigator.onLine
        ? 'This phone has no network. Turn on Wi-Fi or mobile data — we join as soon as it is back.'
        : 'Cannot reach the server that introduces players. Check your Wi-Fi or mobile data — we keep trying.';
    case 'HOST_UNREACHABLE':
      return "The host's device does not answer. Make sure you are on the venue's network — we keep trying.";
    case 'INVALID_REJOIN':
      return 'Your seat in this tasting is no longer valid. Join again with the code.';
    case 'PROTOCOL_MISMATCH':
      return appOutdated
        ? "This app is older than the host's. Update it, then you join by yourself."
        : "The host's app is older than yours. Ask the host to update theirs (it offers it between games), then join again.";
    case 'BROWSER_UNSUPPORTED':
      return unsupportedSentence(['webrtc']);
  }
}

/** Above the list of saved tastings this version cannot open (dashboard). */
export const UNREADABLE_SESSIONS_NOTE =
  'Some saved tastings could not be opened by this version of the app. Nothing was deleted: each is kept here.';

/** Why saved tasting `code` cannot be opened: saved by a newer version (update), or unreadable (kept aside). */
export function unreadableSentence(code: string, newer: boolean): string {
  return newer
    ? `Tasting ${code} was saved by a newer version of the app: update the app to open it.`
    : `Tasting ${code} could not be read and was set aside. Download it to keep a copy or to report the problem.`;
}

/** What each missing capability means to a guest, in words (docs/robustness.md). */
const MISSING_WHAT: Record<Capability, string> = {
  webrtc: 'no WebRTC, the direct connection the game uses',
  storage: 'no storage, so your seat cannot be kept (a private window, or an app’s built-in browser)',
  'secure-context': 'no secure (https) page',
};

/**
 * The final message for a browser that cannot play: what it lacks, then what to do. For a host (`who`: 'host') the
 * same with "host" instead of "join".
 */
export function unsupportedSentence(missing: readonly Capability[], who: 'player' | 'host' = 'player'): string {
  const lacks = missing.map((m) => MISSING_WHAT[m]).join('; and ');
  const what = who === 'host' ? 'host a tasting' : 'join';
  const where = missing.includes('secure-context') ? 'the https:// address' : 'this link';
  const window = missing.includes('storage') ? ' (not a private window)' : '';
  return `This browser cannot ${what}: it has ${lacks}. Open ${where} in Safari or Chrome${window}.`;
}
