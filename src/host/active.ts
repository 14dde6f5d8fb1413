/**
 * Creating and resuming host sessions. One runtime per code lives for the page's lifetime, so moving
 * between host screens never drops a participant.
 */
import { buildTasting, createSession, generateCode, type SessionState, type TastingInput } from '../engine';
import { deleteSession, hasSession, loadSession, saveSession, type HostRecord } from '../store/sessions';
import { secureRandom } from './random';
import { HostRuntime, newHostRecord, type ClaimOutcome } from './runtime';
import { publishToScreens } from './screen-feed';

/** How many codes to try before giving up (each ID-TAKEN answer costs one round trip). */
export const MAX_CODE_ATTEMPTS = 20;

const runtimes = new Map<string, HostRuntime>();
/** code -> stops publishing that runtime's state to projector views (screen-feed.ts). */
const feeds = new Map<string, () => void>();

/** Keeps `runtime` as the one running its code in this tab, and feeds the projector views from it. */
function keep(runtime: HostRuntime): void {
  if (runtimes.get(runtime.code) === runtime) return;
  forget(runtime.code);
  runtimes.set(runtime.code, runtime);
  feeds.set(runtime.code, publishToScreens(runtime));
}

/** Stops and forgets the runtime of `code` in this tab (its projector feed says it is gone). */
function forget(code: string): HostRuntime | undefined {
  const runtime = runtimes.get(code);
  runtimes.delete(code);
  feeds.get(code)?.();
  feeds.delete(code);
  runtime?.dispose();
  return runtime;
}
/** code -> releases this tab's Web Lock on that session. */
const locks = new Map<string, () => void>();

/** Thrown by `openHostSession` when another tab or window of this browser runs that session. */
export class OpenElsewhereError extends Error {
  constructor(readonly code: string) {
    super(`tasting ${code} is open in another tab`);
    this.name = 'OpenElsewhereError';
  }
}

/**
 * Takes the Web Lock `sommelier-host-<code>`, so only one tab runs a session: two tabs each applying commands to
 * their own copy would overwrite each other's saved state. With `steal`, takes it from the other tab, whose
 * runtime then stops for good (`movedAway`). Returns false if another tab holds it and `steal` is false.
 * Browsers without Web Locks get no protection (returns true).
 */
function lockSession(code: string, steal: boolean): Promise<boolean> {
  if (locks.has(code)) return Promise.resolve(true);
  if (!('locks' in navigator)) return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.locks
      .request(`sommelier-host-${code}`, steal ? { steal: true } : { ifAvailable: true }, (lock) => {
        if (!lock) return resolve(false);
        resolve(true);
        return new Promise<void>((release) => locks.set(code, release));
      })
      .catch(() => {
        // Stolen by another tab: this copy must stop at once and never write again.
        locks.delete(code);
        const runtime = forget(code);
        if (runtime) runtime.movedAway.value = true;
      });
  });
}

function unlockSession(code: string): void {
  locks.get(code)?.();
  locks.delete(code);
}

/** Thrown when every code tried is already a session of this device (shown to the host: src/host/problem.ts). */
export class NoFreeCodeError extends Error {
  constructor() {
    super('no free session code found; try again');
    this.name = 'NoFreeCodeError';
  }
}

/** A random code that no session on this device uses. */
async function freeLocalCode(): Promise<string> {
  for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
    const code = generateCode(secureRandom);
    if (!runtimes.has(code) && !(await hasSession(code))) return code;
  }
  throw new NoFreeCodeError();
}

/** A new runtime for `state` under its code, registered and holding the code's lock. */
async function startRuntime(state: SessionState): Promise<HostRuntime> {
  await lockSession(state.code, false);
  const runtime = new HostRuntime(newHostRecord(state));
  await saveSession({ state: runtime.state.value, peerToken: runtime.peerToken });
  keep(runtime);
  return runtime;
}

/**
 * Creates and saves a session for `input` under a random code free on this device, then makes one claim of it:
 * the returned runtime is online (perhaps under another code, if that one was taken), or offline with no network,
 * in which case the session screen keeps claiming (docs/game-rules.md#the-session-code: hosts prepare offline).
 * @throws TastingError (invalid tasting), StorageError, or Error when no free code is found.
 */
export async function createHostSession(input: TastingInput): Promise<HostRuntime> {
  const tasting = buildTasting(input, secureRandom);
  const runtime = await startRuntime(createSession(await freeLocalCode(), tasting, Date.now()));
  return (await claim(runtime, false)).runtime;
}

