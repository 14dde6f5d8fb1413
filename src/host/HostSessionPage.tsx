/** `/host/<code>`: runs or resumes one session on this device (docs/screens.md, docs/game-rules.md). Renders `useHostSession`. */
import './host.css';
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { HostSessionView } from './HostSessionView';
import { useHostSession } from './use-host-session';
import { th } from '../i18n';
import { useWakeLock } from '../ui/wake-lock';
import { BrowserGate } from '../ui/BrowserGate';
import { LangSwitch } from '../ui/LangSwitch';
import type { ComponentChildren } from 'preact';

/** `/host/<code>/screen` and `/host/<code>/results` load with this screen's chunk (src/app.tsx). */
export { ProjectorPage } from './ProjectorPage';
export { ResultsPage } from './ResultsPage';

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
  const code = params.code ?? '';
  /** How many times the host pressed "Run it in this tab instead". */
  const [takeOver, setTakeOver] = useState(0);
  const screen = useHostSession(code, takeOver);
  const runtime = screen.kind === 'running' ? screen.runtime : null;

  useWakeLock(runtime !== null && runtime.state.value.phase !== 'ended');
  const m = th().session;

  if (screen.kind === 'elsewhere' || runtime?.movedAway.value)
    return (
      <Notice>
        <h1>{m.elsewhereTitle(code)}</h1>
        <p>{m.elsewhereText}</p>
        <button type="button" class="btn btn-primary" onClick={() => setTakeOver((n) => n + 1)}>
          {m.runHere}
        </button>
      </Notice>
    );
  if (screen.kind === 'unavailable')
    return (
      <Notice>
        <p class="error" role="alert">
          {screen.problem}
        </p>
      </Notice>
    );
  if (screen.kind === 'loading') return <main class="page center" aria-busy="true"><div class="spinner" /></main>;
  if (screen.kind === 'missing')
    return (
      <Notice>
        <h1>{m.notHereTitle(code)}</h1>
        <p>{m.notHereText}</p>
        <a class="btn btn-primary" href="/host">
          {m.yourTastings}
        </a>
      </Notice>
    );
  return <HostSessionView runtime={screen.runtime} problem={screen.problem} />;
}

/** A session page with no session to run (elsewhere, unavailable, unknown code): the host header, then `children`. */
function Notice({ children }: { children: ComponentChildren }) {
  return (
    <main class="page">
      <header class="page-header">
        <a href="/" class="home-link" aria-label={th().dashboard.home}>
          <img src="/icons/icon.svg" alt="" width="28" height="28" /> Sommelier Arena
        </a>
        <LangSwitch class="on-dark" />
      </header>
      <section class="center">{children}</section>
    </main>
  );
}
