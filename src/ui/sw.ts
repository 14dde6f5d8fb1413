/**
 * Service worker registration (workbox-window) and the update policy (DESIGN §6): a new version is announced,
 * never swapped in by itself, and the announcement waits while a game runs on this screen.
 */
import { computed, signal } from '@preact/signals';

/** How often an open app asks whether a new version was deployed, in ms (also on focus / visibility). */
export const UPDATE_CHECK_MS = 30 * 60 * 1000;

/** True when a new version is installed and waiting for the person to accept it. */
export const updateWaiting = signal(false);
/** True while this screen runs or plays a game (question to final leaderboard): no update prompt then. */
export const gameRunning = signal(false);
/** Whether to show "a new version is ready". */
export const updateReady = computed(() => updateWaiting.value && !gameRunning.value);

let applyUpdate: (() => void) | null = null;

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

/** Activates the waiting version and reloads (only when the person pressed "Update"). */
export function reloadForUpdate(): void {
  applyUpdate?.();
}
