/**
 * The `lab` fixture of the venue scenarios: browsers started inside the lab's namespaces, the network switches,
 * and the measurements (tap → phase fan-out, phase history, selected ICE candidate pair) read from the pages.
 */
import { chromium, expect, test as base, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs } from '../../playwright.config';
import { applyConditions, labInfo, type Conditions, type LabInfo } from './net';
import { answer, expectPhase, hostSession, joinPhone, leaderboardRows, loadFixture, type FixtureTasting } from '../e2e/helpers';

/**
 * Runs in every page before its scripts: records each RTCPeerConnection (to read its selected candidate pair),
 * each change of the page's game phase and each click, with wall-clock times in ms (comparable across the lab's
 * browsers, which share this machine's clock).
 */
function instrument(): void {
  const w = window as unknown as { __pcs: RTCPeerConnection[]; __phases: [string, number][]; __taps: number[] };
  const now = () => performance.timeOrigin + performance.now();
  w.__pcs = [];
  w.__phases = [];
  w.__taps = [];
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__pcs.push(this);
    }
  } as typeof RTCPeerConnection;
  let last = '';
  const check = () => {
    const phase = document.querySelector('[data-testid="play"],[data-testid="host-session"]')?.getAttribute('data-phase');
    if (phase && phase !== last) {
      last = phase;
      w.__phases.push([phase, now()]);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  addEventListener('click', () => w.__taps.push(now()), true);
}

/** What a scenario gets from the `lab` fixture. */
export interface LabHandle {
  info: LabInfo;
  /** Sets the network (anything not named goes back to perfect). */
  set(conditions: Conditions): void;
  /** A Chromium inside the host's namespace. */
  hostBrowser(): Promise<Browser>;
  /** A Chromium inside phone namespace `i` (0-based). */
  phoneBrowser(i: number): Promise<Browser>;
  /** A farm of simulated phones (bench/phone-farm.mjs) running inside phone namespace `i`. */
  phoneFarm(i: number): Promise<PhoneFarm>;
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Simulated phones: our participant runtime and link (stock PeerJS) under Node with node-datachannel, from the
 * bench's phone farm, started inside a lab namespace and driven over IPC (requests `{id, cmd, ...args}`).
 */
export class PhoneFarm {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
      const w = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id!);
      if (m.error) w.reject(new Error(m.error));
      else w.resolve(m.result);
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`phone farm exited (${code})`));
      this.waiting.clear();
    });
  }

  static start(info: LabInfo, netns: string): Promise<PhoneFarm> {
    const child = spawn('ip', ['netns', 'exec', netns, process.execPath, 'bench/phone-farm.mjs'], {
      cwd: repo,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_BASE: info.baseURL },
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`phone farm exited (${code}) before it was ready`)));
      child.once('message', () => resolve(new PhoneFarm(child)));
    });
  }

  /** Runs farm command `cmd` (see bench/phone-farm.mjs) and resolves with its result. */
  call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, cmd, ...args });
    });
  }

  close(): void {
    this.child.kill('SIGKILL');
  }
}

async function launchIn(info: LabInfo, netns: string): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: info.chromium[netns],
    // Production serves over HTTPS; the lab's plain-HTTP origin gets the same secure-context features.
    args: [...chromiumArgs, `--unsafely-treat-insecure-origin-as-secure=${info.baseURL}`],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options = {}) => {
    const context = await newContext({ baseURL: info.baseURL, ...options });
    await context.addInitScript(instrument);
    return context;
  };
  return browser;
}

export const test = base.extend<{ lab: LabHandle }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies (none here)
  lab: async ({}, use) => {
    const info = labInfo();
    applyConditions(info, {});
    const browsers: Browser[] = [];
    const farms: PhoneFarm[] = [];
    const launch = async (netns: string) => {
      const b = await launchIn(info, netns);
      browsers.push(b);
      return b;
    };
    await use({
      info,
      set: (c) => applyConditions(info, c),
      hostBrowser: () => launch(info.ns.host),
      phoneBrowser: (i) => launch(info.ns.phones[i]!),
      phoneFarm: async (i) => {
        const farm = await PhoneFarm.start(info, info.ns.phones[i]!);
        farms.push(farm);
        return farm;
      },
    });
    for (const farm of farms) farm.close();
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    applyConditions(info, {});
  },
});

