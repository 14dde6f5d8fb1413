/**
 * Sentences shown to people live in the typed dictionaries of src/i18n (English and French; docs/i18n.md says how to
 * add one). This file only keeps the sentence helpers shared by several screens.
 */
import { loadPack, t, tRare } from '../i18n';
import type { Rare, RareError } from '../i18n/rare.en';
import type { ErrorCode } from '../protocol/messages';
import type { Capability } from './capabilities';

/**
 * What error `code` means and what to do about it (docs/protocol.md#error-codes), in the current language.
 * `appOutdated` (PROTOCOL_MISMATCH only): this page is older than the host's app, so updating it helps; otherwise the
 * host's app is the older one. '' for the few ms a rare refusal's words take to load (`rare`).
 */
export function errorSentence(code: ErrorCode, sessionCode: string, appOutdated = false): string {
  const m = t();
  if (code === 'SIGNALING_UNREACHABLE' && typeof navigator !== 'undefined' && !navigator.onLine) return m.errorOffline;
  if (code === 'BROWSER_UNSUPPORTED') return unsupportedSentence(['webrtc']);
  if (code in m.error) return m.error[code as keyof typeof m.error](sessionCode);
  const r = rare();
  if (!r) return '';
  return code === 'PROTOCOL_MISMATCH' && appOutdated ? r.errorAppOutdated : r.error[code as RareError]();
}

/**
 * The exceptional screens' sentences (src/i18n/rare.*.ts), or null while they load: asking starts the load, and reading
 * them here re-renders the caller when they come.
 */
export function rare(): Rare | null {
  const r = tRare();
  if (!r) void loadPack('rare');
  return r;
}

/**
 * The final message for a browser that cannot play (docs/robustness.md): what it lacks, then what to do. For a host
 * (`who`: 'host') the same with "host a tasting" instead of "join".
 */
export function unsupportedSentence(missing: readonly Capability[], who: 'player' | 'host' = 'player'): string {
  const m = rare()?.unsupported;
  if (!m) return '';
  const lacks = missing.map((c) => m[c]).join(m.and);
  return m.sentence(who === 'host', lacks, missing.includes('secure-context'), missing.includes('storage'));
}
