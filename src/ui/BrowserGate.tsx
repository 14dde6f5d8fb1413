import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { missingCapabilities, type Capability } from './capabilities';
import { th } from '../i18n';
import { unsupportedSentence } from './strings';

/**
 * Renders `children` only in a browser that can run them; otherwise a final, plain message naming what is missing
 * and where to open the page instead (error code BROWSER_UNSUPPORTED). Used around the host's screens; the phone's
 * screen runs the same check in its runtime, to show the session code with it.
 */
export function BrowserGate({ children }: { children: ComponentChildren }) {
  const [missing, setMissing] = useState<Capability[] | null>(null);
  useEffect(() => void missingCapabilities().then(setMissing), []);
  if (missing === null) return null;
  if (missing.length === 0) return <>{children}</>;
  return (
    <main class="page">
      <div class="card center unsupported">
        <h1>{th().unsupportedTitle}</h1>
        <p class="error" role="alert" data-testid="browser-unsupported" data-error-code="BROWSER_UNSUPPORTED">
          {unsupportedSentence(missing, 'host')}
        </p>
        <p>
          <a class="join-link" href={location.href}>
            {location.href}
          </a>
        </p>
      </div>
    </main>
  );
}