/** What `claim` ended with: the runtime now running the session (a new one if its code changed) and how. */
export interface Claimed {
  runtime: HostRuntime;
  outcome: ClaimOutcome;
}

/**
 * The one place of the code-claim policy. Claims the session's code on the signaling Worker; while the Worker is
 * unreachable, tries again with backoff (`keepTrying`) or returns `offline`. When another device holds the code:
 * a session that has not started and has no players (a provisional code made offline, or a rare collision) moves
 * to a new free code and claims that, up to MAX_CODE_ATTEMPTS times; any other session ends `taken` (two devices
 * must never run one session). Callers that keep trying for one runtime at once (a reload's resume and the session
 * screen) share one claim, so an empty lobby moves to one new code, not two.
 */
export function claim(runtime: HostRuntime, keepTrying: boolean): Promise<Claimed> {
  if (!keepTrying) return claimNow(runtime, false);
  const pending = claims.get(runtime);
  if (pending) return pending;
  const claiming = claimNow(runtime, true).finally(() => claims.delete(runtime));
  claims.set(runtime, claiming);
  return claiming;
}

/** The `claim(runtime, true)` in progress for each runtime. */
const claims = new Map<HostRuntime, Promise<Claimed>>();

async function claimNow(runtime: HostRuntime, keepTrying: boolean): Promise<Claimed> {
  let current = runtime;
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
    const outcome = await current.claim(keepTrying);
    const s = current.state.value;
    if (outcome !== 'taken' || s.phase !== 'waiting' || s.participants.length > 0) return { runtime: current, outcome };
    current = await recodeHostSession(current.code);
  }
  return { runtime: current, outcome: 'taken' };
}

/**
 * Gives a session that has not started and has no players a new code (its code turned out to be taken on the
 * signaling Worker). Returns the new runtime, not yet claimed; the old code is deleted.
 * @throws Error if the session has started or has players; StorageError.
 */
async function recodeHostSession(code: string): Promise<HostRuntime> {
  const old = await openHostSession(code);
  if (!old) throw new Error(`no tasting ${code} on this device`);
  const state = old.state.value;
  if (state.phase !== 'waiting' || state.participants.length > 0) throw new Error('only an empty lobby can change its code');
  const fresh = await startRuntime({ ...state, code: await freeLocalCode() });
  closeHostSession(code);
  await deleteSession(code);
  return fresh;
}

/**
 * The running runtime for `code`, loading it from IndexedDB if needed; null when this device has no such session.
 * `steal` takes the session over from another tab of this browser.
 * @throws OpenElsewhereError if another tab runs it (and `steal` is false); UnreadableSessionError; StorageError.
 */
export function openHostSession(code: string, steal = false): Promise<HostRuntime | null> {
  const running = runtimes.get(code);
  if (running) return Promise.resolve(running);
  // Two openers at once (a reload's resume and the session screen) share one open: the second would otherwise find
  // the first one's lock and take it for another tab's.
  const pending = steal ? undefined : opening.get(code);
  if (pending) return pending;
  const open = openNow(code, steal).finally(() => opening.delete(code));
  opening.set(code, open);
  return open;
}

/** code -> an `openHostSession` in progress. */
const opening = new Map<string, Promise<HostRuntime | null>>();

async function openNow(code: string, steal: boolean): Promise<HostRuntime | null> {
  if (!(await lockSession(code, steal))) throw new OpenElsewhereError(code);
  // Read under the lock: the tab we took it from may have saved until the moment it let go.
  const record = await loadSession(code);
  if (!record) {
    unlockSession(code);
    return null;
  }
  const runtime = runtimes.get(code) ?? new HostRuntime(record);
  keep(runtime);
  return runtime;
}

/** Stops and forgets the runtime of `code` and releases its lock. */
export function closeHostSession(code: string): void {
  forget(code);
  unlockSession(code);
}

/**
 * Deletes a session from this device, first stopping it wherever it runs in this browser (another tab included).
 * Returns what was deleted, so the host can undo it with `saveSession`.
 */
export async function deleteHostSession(code: string): Promise<HostRecord | undefined> {
  await lockSession(code, true);
  closeHostSession(code);
  const record = await loadSession(code);
  await deleteSession(code);
  return record;
}

/** Frees every peer id at once when the page goes away, so a reload reclaims the code instantly. */
export function disposeAll(): void {
  for (const code of [...runtimes.keys()]) forget(code);
}
