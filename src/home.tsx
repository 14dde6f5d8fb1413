import { useEffect } from 'preact/hooks';
import { loadPack, tHome } from './i18n';
import type { HomeWords } from './i18n/home.en';
import { myResults } from './play/my-results';
import { installPrompt, isIos, isStandalone, promptInstall } from './ui/install';
import { LangSwitch } from './ui/LangSwitch';

/** Install where the browser offers it; a hint on iOS; nothing once installed. */
function Install({ m }: { m: HomeWords }) {
  if (isStandalone()) return null;
  if (installPrompt.value)
    return (
      <button type="button" class="btn btn-ghost" onClick={() => void promptInstall()}>
        {m.install}
      </button>
    );
  if (isIos()) return <p class="muted small">{m.installIos}</p>;
  return null;
}

/**
 * Home: what this is, and the two things a person can do (docs/screens.md); and, on a phone that played, its kept
 * results. Its sentences are a pack of their own (src/i18n): loaded with the page on `/`, or here when arriving later.
 */
export function Home() {
  const m = tHome();
  useEffect(() => void (m ? undefined : loadPack('home')), [m]);
  if (!m) return <main class="page home" aria-busy="true" />;
  const kept = myResults().length;
  return (
    <main class="page home">
      <div class="top-bar">
        <LangSwitch />
      </div>
      <div class="hero">
        <img class="logo" src="/icons/icon.svg" alt="" width="96" height="96" />
        <h1>Sommelier Arena</h1>
        <p class="lead">{m.lead}</p>
      </div>
      <nav class="home-actions" aria-label={m.actions}>
        <a class="btn btn-primary btn-xl" href="/host">
          {m.host}
        </a>
        <a class="btn btn-secondary btn-xl" href="/play">
          {m.join}
        </a>
        {kept > 0 ? (
          <a class="btn btn-ghost" href="/play/results" data-testid="my-results-link">
            {m.myResults(kept)}
          </a>
        ) : null}
      </nav>
      <Install m={m} />
      <p class="muted small">{m.note}</p>
      <p class="muted small version">{m.version(__APP_VERSION__)}</p>
    </main>
  );
}
