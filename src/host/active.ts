/**
 * Creating and resuming host sessions. One runtime per code lives for the page's lifetime, so moving
 * between host screens never drops a participant.
 */
import { buildTasting, createSession, generateCode, type TastingInput } from '../engine';
import { IdTakenError } from '../net/host-peer';
import { SignalingUnreachableError } from '../net/signaling';
import { deleteSession, loadSession, saveSession } from '../store/sessions';
import { HostRuntime, newHostRecord } from './runtime';

/** How many codes to try before giving up (each ID-TAKEN answer costs one round trip). */
export const MAX_CODE_ATTEMPTS = 20;

const runtimes = new Map<string, HostRuntime>();

/** A random code that no session on this device uses. */
async function freeLocalCode(): Promise<string> {
  for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
    const code = generateCode(Math.random);
    if (!runtimes.has(code) && !(await loadSession(code))) return code;
  }
  throw new Error('no free session code found; try again');
}

/**
 * Creates a session for `input`: picks a random code, claims it on the signaling Worker (another code while the
 * Worker says it is taken), then saves it. With no network the session is saved anyway under a provisional code;
 * the session screen claims it once the Worker is reachable (DESIGN §6: hosts prepare offline).
 * @throws TastingError (invalid tasting), StorageError, or Error after MAX_CODE_ATTEMPTS taken codes.
 */
export async function createHostSession(input: TastingInput): Promise<HostRuntime> {
  const tasting = buildTasting(input, Math.random);
  for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
    const code = await freeLocalCode();
    const runtime = new HostRuntime(newHostRecord(createSession(code, tasting, Date.now())));
    try {
      await runtime.connect();
    } catch (e) {
      runtime.dispose();
      if (e instanceof IdTakenError) continue;
      if (!(e instanceof SignalingUnreachableError)) throw e;
    }
    await saveSession({ state: runtime.state.value, peerToken: runtime.peerToken });
    runtimes.set(code, runtime);
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
  const fresh = new HostRuntime(newHostRecord({ ...state, code: await freeLocalCode() }));
  await saveSession({ state: fresh.state.value, peerToken: fresh.peerToken });
  closeHostSession(code);
  await deleteSession(code);
  runtimes.set(fresh.code, fresh);
  return fresh;
}

/** The running runtime for `code`, loading it from IndexedDB if needed; null when this device has no such session. */
export async function openHostSession(code: string): Promise<HostRuntime | null> {
  const running = runtimes.get(code);
  if (running) return running;
  const record = await loadSession(code);
  if (!record) return null;
  const runtime = runtimes.get(code) ?? new HostRuntime(record);
  runtimes.set(code, runtime);
  return runtime;
}

/** Stops and forgets the runtime of `code` (before deleting the session). */
export function closeHostSession(code: string): void {
  runtimes.get(code)?.dispose();
  runtimes.delete(code);
}

/** Frees every peer id at once when the page goes away, so a reload reclaims the code instantly. */
export function disposeAll(): void {
  for (const r of runtimes.values()) r.dispose();
}
