/**
 * What `/host/<code>` shows, as state for the screen: opens the session on this device (under its Web Lock), claims
 * its code through `claim` (the one home of that policy), follows a change of code, and wires the page's
 * wake-up events. The screen only renders what this returns.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { isCode } from '../engine';
import { UnreadableSessionError } from '../store/sessions';
import { loadPack, th } from '../i18n';
import { unsupportedSentence } from '../ui/strings';
import { claim, disposeAll, OpenElsewhereError, openHostSession } from './active';
import type { HostRuntime } from './runtime';
import { problemText } from './problem';

/** The session screen's state: still loading, a runtime (with a problem line, if any), or why there is none. */
export type HostSessionScreen =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'elsewhere' }
  | { kind: 'unavailable'; problem: string }
  | { kind: 'running'; runtime: HostRuntime; problem: string | null };

/** State of `/host/<code>`; `takeOver` counts the host's "run it here" presses (each steals the session's lock). */
export function useHostSession(code: string, takeOver: number): HostSessionScreen {
  const { route } = useLocation();
  const [screen, setScreen] = useState<HostSessionScreen>({ kind: 'loading' });

  useEffect(() => {
    if (!isCode(code)) return setScreen({ kind: 'missing' });
    let cancelled = false;
    setScreen({ kind: 'loading' });
    openHostSession(code, takeOver > 0).then(
      (runtime) => {
        if (cancelled) return;
        if (!runtime) return setScreen({ kind: 'missing' });
        setScreen({ kind: 'running', runtime, problem: null });
        if (runtime.connected) return;
        void claim(runtime, true).then(({ runtime: now, outcome }) => {
          if (cancelled || outcome === 'stopped') return;
          if (now !== runtime) route(`/host/${now.code}`, true);
          else if (outcome === 'taken') setScreen({ kind: 'running', runtime, problem: th().session.otherDevice(code) });
          else if (outcome === 'unsupported')
            // Its words are in the exceptional screens' pack (src/i18n/rare.*.ts), loaded only now.
            void loadPack('rare').then(() => {
              if (!cancelled) setScreen({ kind: 'running', runtime, problem: unsupportedSentence(['webrtc'], 'host') });
            });
        });
      },
      (e: Error) => {
        if (cancelled) return;
        if (e instanceof OpenElsewhereError) return setScreen({ kind: 'elsewhere' });
        const problem =
          e instanceof UnreadableSessionError ? th().dashboard.unreadable(e.code, e.newer) : th().session.cannotRead(problemText(e));
        setScreen({ kind: 'unavailable', problem });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [code, route, takeOver]);

  const runtime = screen.kind === 'running' ? screen.runtime : null;
  useEffect(() => {
    if (!runtime) return;
    // Timers are throttled in background tabs: re-check the deadline and the signaling link when the page is back.
    const wake = () => {
      if (document.visibilityState !== 'visible') return;
      void runtime.tick();
      runtime.retrySignaling();
    };
    document.addEventListener('visibilitychange', wake);
    window.addEventListener('focus', wake);
    window.addEventListener('online', wake);
    window.addEventListener('pagehide', disposeAll);
    return () => {
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('focus', wake);
      window.removeEventListener('online', wake);
      window.removeEventListener('pagehide', disposeAll);
    };
  }, [runtime]);

  return screen;
}
