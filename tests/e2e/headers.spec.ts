// What a deployment serves besides the app itself (docs/security.md, "Headers"): a Content Security Policy with no
// inline script and no framing, no source maps, and the app still whole under that policy (service worker, QR code,
// signaling, WebRTC), with not one CSP violation reported by the pages of a host and a phone.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fixturePath, hostSession, joinPhone } from './helpers';

declare global {
  interface Window {
    /** Every CSP violation the page reported (`securitypolicyviolation` events). */
    __cspViolations: string[];
  }
}

/** Records the page's CSP violations from its very first script on. */
async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

/** The directives of a CSP header value, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

test('every page and the service worker come with a CSP without inline script and no framing; no source maps', async ({ request }) => {
  for (const path of ['/', '/play', '/host', '/play?code=1234', '/sw.js', '/manifest.webmanifest']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const headers = response.headers();
    const csp = directives(headers['content-security-policy'] ?? '');
    expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
    expect(csp.get('script-src'), path).toEqual(["'self'"]);
    expect(csp.get('object-src'), path).toEqual(["'none'"]);
    expect(csp.get('base-uri'), path).toEqual(["'none'"]);
    for (const values of csp.values()) {
      expect(values, path).not.toContain("'unsafe-inline'");
      expect(values, path).not.toContain("'unsafe-eval'");
    }
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    // `same-origin` keeps the join code out of other sites' logs and still sends Origin on the app's own POSTs,
    // which the Worker requires (`no-referrer` would make them `Origin: null`).
    expect(headers['referrer-policy'], path).toBe('same-origin');
  }
  const html = await (await request.get('/play')).text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
  const entry = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  const script = await request.get(entry);
  expect(script.headers()['x-content-type-options']).toBe('nosniff');
  expect(await script.text()).not.toContain('sourceMappingURL');
  expect((await request.get(`${entry}.map`)).status()).toBe(404);
});

test('the app works whole under its CSP: service worker, QR code, signaling and WebRTC, no violation', async ({ browser }) => {
  const { host, code } = await hostSession(browser, fixturePath('one-wine.json'), { prepare: recordViolations });
  await expect(host.getByTestId('join-qr').locator('svg')).toBeVisible();
  const { phone } = await joinPhone(browser, code, { prepare: recordViolations });
  for (const page of [host, phone] as Page[]) {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  }
  await host.context().close();
  await phone.context().close();
});

test('a page of another site cannot frame the app', async ({ page, baseURL }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) refused.push(message.text());
  });
  // about:blank is another origin than the app.
  await page.setContent(`<iframe src="${baseURL}/play"></iframe>`);
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  const frame = page.frames()[1];
  expect(await frame?.evaluate(() => document.querySelector('[data-testid="play"], #app')?.tagName ?? null).catch(() => null)).toBeNull();
});
