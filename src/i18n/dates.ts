/** Dates in the current language through `Intl` (host screens only: the phone's path never shows a date). */
import { lang } from './index';

/** A date and time (ms since epoch): "Nov 30, 2026, 8:15 PM" / "30 nov. 2026, 20:15". */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(lang.value, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A date (ms since epoch) in full words: "Monday, November 30, 2026" / "lundi 30 novembre 2026". */
export function formatLongDate(ms: number): string {
  return new Intl.DateTimeFormat(lang.value, { dateStyle: 'full' }).format(ms);
}
