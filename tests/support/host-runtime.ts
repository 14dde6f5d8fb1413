/**
 * A HostRuntime for tests that drive time themselves: a fake link that decodes every frame the host sends (an invalid
 * one throws), a clock the test sets, timers that never fire by themselves (the test calls sweep() and tick()), and
 * tokens counted up in hex. Used by the runtime's abuse and fuzz tests.
 */
import { createSession, type Tasting } from '../../src/engine';
import { HostRuntime } from '../../src/host/runtime';
import type { HostLink } from '../../src/net/host-peer';
import { decodeHostMessage, type HostMessage } from '../../src/protocol/messages';

/** The n-th token the manual runtime hands out: `n` in hex, 32 characters. */
export const tokenOf = (n: number): string => n.toString(16).padStart(32, '0');

/**
 * Builds and claims a runtime for `tasting` (session code 4321) starting at `startMs` (ms since the epoch).
 * `onSend` gets each decoded message and its channel id, `onClose` each channel the host closes, `save` each save.
 * Returns the runtime, the clock's reader and its setter (ms).
 */
export async function manualHostRuntime(opts: {
  tasting: Tasting;
  startMs: number;
  onSend?: (conn: string, msg: HostMessage) => void;
  onClose?: (conn: string) => void;
  save?: () => Promise<void>;
}): Promise<{ rt: HostRuntime; now: () => number; setNow: (ms: number) => void }> {
  let clock = opts.startMs;
  let tokens = 0;
  const link: HostLink = {
    send: (conn, frame) => {
      const d = decodeHostMessage(frame);
      if (!d.ok) throw new Error(`host sent an invalid frame: ${frame}`);
      opts.onSend?.(conn, d.message);
    },
    close: (conn) => opts.onClose?.(conn),
    retryNow: () => undefined,
    setSeated: () => undefined,
    destroy: () => undefined,
  };
  const rt = new HostRuntime(
    { state: createSession('4321', opts.tasting, clock), peerToken: 'x' },
    {
      setTimeout: () => 0,
      clearTimeout: () => undefined,
      now: () => clock,
      random: () => 0.5,
      newToken: () => tokenOf(++tokens),
      save: opts.save ?? (async () => undefined),
      connect: async () => link,
    },
  );
  await rt.claim(false);
  return { rt, now: () => clock, setNow: (ms) => void (clock = ms) };
}
