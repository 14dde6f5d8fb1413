/** Routes (docs/screens.md#routes). Host screens load lazily so a phone on /play downloads only what it needs. */
import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { Home } from './home';
import { loadPack, t } from './i18n';
import { loadScreen, ScreenUnavailable } from './ui/lazy-screen';
import { UpdateBanner } from './ui/UpdateBanner';

/**
 * A lazy screen whose code (and, for host screens, the host's sentences from src/i18n) load before it renders. Code
 * that fails to load twice (gone after a deploy, or no network) gives ScreenUnavailable instead.
 */
const lazyScreen = (load: () => Promise<ComponentType>, host = false) =>
  lazy(() => loadScreen<ComponentType>(() => Promise.all([load(), host ? loadPack('host') : null]).then(([c]) => c), ScreenUnavailable));
const Dashboard = lazyScreen(() => import('./host/Dashboard').then((m) => m.Dashboard), true);
const HostSessionPage = lazyScreen(() => import('./host/HostSessionPage').then((m) => m.HostSessionPage), true);
// The projector view and the printable results ship in the session screen's chunk: they share nearly all its code,
// and a chunk of their own would split the phone's shared chunks into smaller, worse-compressed pieces
// (docs/performance.md).
const ProjectorPage = lazyScreen(() => import('./host/HostSessionPage').then((m) => m.ProjectorPage), true);
const ResultsPage = lazyScreen(() => import('./host/HostSessionPage').then((m) => m.ResultsPage), true);
const Play = lazyScreen(() => import('./play/Play').then((m) => m.Play));
const MyResults = lazyScreen(() => import('./play/MyResults').then((m) => m.MyResults));

/** Starts downloading the screen for `path` (before the first render, beside the language pack). */
export function preloadRoute(path: string): void {
  const fixed: Record<string, { preload: () => Promise<unknown> }> = { '/play': Play, '/play/results': MyResults, '/host': Dashboard };
  const screen =
    fixed[path] ??
    (/^\/host\/[^/]+\/screen$/.test(path)
      ? ProjectorPage
      : /^\/host\/[^/]+\/results$/.test(path)
        ? ResultsPage
        : path.startsWith('/host/')
          ? HostSessionPage
          : null);
  void screen?.preload().catch(() => undefined);
}

function NotFound() {
  const m = t().app;
  return (
    <main class="page center">
      <h1>{m.notFound}</h1>
      <p>
        <a class="btn" href="/">
          {m.toStart}
        </a>
      </p>
    </main>
  );
}

/** Set when a screen failed to load or crashed (e.g. its code could not be downloaded with no network). */
const crashed = signal<string | null>(null);

function Crashed({ message }: { message: string }) {
  const m = t().app;
  return (
    <main class="page center" role="alert">
      <h1>{m.crashed}</h1>
      <p>{message}</p>
      <p class="muted">{m.nothingLost}</p>
      <button type="button" class="btn btn-primary" onClick={() => location.reload()}>
        {m.reload}
      </button>
    </main>
  );
}

export function App() {
  if (crashed.value) return <Crashed message={crashed.value} />;
  return (
    <LocationProvider>
      <ErrorBoundary
        onError={(e) =>
          (crashed.value = /fetch|import|load/i.test(String(e?.message))
            ? t().app.needsNetwork
            : String(e?.message ?? e))
        }
      >
        <Router>
          <Route path="/" component={Home} />
          <Route path="/host" component={Dashboard} />
          <Route path="/host/:code" component={HostSessionPage} />
          <Route path="/host/:code/screen" component={ProjectorPage} />
          <Route path="/host/:code/results" component={ResultsPage} />
          <Route path="/play" component={Play} />
          <Route path="/play/results" component={MyResults} />
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
      <UpdateBanner />
    </LocationProvider>
  );
}
