/** Routes (ACCEPTANCE "Routes"). Host screens load lazily so a phone on /play downloads only what it needs. */
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

export function App() {
  return (
    <LocationProvider>
      <ErrorBoundary>
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
