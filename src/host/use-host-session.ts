/**
 * What `/host/<code>` shows, as state for the screen: opens the session on this device (under its Web Lock), claims
 * its code through `claim` (the one home of that policy) and follows a change of code. The page's wake-up events
 * and what a reload resumes belong to every session this page runs: src/host/hosting.ts. The screen only renders
 * what this returns.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { isCode } from '../engine';
import { UnreadableSessionError } from '../store/sessions';
import { loadPack, th } from '../i18n';
import { unsupportedSentence } from '../ui/strings';
import { claim, OpenElsewhereError, openHostSession } from './active';
import './hosting';
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

  return screen;
}
