/**
 * Text from a person or a file (title, wine names, answers, pseudonyms) is isolated wherever it sits in a sentence,
 * on host, projector and phone, in the printable results and the phone's kept results, and in the CSV: a right-to-left override pasted into a wine name cannot reverse the sentence
 * around it (issue 9.5). Shown exactly as typed.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectPhase, hostSession, joinPhone, loadFixture, playThroughWine } from './helpers';

/** U+202E RIGHT-TO-LEFT OVERRIDE, never closed: without isolation it reverses everything after it on the line. */
const RLO = '\u202E';
const TITLE = `Friday ${RLO}reds`;
const WINE = `Wine ${RLO}of the night`;
const ANSWER = `Rouge ${RLO}vif`;
/** Hebrew beside digits: the other way names reorder a line. */
const HEBREW = 'יין 2019';

function tasting() {
  const json = loadFixture('one-wine.json');
  json.title = TITLE;
  json.timerSeconds = 120;
  json.wines[0]!.name = WINE;
  json.wines[0]!.questions[0]!.correct = ANSWER;
  json.wines[0]!.questions[0]!.distractors[0] = HEBREW;
  return { name: 'bidi.json', json };
}

/**
 * Every text node of `page` that contains `text` holds exactly it (the sentence around is in other nodes) and sits in
 * an element whose computed `unicode-bidi` isolates it. Returns how many there are.
 */
async function expectIsolated(page: Page, text: string): Promise<number> {
  const found = await page.evaluate((text) => {
    const out: { node: string; bidi: string; tag: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.includes(text)) continue;
      const el = n.parentElement!;
      out.push({ node: n.textContent, bidi: getComputedStyle(el).unicodeBidi, tag: el.tagName });
    }
    return out;
  }, text);
  for (const f of found) {
    expect(f.node, `a ${f.tag} mixes "${text}" with other text`).toBe(text);
    expect(f.bidi, `a ${f.tag} shows "${text}" without isolation`).toMatch(/^(isolate|isolate-override|plaintext)$/);
  }
  return found.length;
}

// Regression (issue 9.5): "Wine 1 — <name with U+202E>: results" came out reversed after the name.
test('a right-to-left override in a title, a wine name or an answer never reorders the sentence around it', async ({ browser }) => {
  test.setTimeout(120_000);
  const { host, code } = await hostSession(browser, tasting());
  const a = await joinPhone(browser, code);
  const projector = await host.context().newPage();
  await projector.goto(`/host/${code}/screen`);
  await expect(projector.getByTestId('projector')).toHaveAttribute('data-phase', 'waiting');
  expect(await expectIsolated(host, TITLE)).toBeGreaterThan(0);
  expect(await expectIsolated(a.phone, TITLE)).toBeGreaterThan(0);
  expect(await expectIsolated(projector, TITLE)).toBeGreaterThan(0);
  expect(await expectIsolated(host, a.pseudonym)).toBeGreaterThan(0);

  await host.getByTestId('host-start').click();
  await expectPhase([host, a.phone], 'question_open');
  await expect(projector.getByTestId('projector')).toHaveAttribute('data-phase', 'question_open');
  for (const page of [host, a.phone, projector]) {
    expect(await expectIsolated(page, ANSWER)).toBe(1);
    expect(await expectIsolated(page, HEBREW)).toBe(1);
  }
  // Through the wine's five questions to its results.
  await playThroughWine(host, [a.phone]);
  await expect(projector.getByTestId('projector')).toHaveAttribute('data-phase', 'round_leaderboard');
  for (const page of [host, a.phone, projector]) {
    const heading = page.getByTestId('leaderboard').getByRole('heading');
    await expect(heading).toHaveText(`Wine 1 — ${WINE}: results`);
    expect(await expectIsolated(page, WINE)).toBe(1);
    expect(await expectIsolated(page, a.pseudonym)).toBeGreaterThan(0);
  }

  await projector.close();
  await host.getByTestId('host-next').click();
  await expectPhase([host, a.phone], 'ended');
  await host.getByRole('link', { name: /Your tastings/ }).click();
  const item = host.locator(`[data-testid="session-list-item"][data-code="${code}"]`);
  await expect(item).toBeVisible();
  expect(await expectIsolated(host, TITLE)).toBeGreaterThan(0);

  // CSV: the wine's name inside the header "wine 1: <name>" is isolated (U+2068 … U+2069), exactly as typed.
  const [download] = await Promise.all([host.waitForEvent('download'), item.getByTestId('session-export-csv').click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toContain(`wine 1: \u2068${WINE}\u2069`);

  // The printable results: the title, the wine in its column and section headings, the answer, the pseudonym.
  await host.goto(`/host/${code}/results`);
  await expect(host.getByTestId('results-title')).toHaveText(TITLE);
  expect(await expectIsolated(host, TITLE)).toBe(1);
  expect(await expectIsolated(host, WINE)).toBeGreaterThan(0);
  expect(await expectIsolated(host, ANSWER)).toBe(1);
  expect(await expectIsolated(host, a.pseudonym)).toBeGreaterThan(0);
  // The phone's kept result: the title, and the pseudonym in "You are …".
  await a.phone.goto('/play/results');
  await expect(a.phone.getByTestId('my-result')).toHaveCount(1);
  expect(await expectIsolated(a.phone, TITLE)).toBe(1);
  await a.phone.getByTestId('my-result').getByRole('button').click();
  expect(await expectIsolated(a.phone, a.pseudonym)).toBeGreaterThan(1);
  await host.goto('/host');

  // The undo line after a delete names the tasting in a sentence.
  await item.getByTestId('session-delete').click();
  await expect(host.getByRole('button', { name: 'Undo' })).toBeVisible();
  expect(await expectIsolated(host, TITLE)).toBe(1);
});