export { expect };

/** Phase history of a page: [phase, wall-clock ms] in order. */
export function phases(page: Page): Promise<[string, number][]> {
  return page.evaluate(() => (window as unknown as { __phases: [string, number][] }).__phases);
}

/**
 * Taps host button `testId`, waits until the host and every phone show `phase`, and returns each phone's delay from
 * the tap to showing it (ms).
 */
export async function tapAndFanOut(host: Page, testId: string, phones: Page[], phase: string): Promise<number[]> {
  await host.getByTestId(testId).click();
  await expectPhase([host, ...phones], phase);
  const tap = await host.evaluate(() => (window as unknown as { __taps: number[] }).__taps.at(-1)!);
  const delays: number[] = [];
  for (const phone of phones) {
    const shownAt = (await phases(phone)).find(([p, t]) => p === phase && t >= tap)?.[1];
    expect(shownAt, `phone shows ${phase} after the tap`).toBeDefined();
    delays.push(shownAt! - tap);
  }
  return delays;
}

/** The local and remote candidate types of the selected pair of every connected RTCPeerConnection on `page`. */
export function selectedPairs(page: Page): Promise<{ local: string; remote: string }[]> {
  return page.evaluate(async () => {
    const out: { local: string; remote: string }[] = [];
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      let pairId: string | undefined;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      });
      const pair = pairId ? stats.get(pairId) : undefined;
      if (!pair) continue;
      out.push({ local: stats.get(pair.localCandidateId)?.candidateType, remote: stats.get(pair.remoteCandidateId)?.candidateType });
    }
    return out;
  });
}

/** Who answers what: phone `i` is right on questions `q >= i`, else picks the first distractor (distinct scores). */
export function pick(tasting: FixtureTasting, phoneIndex: number, questionIndex: number): { text: string; correct: boolean } {
  const q = tasting.wines[0]!.questions[questionIndex]!;
  const correct = questionIndex >= phoneIndex;
  return { text: correct ? q.correct : q.distractors[0]!, correct };
}

/** one-wine.json with a 120 s timer: no question closes by itself while a scenario holds the network down. */
export const TASTING: FixtureTasting = { ...loadFixture('one-wine.json'), timerSeconds: 120 };
export const TASTING_FILE = { name: 'venue-lab.json', json: TASTING };

/** Asserts the final leaderboard on the host and on every phone: exactly `expected` scores, ranked. */
export async function expectFinal(host: Page, phones: Page[], pseudonyms: string[], scores: number[]): Promise<void> {
  await expectPhase([host, ...phones], 'ended');
  const expected = pseudonyms
    .map((pseudonym, i) => ({ pseudonym, score: scores[i]! }))
    .sort((a, b) => b.score - a.score)
    .map((r, i) => ({ ...r, rank: i + 1 }));
  for (const page of [host, ...phones]) expect(await leaderboardRows(page)).toEqual(expected);
}

/** A game in progress in a scenario: pages, seats and the points each phone should have. */
export interface Game {
  host: Page;
  code: string;
  phones: Page[];
  pseudonyms: string[];
  scores: number[];
  /** Every tap → phone delay measured so far, ms (Chromium phones). */
  fanOut: number[];
  /** Simulated phones playing too (random picks; checked for lost answers, not for scores), with their delays. */
  farm?: { farm: PhoneFarm; count: number; fanOut: number[] };
}

/** Taps host button `testId` and measures every phone (Chromium and simulated) showing `phase`. */
export async function tap(g: Game, testId: string, phase: string): Promise<void> {
  g.fanOut.push(...(await tapAndFanOut(g.host, testId, g.phones, phase)));
  if (!g.farm) return;
  const at = await g.host.evaluate(() => (window as unknown as { __taps: number[] }).__taps.at(-1)!);
  const arrivals = await g.farm.farm.call<(number | null)[]>('arrivals', { since: at, phase });
  expect(arrivals.filter((a) => a === null), `simulated phones that never showed ${phase}`).toEqual([]);
  g.farm.fanOut.push(...arrivals.map((a) => a! - at));
}

