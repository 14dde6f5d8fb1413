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
      <p class="muted small">No account. The host's device runs the game; phones connect to it directly.</p>
    </main>
  );
}
