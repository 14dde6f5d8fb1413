/**
 * Sentences shown to people live in the typed dictionaries of src/i18n (English and French; docs/i18n.md says how to
 * add one). This file only keeps the sentence helpers shared by several screens.
 */
import { loadPack, t, tRare } from '../i18n';
import type { ErrorCode } from '../protocol/messages';
import type { Capability } from './capabilities';

/**
 * What error `code` means and what to do about it (docs/protocol.md#error-codes), in the current language.
 * `appOutdated` (PROTOCOL_MISMATCH only): this page is older than the host's app, so updating it helps; otherwise the
 * host's app is the older one.
 */
export function errorSentence(code: ErrorCode, sessionCode: string, appOutdated = false): string {
  const m = t();
  if (code === 'SIGNALING_UNREACHABLE' && typeof navigator !== 'undefined' && !navigator.onLine) return m.errorOffline;
  if (code === 'PROTOCOL_MISMATCH' && appOutdated) return m.errorAppOutdated;
  if (code === 'BROWSER_UNSUPPORTED') return unsupportedSentence(['webrtc']);
  return m.error[code](sessionCode);
}

/**
 * The final message for a browser that cannot play (docs/robustness.md): what it lacks, then what to do. For a host
 * (`who`: 'host') the same with "host a tasting" instead of "join".
 */
export function unsupportedSentence(missing: readonly Capability[], who: 'player' | 'host' = 'player'): string {
  const m = tRare()?.unsupported;
  // Its words are the exceptional screens' pack: ask for it; reading it here re-renders the caller when it comes.
  if (!m) {
    void loadPack('rare');
    return '';
  }
  const lacks = missing.map((c) => m[c]).join(m.and);
  return m.sentence(who === 'host', lacks, missing.includes('secure-context'), missing.includes('storage'));
}
