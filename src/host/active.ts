/**
 * Creating and resuming host sessions. One runtime per code lives for the page's lifetime, so moving
 * between host screens never drops a participant.
 */
import { buildTasting, createSession, generateCode, type TastingInput } from '../engine';
import { IdTakenError } from '../net/host-peer';
import { loadSession, saveSession } from '../store/sessions';
import { HostRuntime, newHostRecord } from './runtime';

/** How many codes to try before giving up (each ID-TAKEN answer costs one round trip). */
export const MAX_CODE_ATTEMPTS = 20;

const runtimes = new Map<string, HostRuntime>();

/**
 * Creates a session for `input`: picks a random code, claims it on the signaling Worker (retrying another code
 * while the Worker says it is taken), then saves it. Returns the running runtime.
 * @throws TastingError (invalid tasting), SignalingUnreachableError, StorageError, or Error after MAX_CODE_ATTEMPTS.
 */
export async function createHostSession(input: TastingInput): Promise<HostRuntime> {
  const tasting = buildTasting(input, Math.random);
  for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
    const code = generateCode(Math.random);
    if (runtimes.has(code) || (await loadSession(code))) continue;
    const runtime = new HostRuntime(newHostRecord(createSession(code, tasting, Date.now())));
    try {
      await runtime.connect();
    } catch (e) {
      if (e instanceof IdTakenError) continue;
      throw e;
    }
    await saveSession({ state: runtime.state.value, peerToken: runtime.peerToken });
    runtimes.set(code, runtime);
    return runtime;
  }
  throw new Error('no free session code found; try again');
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
