import { installPrompt, isIos, isStandalone, promptInstall } from './ui/install';

/** Install where the browser offers it; a hint on iOS; nothing once installed. */
function Install() {
  if (isStandalone()) return null;
  if (installPrompt.value)
    return (
      <button type="button" class="btn btn-ghost" onClick={() => void promptInstall()}>
        Install the app
      </button>
    );
  if (isIos()) return <p class="muted small">To install: Share → Add to Home Screen.</p>;
  return null;
}

/** Home: what this is, and the two things a person can do (REFERENCE §1). */
export function Home() {
  return (
    <main class="page home">
      <div class="hero">
        <img class="logo" src="/icons/icon.svg" alt="" width="96" height="96" />
        <h1>Sommelier Arena</h1>
        <p class="lead">A real-time blind wine tasting quiz.</p>
      </div>
      <nav class="home-actions" aria-label="Start">
        <a class="btn btn-primary btn-xl" href="/host">
          Host a tasting
        </a>
        <a class="btn btn-secondary btn-xl" href="/play">
          Join a tasting
        </a>
      </nav>
      <Install />
      <p class="muted small">No account. The host's device runs the game; phones connect to it directly.</p>
      <p class="muted small version">Version {__APP_VERSION__}</p>
    </main>
  );
}
