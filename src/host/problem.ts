/** What a failed action on the host's device says to the host, in the current language. */
import { th } from '../i18n';
import { StorageError } from '../store/db';
import { NoFreeCodeError } from './active';

/**
 * The reason shown for `e`: the browser refusing to store (StorageError) and no free session code
 * (NoFreeCodeError) in the host's language; anything else (a bug, not a situation) keeps its own message.
 */
export function problemText(e: unknown): string {
  if (e instanceof StorageError) return th().problem.storage;
  if (e instanceof NoFreeCodeError) return th().problem.noFreeCode;
  return e instanceof Error ? e.message : String(e);
}
