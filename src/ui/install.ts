/**
 * "Install" support: keeps the browser's `beforeinstallprompt` event for a button, knows when the app already
 * runs installed (standalone), and when to show the iOS hint instead (Safari has no install prompt).
 */
import { signal } from '@preact/signals';

/** The deferred install prompt (Chromium-based browsers only). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export const installPrompt = signal<InstallPromptEvent | null>(null);

/** True when the app runs from the home screen (no browser UI). */
export function isStandalone(): boolean {
  return matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
}

/** True on iPhone / iPad Safari, where installing is Share → Add to Home Screen. */
export function isIos(): boolean {
  return /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
}

/** Starts listening; call once at start-up, before the browser fires the event. */
export function listenForInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault();
    installPrompt.value = e as InstallPromptEvent;
  });
  window.addEventListener('appinstalled', () => (installPrompt.value = null));
}

/** Shows the browser's install dialog; the prompt can be used once. */
export async function promptInstall(): Promise<void> {
  const e = installPrompt.value;
  if (!e) return;
  installPrompt.value = null;
  await e.prompt();
}
