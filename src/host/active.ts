/**
 * Creating and resuming host sessions. One runtime per code lives for the page's lifetime, so moving
 * between host screens never drops a participant.
 */
import { buildTasting, createSession, generateCode, type TastingInput } from '../engine';
import { IdTakenError } from '../net/host-peer';
import { SignalingUnreachableError } from '../net/signaling';
import { deleteSession, hasSession, loadSession, saveSession, type HostRecord } from '../store/sessions';
import { secureRandom } from './random';
import { HostRuntime, newHostRecord } from './runtime';
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

/** A random code that no session on this device uses. */
async function freeLocalCode(): Promise<string> {
  for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
    const code = generateCode(secureRandom);
    if (!runtimes.has(code) && !(await hasSession(code))) return code;
  }
  throw new Error('no free session code found; try again');
}

/**
 * Creates a session for `input`: picks a random code, claims it on the signaling Worker (another code while the
 * Worker says it is taken), then saves it. With no network the session is saved anyway under a provisional code;
 * the session screen claims it once the Worker is reachable (docs/game-rules.md#the-session-code: hosts prepare offline).
 * @throws TastingError (invalid tasting), StorageError, or Error after MAX_CODE_ATTEMPTS taken codes.
 */
export async function createHostSession(input: TastingInput): Promise<HostRuntime> {
  const tasting = buildTasting(input, secureRandom);
  for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
    const code = await freeLocalCode();
    if (!(await lockSession(code, false))) continue;
    const runtime = new HostRuntime(newHostRecord(createSession(code, tasting, Date.now())));
    try {
      await runtime.connect();
    } catch (e) {
      // Unreachable: keep this runtime; the session screen claims the code once the Worker answers.
      if (!(e instanceof SignalingUnreachableError)) {
        runtime.dispose();
        unlockSession(code);
        if (e instanceof IdTakenError) continue;
        throw e;
      }
    }
    await saveSession({ state: runtime.state.value, peerToken: runtime.peerToken });
    keep(runtime);
    return runtime;
  }
  throw new Error('no free session code found; try again');
}

/**
 * Gives a session that has not started and has no players a new code (its provisional code turned out to be
 * taken on the signaling Worker). Returns the new runtime, not yet connected.
 * @throws Error if the session has started or has players; StorageError.
 */
export async function recodeHostSession(code: string): Promise<HostRuntime> {
  const old = await openHostSession(code);
  if (!old) throw new Error(`no tasting ${code} on this device`);
  const state = old.state.value;
  if (state.phase !== 'waiting' || state.participants.length > 0) throw new Error('only an empty lobby can change its code');
  const newCode = await freeLocalCode();
  await lockSession(newCode, false);
  const fresh = new HostRuntime(newHostRecord({ ...state, code: newCode }));
  await saveSession({ state: fresh.state.value, peerToken: fresh.peerToken });
  closeHostSession(code);
  await deleteSession(code);
  keep(fresh);
  return fresh;
}

/**
 * The running runtime for `code`, loading it from IndexedDB if needed; null when this device has no such session.
 * `steal` takes the session over from another tab of this browser.
 * @throws OpenElsewhereError if another tab runs it (and `steal` is false); UnreadableSessionError; StorageError.
 */
export async function openHostSession(code: string, steal = false): Promise<HostRuntime | null> {
  const running = runtimes.get(code);
  if (running) return running;
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
