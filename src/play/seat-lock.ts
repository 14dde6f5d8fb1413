/**
 * One seat, one playing tab per browser (docs/robustness.md, "Seat ownership across tabs"). The newest tab that
 * opens a session's join link takes the seat; the tab it took it from waits, and takes the seat back by itself as
 * soon as the newer tab closes or hides for good. When the seat goes to another device instead, every tab of this
 * browser stops waiting (they would otherwise pull it back and forth).
 *
 * Web Locks do the waiting where the browser has them (a closed or crashed tab releases its lock by itself);
 * BroadcastChannel messages do it where it has only those (plain-http LAN pages have no Web Locks).
 */

/** What a tab is told by its SeatLock. */
export interface SeatLockEvents {
  /** Another tab of this browser took the seat: stop playing at once (this tab now waits for it). */
  onTaken(): void;
  /** The seat is free again in this browser and this tab holds it: play. */
  onGranted(): void;
  /** The seat went to another device: stop waiting. */
  onAway(): void;
}

/** One tab's hold on the seat of one session. */
export interface SeatLock {
  /** Holds the seat now, taking it from any other tab of this browser. */
  take(): void;
  /** Waits until the seat is free in this browser, then holds it (`onGranted`). */
  wait(): void;
  /** Lets go (and stops waiting); another waiting tab gets it. */
  release(): void;
  /**
   * Tells every tab of this browser that the seat went to another device, so none takes it back by itself. This
   * tab keeps its hold (a waiting tab would otherwise be granted it before hearing the news), without playing.
   */
  away(): void;
  /** Releases everything for good (page leaving). */
  close(): void;
}

/** The lock and channel name of a session's seat in this browser. */
export function seatLockName(code: string): string {
  return `sommelier-seat-${code}`;
}

/** Upper bound of the random pause before a waiting tab claims a freed seat (BroadcastChannel only), in ms. */
export const CLAIM_JITTER_MS = 150;

type Message = { t: 'take'; key: string } | { t: 'free' } | { t: 'away' };

/**
 * Orders claims, newest greatest: `<µs since epoch, zero-padded>-<random>`, so string order is time order (tabs
 * share the machine's clock; the random part only separates claims in the same microsecond).
 */
function claimKey(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return `${String(micros).padStart(18, '0')}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
}

/** A lock that coordinates nothing: for a browser with neither API, and for simulated phones sharing one process. */
export function soloSeatLock(): SeatLock {
  return { take() {}, wait() {}, release() {}, away() {}, close() {} };
}

/** The best seat lock this browser offers; `soloSeatLock` where it has neither Web Locks nor BroadcastChannel. */
export function createSeatLock(code: string, events: SeatLockEvents): SeatLock {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(seatLockName(code)) : null;
  if (typeof navigator !== 'undefined' && navigator.locks) return new WebSeatLock(code, events, channel);
  if (channel) return new ChannelSeatLock(events, channel);
  return soloSeatLock();
}

/** Web Locks: `steal` takes the seat, a queued request waits for it; the channel only carries "away". */
export class WebSeatLock implements SeatLock {
  private readonly name: string;
  /** Ends the current hold (resolves the lock callback's promise). */
  private letGo: (() => void) | null = null;
  /** Aborts the current queued request. */
  private waiting: AbortController | null = null;
  /** Bumped on every take/wait/release, so a stale lock callback knows it is stale. */
  private generation = 0;

  constructor(
    code: string,
    private readonly events: SeatLockEvents,
    private readonly channel: BroadcastChannel | null,
  ) {
    this.name = seatLockName(code);
    channel?.addEventListener('message', (e: MessageEvent<Message>) => {
      if (e.data?.t === 'away' && this.waiting) {
        this.stopWaiting();
        events.onAway();
      }
    });
  }

  take(): void {
    this.request({ steal: true }, false);
  }

  wait(): void {
    this.request({}, true);
  }

  release(): void {
    this.generation++;
    this.stopWaiting();
    this.letGo?.();
    this.letGo = null;
  }

  away(): void {
    this.channel?.postMessage({ t: 'away' } satisfies Message);
  }

  close(): void {
    this.release();
    this.channel?.close();
  }

  private stopWaiting(): void {
    this.waiting?.abort();
    this.waiting = null;
  }

  private request(options: LockOptions, announce: boolean): void {
    this.release();
    const generation = this.generation;
    const abort = announce ? new AbortController() : null;
    this.waiting = abort;
    navigator.locks
      .request(this.name, abort ? { ...options, signal: abort.signal } : options, () => {
        if (generation !== this.generation) return;
        this.waiting = null;
        if (announce) this.events.onGranted();
        return new Promise<void>((resolve) => (this.letGo = resolve));
      })
      .catch(() => {
        // Aborted by us (release / away), or stolen by another tab's take().
        if (generation !== this.generation || abort?.signal.aborted) return;
        this.letGo = null;
        this.events.onTaken();
      });
  }
}

/**
 * BroadcastChannel only: the holder says "take" (holders that hear a newer "take" yield) and "free" on leaving;
 * waiting tabs claim a freed seat after a random pause, and simultaneous claims settle on the newest key.
 */
export class ChannelSeatLock implements SeatLock {
  private state: 'idle' | 'holding' | 'waiting' = 'idle';
  private key = '';
  private claimTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly events: SeatLockEvents,
    private readonly channel: BroadcastChannel,
  ) {
    channel.addEventListener('message', (e: MessageEvent<Message>) => this.onMessage(e.data));
  }

  take(): void {
    clearTimeout(this.claimTimer);
    this.state = 'holding';
    this.key = claimKey();
    this.channel.postMessage({ t: 'take', key: this.key } satisfies Message);
  }

  wait(): void {
    clearTimeout(this.claimTimer);
    if (this.state === 'holding') this.channel.postMessage({ t: 'free' } satisfies Message);
    this.state = 'waiting';
  }

  release(): void {
    clearTimeout(this.claimTimer);
    if (this.state === 'holding') this.channel.postMessage({ t: 'free' } satisfies Message);
    this.state = 'idle';
  }

  away(): void {
    clearTimeout(this.claimTimer);
    this.channel.postMessage({ t: 'away' } satisfies Message);
  }

  close(): void {
    this.release();
    this.channel.close();
  }

  private onMessage(msg: Message | undefined): void {
    if (!msg) return;
    if (msg.t === 'take') {
      clearTimeout(this.claimTimer);
      if (this.state === 'holding' && msg.key > this.key) {
        this.state = 'waiting';
        this.events.onTaken();
      }
    } else if (msg.t === 'free' && this.state === 'waiting') {
      clearTimeout(this.claimTimer);
      this.claimTimer = setTimeout(() => {
        if (this.state !== 'waiting') return;
        this.take();
        this.events.onGranted();
      }, (crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32) * CLAIM_JITTER_MS);
    } else if (msg.t === 'away' && this.state === 'waiting') {
      clearTimeout(this.claimTimer);
      this.state = 'idle';
      this.events.onAway();
    }
  }
}