/** Every phone answers question `qi` (see `pick`); waits until the host counts them all. */
export async function answerAll(g: Game, qi: number, which: number[] = g.phones.map((_, i) => i)): Promise<void> {
  // Simulated phones tap at random moments within 1 s while the Chromium phones answer.
  const storm = g.farm?.farm.call('answerStorm', { windowMs: 1000 });
  for (const i of which) {
    const a = pick(TASTING, i, qi);
    await answer(g.phones[i]!, a.text);
    if (a.correct) g.scores[i]! += 100;
  }
  if (!g.farm) return;
  await storm;
  // Every simulated phone's pick is confirmed back by the host: none lost.
  const confirmed = await g.farm.farm.call<(number | null)[]>('confirmations');
  expect(confirmed.filter((c) => c === null), 'simulated answers the host never confirmed').toEqual([]);
}

/** Reveal, question leaderboard, then the next question (or the wine's results after the last one). */
export async function closeQuestion(g: Game, qi: number): Promise<void> {
  const last = qi === TASTING.wines[0]!.questions.length - 1;
  await tap(g, 'host-reveal', 'question_revealed');
  for (const [i, phone] of g.phones.entries())
    await expect(phone.getByTestId('my-points')).toHaveText(pick(TASTING, i, qi).correct ? '+100' : '0');
  await tap(g, 'host-next', 'question_leaderboard');
  await tap(g, 'host-next', last ? 'round_leaderboard' : 'question_open');
}

/** Plays questions `from`..last with every phone answering, then ends and checks the exact final scores. */
export async function playToEnd(g: Game, from: number): Promise<void> {
  const n = g.phones.length + (g.farm?.count ?? 0);
  for (let qi = from; qi < TASTING.wines[0]!.questions.length; qi++) {
    await answerAll(g, qi);
    await expect(g.host.getByTestId('answered-count')).toHaveText(`${n}/${n}`);
    await closeQuestion(g, qi);
  }
  await tap(g, 'host-next', 'ended');
  if (!g.farm) return expectFinal(g.host, g.phones, g.pseudonyms, g.scores);
  // With simulated phones' random picks in the ranking, each Chromium phone's exact score, on it and on the host.
  await expectPhase([g.host, ...g.phones], 'ended');
  const hostRows = await leaderboardRows(g.host);
  for (const [i, phone] of g.phones.entries()) {
    await expect(phone.getByTestId('my-score').first()).toHaveText(String(g.scores[i]));
    expect(hostRows.find((r) => r.pseudonym === g.pseudonyms[i])?.score).toBe(g.scores[i]);
  }
  expect(hostRows).toHaveLength(n);
}

/**
 * Opens the host (a new tasting from TASTING) and joins `phones` phones, each from its own namespace and browser.
 * Returns the game and the measured times: host page to lobby, and each phone's open-/play-to-lobby, in ms.
 */
export async function startGame(lab: LabHandle, phones: number): Promise<{ game: Game; hostMs: number; joinMs: number[] }> {
  const t0 = Date.now();
  const { host, code } = await hostSession(await lab.hostBrowser(), TASTING_FILE);
  const hostMs = Date.now() - t0;
  const game: Game = { host, code, phones: [], pseudonyms: [], scores: [], fanOut: [] };
  const joinMs: number[] = [];
  for (let i = 0; i < phones; i++) {
    const browser = await lab.phoneBrowser(i);
    const t = Date.now();
    const { phone, pseudonym } = await joinPhone(browser, code);
    joinMs.push(Date.now() - t);
    game.phones.push(phone);
    game.pseudonyms.push(pseudonym);
    game.scores.push(0);
  }
  await expect(host.getByTestId('lobby-player')).toHaveCount(phones);
  return { game, hostMs, joinMs };
}
