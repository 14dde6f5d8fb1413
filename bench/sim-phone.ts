/**
 * A simulated phone for `npm run bench`: the real participant runtime (`src/play/runtime.ts`) over the real link
 * (`src/net/participant-link.ts`, stock PeerJS), run under Node with node-datachannel's RTCPeerConnection instead of
 * a browser. Only the screen is missing: it logs when each snapshot arrives instead of rendering it.
 * Loaded by bench/phone-farm.mjs through Vite (TypeScript, extensionless imports); see docs/performance.md.
 */
import type { ParticipantView } from '../src/engine/view';
import type { ConnectOptions, Link, LinkEvents } from '../src/net/participant-link';
import { participantLink } from '../src/net/participant-link';
import { PlayRuntime } from '../src/play/runtime';
import { soloSeatLock } from '../src/play/seat-lock';
import type { Credential } from '../src/store/credentials';

/** One snapshot as the phone received it. `at` is this machine's Date.now() in ms, `bytes` the frame's length. */
export interface Arrival {
  phase: string;
  questionId: string | null;
  selectedOptionId: string | null;
  players: number;
  bytes: number;
  at: number;
  /** Links this phone had opened when it got the snapshot (1 = its first). */
  link: number;
}

/** A phone: the participant runtime with in-memory credentials and a log of every snapshot it received. */
export class SimPhone {
  readonly runtime: PlayRuntime;
  readonly log: Arrival[] = [];
  /** Date.now() when `start` was called and when the phone first reached the lobby (ms). */
  startedAt = 0;
  seatedAt = 0;
  /** Links opened (1 + reconnects). */
  links = 0;
  /** Every connection attempt: when it started (ms), how long it took, and how it ended (`open` or an error code). */
  readonly attempts: { at: number; ms: number; result: string }[] = [];
  private readonly credentials = new Map<string, Credential>();
  /** Size of the last `state` frame, read when its snapshot lands in `runtime.view`. */
  private lastStateBytes = 0;

  constructor() {
    // Each phone its own link (a browser tab has one): its own signaling peer, kept between attempts.
    const link = participantLink();
    this.runtime = new PlayRuntime({
      releaseSignaling: link.release,
      connect: async (code: string, events: LinkEvents, options?: ConnectOptions): Promise<Link> => {
        const at = Date.now();
        const kind = options?.seat ? 'rejoin ' : '';
        try {
          const tap: LinkEvents = {
            onFrame: (frame) => {
              // A snapshot lands in runtime.view while its frame is handled: this is that frame's size.
              this.lastStateBytes = typeof frame === 'string' ? frame.length : 0;
              events.onFrame(frame);
            },
            onClose: () => events.onClose(),
          };
          const opened = await link.connect(code, tap, options);
          this.links++;
          this.attempts.push({ at, ms: Date.now() - at, result: `${kind}open` });
          return opened;
        } catch (e) {
          this.attempts.push({ at, ms: Date.now() - at, result: kind + (e instanceof Error ? e.message : String(e)) });
          throw e;
        }
      },
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      loadCredential: async (code) => this.credentials.get(code),
      saveCredential: async (c) => void this.credentials.set(c.code, c),
      forgetCredential: async (code) => void this.credentials.delete(code),
      // Each simulated phone is its own browser: no capability check, no tab coordination between them.
      checkBrowser: async () => [],
      seatLock: soloSeatLock,
    });
    this.runtime.view.subscribe((view: ParticipantView | null) => {
      if (!view) return;
      const at = Date.now();
      if (!this.seatedAt) this.seatedAt = at;
      this.log.push({
        phase: view.phase,
        questionId: view.question?.id ?? null,
        selectedOptionId: view.selectedOptionId,
        players: view.players,
        bytes: this.lastStateBytes,
        at,
        link: this.links,
      });
    });
  }

  /** Joins session `code` (resolves once the first attempt is under way; watch `seatedAt`). */
  start(code: string): Promise<void> {
    this.startedAt = Date.now();
    return this.runtime.start(code);
  }

  /** Taps option number `index` (0–3) of the question on screen; false if there is none. */
  answer(index: number): string | null {
    const option = this.runtime.view.value?.question?.options[index];
    if (!option) return null;
    this.runtime.answer(option.id);
    return option.id;
  }

  /** Where the phone is now: `connected:<phase>`, `reconnecting`, … */
  where(): string {
    const status = this.runtime.status.value;
    return status === 'connected' ? `connected:${this.runtime.view.value?.phase}` : status;
  }

  stop(): void {
    this.runtime.stop();
  }
}
