/**
 * Sessions saved by earlier builds open in this one, and a saved session that cannot be read is reported on the
 * dashboard (kept aside, downloadable) instead of breaking it. The records are written straight into IndexedDB,
 * as an earlier build (or a damaged disk) left them.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SAVED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/saved-sessions');

/** Puts `value` under `key` in the host's session store, as idb-keyval lays it out. */
async function putSaved(page: Page, key: string, value: unknown): Promise<void> {
  await page.evaluate(
    ([k, v]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sommelier-arena-sessions');
        open.onupgradeneeded = () => open.result.createObjectStore('sessions');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('sessions', 'readwrite');
          tx.objectStore('sessions').put(v, k as string);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [key, value] as const,
  );
}

test('a session saved by an earlier build opens where it was; an unreadable one is reported, not fatal', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const host = await context.newPage();
  await host.goto('/host');
  await expect(host.getByTestId('tasting-submit')).toBeVisible();
  const earlier = JSON.parse(readFileSync(path.join(SAVED, 'version-1.json'), 'utf8'));
  await putSaved(host, earlier.state.code, earlier);
  await putSaved(host, '5555', { state: { code: '5555', phase: 'nonsense' }, peerToken: 'x' });
  await host.reload();

  const item = host.getByTestId('session-list-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-code', earlier.state.code);
  await expect(item).toHaveAttribute('data-status', 'active');
  const unreadable = host.getByTestId('session-unreadable');
  await expect(unreadable).toHaveCount(1);
  await expect(unreadable).toHaveAttribute('data-code', '5555');
  await expect(unreadable).toContainText('could not be read and was set aside');
  // Still reported after a reload: it was kept aside, not dropped.
  await host.reload();
  await expect(host.getByTestId('session-unreadable')).toHaveCount(1);

  await item.getByTestId('session-open').click();
  await expect(host.getByTestId('host-session')).toHaveAttribute('data-phase', 'question_paused');
  await expect(host.getByTestId('session-code')).toHaveText(earlier.state.code);
  await context.close();
});
