/**
 * Service worker registration (workbox-window). A new version is announced, never swapped in by itself:
 * a running game must not reload (DESIGN §6). `updateReady` turns true when a new version waits.
 */
import { signal } from '@preact/signals';

/** True when a new version is installed and waiting for the person to accept it. */
export const updateReady = signal(false);
let applyUpdate: (() => void) | null = null;

/** Registers /sw.js in production builds; no-op in dev and where service workers are unavailable. */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    updateReady.value = true;
    applyUpdate = () => {
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
    };
  });
  try {
    await wb.register();
  } catch {
    // No service worker (private mode, insecure origin): the app still works online.
  }
}

/** Activates the waiting version and reloads (only when the person pressed "Update"). */
export function reloadForUpdate(): void {
  applyUpdate?.();
}
