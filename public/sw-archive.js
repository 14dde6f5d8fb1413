// Runs inside the service worker (imported by the generated sw.js; docs/robustness.md, "Deploys").
// When a new version installs, the hashed files of the version it replaces are still in the precache; copy them
// into an archive so a page still running that version keeps loading its own code after the switch. The generated
// worker serves a hashed file it does not precache from this archive (runtimeCaching in vite.config.ts).
// Archived files older than ARCHIVE_KEEP_MS are dropped at the next install.
const ARCHIVE = 'sommelier-assets-archive';
const ARCHIVE_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
const ARCHIVED_AT = 'x-sommelier-archived-at';

async function archivePreviousAssets() {
  const archive = await caches.open(ARCHIVE);
  const now = Date.now();
  for (const name of await caches.keys()) {
    if (!name.startsWith('workbox-precache')) continue;
    const precache = await caches.open(name);
    for (const request of await precache.keys()) {
      const url = new URL(request.url);
      if (!url.pathname.startsWith('/assets/') || (await archive.match(url.href))) continue;
      const response = await precache.match(request);
      if (!response || !response.ok) continue;
      const headers = new Headers(response.headers);
      headers.set(ARCHIVED_AT, String(now));
      await archive.put(url.href, new Response(await response.blob(), { status: 200, headers }));
    }
  }
  for (const request of await archive.keys()) {
    const response = await archive.match(request);
    const at = Number(response?.headers.get(ARCHIVED_AT));
    if (Number.isFinite(at) && at > 0 && now - at > ARCHIVE_KEEP_MS) await archive.delete(request);
  }
}

self.addEventListener('install', (event) => {
  // A failure to archive must never block the new version.
  event.waitUntil(archivePreviousAssets().catch(() => undefined));
});
