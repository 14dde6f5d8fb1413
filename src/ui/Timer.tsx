import { useEffect, useState } from 'preact/hooks';
import { formatInt, t } from '../i18n';

/** How often the countdown re-renders, in ms (it is computed from a deadline, so the rate only affects smoothness). */
const REFRESH_MS = 250;

/**
 * A countdown in whole seconds. `remainingMs` was true at this device's time `at` (ms); `paused` freezes it.
 * Amber at ≤ 30 s, red at ≤ 10 s (docs/game-rules.md#time).
 */
export function Timer({ remainingMs, at, paused }: { remainingMs: number; at: number; paused: boolean }) {
  // The state only triggers re-renders; the time itself is read at render, so a resume never shows a stale value.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (paused) return;
    const id = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    const onVisible = () => setTick((n) => n + 1);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [paused, at]);
  const elapsed = Math.max(0, Date.now() - at);
  const left = paused ? remainingMs : Math.max(0, remainingMs - elapsed);
  const seconds = Math.ceil(left / 1000);
  const tone = seconds <= 10 ? 'danger' : seconds <= 30 ? 'warn' : 'ok';
  return (
    <div class={`timer timer-${tone}${paused ? ' timer-paused' : ''}`} role="timer" aria-label={t().timer.left(seconds)}>
      <span data-testid="timer">{formatInt(seconds)}</span>
      <span class="timer-unit">{t().timer.unit}</span>
    </div>
  );
}
