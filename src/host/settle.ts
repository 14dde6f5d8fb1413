import { useEffect, useState } from 'preact/hooks';

/**
 * How long the host's controls stay disabled after the screen changed, in ms (a double tap is under 300 ms): one on
 * Reveal must not land on the next screen's "Show standings" in the same place. Keyboard shortcuts wait as long.
 */
export const CONTROL_SETTLE_MS = 400;

/** False for CONTROL_SETTLE_MS after `key` changes (true on first mount, e.g. after a reload). */
export function useSettled(key: string): boolean {
  const [settledKey, setSettledKey] = useState(key);
  useEffect(() => {
    const t = setTimeout(() => setSettledKey(key), CONTROL_SETTLE_MS);
    return () => clearTimeout(t);
  }, [key]);
  return settledKey === key;
}
