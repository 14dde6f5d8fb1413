/**
 * Keyboard shortcuts of the host's controls (issue 13), for a host at a laptop driving a projector: Space starts,
 * pauses and resumes; R reveals; → (or N) goes on. "End tasting" has none: ending is deliberate.
 */
import { useEffect } from 'preact/hooks';
import { canHost, type SessionState } from '../engine';
import type { HostRuntime } from './runtime';

export type ShortcutAction = 'start' | 'pause' | 'resume' | 'reveal' | 'next';

/** The keys of each action, as `KeyboardEvent.key` values, and as `aria-keyshortcuts` names them. */
export const SHORTCUT_KEYS: Record<ShortcutAction, { keys: string[]; aria: string; shown: string }> = {
  start: { keys: [' '], aria: 'Space', shown: '␣' },
  pause: { keys: [' '], aria: 'Space', shown: '␣' },
  resume: { keys: [' '], aria: 'Space', shown: '␣' },
  reveal: { keys: ['r', 'R'], aria: 'R', shown: 'R' },
  next: { keys: ['ArrowRight', 'n', 'N'], aria: 'ArrowRight N', shown: '→' },
};

/** The host action `key` stands for in `state` (the one allowed now), or null. */
export function shortcutAction(state: SessionState, key: string): ShortcutAction | null {
  const candidates = (Object.keys(SHORTCUT_KEYS) as ShortcutAction[]).filter((a) => SHORTCUT_KEYS[a].keys.includes(key));
  return candidates.find((a) => canHost(state, a)) ?? null;
}

/**
 * True when a key press belongs to what has the focus, not to us: typing in a field (checkboxes included), anything
 * while a dialog is open, and Space on a focused button or link (it presses that button).
 */
function belongsToFocus(e: KeyboardEvent): boolean {
  const el = e.target instanceof Element ? e.target : null;
  if (document.querySelector('dialog[open]') || el?.closest('input, textarea, select, [contenteditable]')) return true;
  return e.key === ' ' && !!el?.closest('button, a');
}

/**
 * Listens for the shortcuts while `enabled` (the caller turns it off while editing, and for CONTROL_SETTLE_MS after
 * a screen change, like the buttons, so a double press never skips a screen).
 */
export function useHostShortcuts(runtime: HostRuntime, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || belongsToFocus(e)) return;
      const action = shortcutAction(runtime.state.peek(), e.key);
      if (!action) return;
      e.preventDefault();
      void runtime.host({ type: action });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runtime, enabled]);
}
