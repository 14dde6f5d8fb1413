/**
 * Service worker registration (workbox-window) and the update policy (docs/deploy.md#updating): a new version is
 * announced, never swapped in by itself, and the announcement waits while a game runs in this page, whatever screen
 * shows (docs/robustness.md, "Updates during a game").
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';

/** How often an open app asks whether a new version was deployed, in ms (also on focus / visibility). */
export const UPDATE_CHECK_MS = 30 * 60 * 1000;

/** How long `updateApp` waits for a new version to install before it reloads anyway, in ms. */
export const UPDATE_INSTALL_WAIT_MS = 20_000;

/** True when a new version is installed and waiting for the person to accept it. */
export const updateWaiting = signal(false);
/** What says a game runs in this page: each session hosted here, the seat played here (see `holdUpdatesWhile`). */
const holds = signal<readonly ReadonlySignal<boolean>[]>([]);

/**
 * Holds updates back while `running` is true: no "new version" prompt and no update reload then. The host's
 * session registry holds while any session it runs is in a question or between questions, the phone while its seat
 * is; neither depends on which screen is mounted. Returns the release.
 */
export function holdUpdatesWhile(running: ReadonlySignal<boolean>): () => void {
  holds.value = [...holds.value, running];
  return () => (holds.value = holds.value.filter((h) => h !== running));
}

/** True while a game runs in this page (question to the last leaderboard): no update prompt then. */
export const gameRunning = computed(() => holds.value.some((h) => h.value));
/** Whether to show "a new version is ready". */
export const updateReady = computed(() => updateWaiting.value && !gameRunning.value);

let applyUpdate: (() => void) | null = null;
/** Set by `updateApp` while a new version installs: apply it as soon as it is ready. */
let updateAsked = false;

/** Registers /sw.js in production builds; no-op in dev and where service workers are unavailable. */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    updateWaiting.value = true;
    applyUpdate = () => {
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
    };
    if (updateAsked) applyUpdate();
  });
  try {
    await wb.register();
  } catch {
    return; // No service worker (private mode, insecure origin): the app still works online.
  }
  const check = () => {
    if (document.visibilityState === 'visible' && navigator.onLine) void wb.update().catch(() => undefined);
  };
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', check);
  window.addEventListener('focus', check);
}

/** Activates the waiting version and reloads (only when the person pressed "Update", and never mid-game). */
export function reloadForUpdate(): void {
  if (!gameRunning.value) applyUpdate?.();
}

/**
 * Brings this page to the deployed version now, because the person asked (a host on a newer protocol answered
 * PROTOCOL_MISMATCH): activates a waiting version, or fetches one and activates it once installed, or, with no
 * newer service worker to wait for, reloads (the server then serves the current build).
 */
export async function updateApp(): Promise<void> {
  if (applyUpdate) return applyUpdate();
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  if (registration) {
    await registration.update().catch(() => undefined);
    if (registration.installing || registration.waiting) {
      updateAsked = true; // the 'waiting' listener applies it; a failed install still ends in a reload
      setTimeout(() => location.reload(), UPDATE_INSTALL_WAIT_MS);
      return;
    }
  }
  location.reload();
}
