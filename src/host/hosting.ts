/**
 * Hosting belongs to the sessions this page runs, not to a mounted screen (docs/robustness.md, "Updates during a
 * game"). Loaded with every host screen's code, this module:
 * - holds app updates back while any session run here is in a question or between questions, wherever the host
 *   navigates (no prompt, no update reload);
 * - re-checks every session's deadline and signaling link when the page comes back (timers are throttled in
 *   background tabs), and frees their peer ids when the page goes away, so a reload reclaims the codes at once;
 * - remembers, for this tab only (sessionStorage), which sessions it hosts, and hosts them again by itself after a
 *   reload of the tab, on whichever host screen the tab opens: phones come back without the host reopening anything.
 *   (The home page and /play load no host code, which keeps the phone's download small: a tab reloaded there
 *   resumes its sessions once it opens any host screen.)
 */
import { computed, effect, signal } from '@preact/signals';
import { holdUpdatesWhile } from '../ui/sw';
import { claim, disposeAll, openHostSession } from './active';
import { listStatus } from './results';
import { liveRuntimes } from './runtime';

/** True while a session run by this page is past its start and not ended. */
export const hostingGame = computed(() => [...liveRuntimes.value].some((r) => listStatus(r.state.value) === 'active'));
holdUpdatesWhile(hostingGame);

/** sessionStorage key of the codes (JSON array) of the sessions this tab hosts. */
const HOSTED_KEY = 'sommelier-hosted';

/** The codes this tab hosted before it reloaded (never throws: no storage means nothing to resume). */
function readHosted(): string[] {
  try {
    const codes: unknown = JSON.parse(sessionStorage.getItem(HOSTED_KEY) ?? '[]');
    return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/** Read once, before this page writes its own list. */
const hostedBefore = readHosted();
/** False while the sessions of `hostedBefore` are being opened: the list stays as the previous page left it, so a
 * reload in that moment still resumes them. */
const resumed = signal(hostedBefore.length === 0);
/** Set once the page is going away: the sessions it drops then are still this tab's to resume. */
let leaving = false;

effect(() => {
  const codes = [...liveRuntimes.value].filter((r) => r.state.value.phase !== 'ended').map((r) => r.code);
  if (!resumed.value || leaving) return;
  try {
    if (codes.length > 0) sessionStorage.setItem(HOSTED_KEY, JSON.stringify(codes));
    else sessionStorage.removeItem(HOSTED_KEY);
  } catch {
    // No session storage: after a reload, the session's screen hosts it again once the host opens it.
  }
});

const wake = () => {
  if (document.visibilityState !== 'visible') return;
  for (const runtime of liveRuntimes.value) {
    void runtime.tick();
    runtime.retrySignaling();
  }
};
document.addEventListener('visibilitychange', wake);
window.addEventListener('focus', wake);
window.addEventListener('online', wake);
window.addEventListener('pagehide', () => {
  leaving = true;
  disposeAll();
});

/**
 * Hosts again each session of `codes`: opens it (under its Web Lock; one that another tab runs now is left to that
 * tab, one that is gone or unreadable is skipped: its screen says why when opened) and claims its code, retrying
 * while the signaling Worker is unreachable. Resolves once each is open; claims go on in the background.
 */
async function resume(codes: readonly string[]): Promise<void> {
  await Promise.all(
    codes.map(async (code) => {
      try {
        const runtime = await openHostSession(code);
        if (runtime && !runtime.connected) void claim(runtime, true);
      } catch {
        // Open in another tab, or unreadable: nothing to run here.
      }
    }),
  );
}

void resume(hostedBefore).finally(() => (resumed.value = true));
