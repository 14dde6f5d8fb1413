/** Routes (ACCEPTANCE "Routes"). Host screens load lazily so a phone on /play downloads only what it needs. */
import { signal } from '@preact/signals';
import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { Home } from './home';
import { UpdateBanner } from './ui/UpdateBanner';

const Dashboard = lazy(() => import('./host/Dashboard').then((m) => m.Dashboard));
const HostSessionPage = lazy(() => import('./host/HostSessionPage').then((m) => m.HostSessionPage));
const Play = lazy(() => import('./play/Play').then((m) => m.Play));

function NotFound() {
  return (
    <main class="page center">
      <h1>Page not found</h1>
      <p>
        <a class="btn" href="/">
          Go to the start
        </a>
      </p>
    </main>
  );
}

/** Set when a screen failed to load or crashed (e.g. its code could not be downloaded with no network). */
const crashed = signal<string | null>(null);

function Crashed({ message }: { message: string }) {
  return (
    <main class="page center" role="alert">
      <h1>This screen could not open</h1>
      <p>{message}</p>
      <p class="muted">Nothing is lost: your tastings and your seat are saved on this device.</p>
      <button type="button" class="btn btn-primary" onClick={() => location.reload()}>
        Reload
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
            ? 'It needs a network connection the first time. Check the Wi-Fi, then reload.'
            : String(e?.message ?? e))
        }
      >
        <Router>
          <Route path="/" component={Home} />
          <Route path="/host" component={Dashboard} />
          <Route path="/host/:code" component={HostSessionPage} />
          <Route path="/play" component={Play} />
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
      <UpdateBanner />
    </LocationProvider>
  );
}
