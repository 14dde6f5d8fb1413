/**
 * Lazy screens that survive a deploy (docs/robustness.md, "Deploys"): a screen's code that fails to load (this
 * build's files are gone from the server, or the network is) is tried once more, then replaced by a screen that
 * says what happened and offers a reload, instead of a rejected import that leaves the old screen up for good.
 */
import type { ComponentType } from 'preact';
import { t } from '../i18n';

/** The wait before the one retry of a screen's code, in ms (a brief network hiccup passes). */
export const SCREEN_RETRY_MS = 500;

/**
 * `load()`, tried twice SCREEN_RETRY_MS apart; if both fail, `fallback`. Never rejects.
 * `wait` is injectable for tests.
 */
export async function loadScreen<C>(
  load: () => Promise<C>,
  fallback: C,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<C> {
  try {
    return await load();
  } catch {
    await wait(SCREEN_RETRY_MS);
    try {
      return await load();
    } catch {
      return fallback;
    }
  }
}

/** In place of a screen whose code could not be loaded: a new version was deployed, or there is no network. */
export const ScreenUnavailable: ComponentType = function ScreenUnavailable() {
  const offline = typeof navigator !== 'undefined' && !navigator.onLine;
  const m = t().app;
  return (
    <main class="page center" role="alert">
      <h1>{m.crashed}</h1>
      <p>{offline ? m.needsNetwork : m.newVersion}</p>
      <p class="muted">{m.nothingLost}</p>
      <button type="button" class="btn btn-primary" onClick={() => location.reload()}>
        {m.reload}
      </button>
    </main>
  );
};
