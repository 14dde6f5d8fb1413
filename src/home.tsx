import { t } from './i18n';
import { installPrompt, isIos, isStandalone, promptInstall } from './ui/install';
import { LangSwitch } from './ui/LangSwitch';

/** Install where the browser offers it; a hint on iOS; nothing once installed. */
function Install() {
  const m = t().home;
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

/** Home: what this is, and the two things a person can do (docs/screens.md). */
export function Home() {
  const m = t().home;
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
      </nav>
      <Install />
      <p class="muted small">{m.note}</p>
      <p class="muted small version">{m.version(__APP_VERSION__)}</p>
    </main>
  );
}
