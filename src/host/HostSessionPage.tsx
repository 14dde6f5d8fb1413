/** `/host/<code>`: runs or resumes one session on this device (docs/screens.md, docs/game-rules.md). */
import './host.css';
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { isCode } from '../engine';
import { BrowserUnsupportedError, IdTakenError } from '../net/host-peer';
import { backoffDelay } from '../net/backoff';
import { disposeAll, OpenElsewhereError, openHostSession, recodeHostSession } from './active';
import { HostSessionView } from './HostSessionView';

import type { HostRuntime } from './runtime';
import { th } from '../i18n';
import { useWakeLock } from '../ui/wake-lock';
import { unsupportedSentence } from '../ui/strings';
import { UnreadableSessionError } from '../store/sessions';
import { BrowserGate } from '../ui/BrowserGate';

/** `/host/<code>/screen` loads with this screen's chunk (src/app.tsx). */
export { ProjectorPage } from './ProjectorPage';

/** `/host/<code>`, in a browser that can host (else what it lacks: BrowserGate). */
export function HostSessionPage() {
  return (
    <BrowserGate>
      <SessionPage />
    </BrowserGate>
  );
}

function SessionPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const code = params.code ?? '';
  const [runtime, setRuntime] = useState<HostRuntime | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  /** Another tab of this browser runs this session; `takeOver` counts the host's "run it here" presses. */
  const [elsewhere, setElsewhere] = useState(false);
  const [takeOver, setTakeOver] = useState(0);

  useEffect(() => {
    if (!isCode(code)) return setRuntime(null);
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    setElsewhere(false);
    openHostSession(code, takeOver > 0).then(
      (rt) => {
        if (cancelled) return;
        setRuntime(rt);
        if (!rt || rt.connected) return;
        // Claim the code; keep retrying while the signaling Worker is unreachable (the game itself needs no server).
        let attempt = 0;
        const claim = () =>
          rt.connect().then(
            () => setProblem(null),
            (e) => {
              if (cancelled || rt.movedAway.value) return;
              if (e instanceof BrowserUnsupportedError) return setProblem(unsupportedSentence(['webrtc'], 'host'));
              if (e instanceof IdTakenError) {
                const s = rt.state.value;
                // A provisional code (made offline) that someone else holds: an empty lobby just takes another.
                if (s.phase === 'waiting' && s.participants.length === 0) {
                  void recodeHostSession(code).then((fresh) => route(`/host/${fresh.code}`, true), (err: Error) => setProblem(err.message));
                  return;
                }
                setProblem(th().session.otherDevice(code));
                return;
              }
              rt.signaling.value = 'offline';
              retry = setTimeout(claim, backoffDelay(attempt++));
            },
          );
        void claim();
      },
      (e: Error) => {
        if (cancelled) return;
        if (e instanceof OpenElsewhereError) return setElsewhere(true);
        if (e instanceof UnreadableSessionError) return setProblem(th().dashboard.unreadable(e.code, e.newer));
        setProblem(th().session.cannotRead(e.message));
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(retry);
    };
  }, [code, route, takeOver]);

  useEffect(() => {
    if (!runtime) return;
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

  useWakeLock(runtime !== null && runtime !== undefined && runtime.state.value.phase !== 'ended');
  const m = th().session;

  if (elsewhere || runtime?.movedAway.value)
    return (
      <main class="page center">
        <h1>{m.elsewhereTitle(code)}</h1>
        <p>{m.elsewhereText}</p>
        <button type="button" class="btn btn-primary" onClick={() => setTakeOver((n) => n + 1)}>
          {m.runHere}
        </button>
      </main>
    );
  if (problem && runtime === undefined)
    return (
      <main class="page center">
        <p class="error" role="alert">
          {problem}
        </p>
      </main>
    );
  if (runtime === undefined) return <main class="page center" aria-busy="true"><div class="spinner" /></main>;
  if (runtime === null)
    return (
      <main class="page center">
        <h1>{m.notHereTitle(code)}</h1>
        <p>{m.notHereText}</p>
        <a class="btn btn-primary" href="/host">
          {m.yourTastings}
        </a>
      </main>
    );
  return <HostSessionView runtime={runtime} problem={problem} />;
}
