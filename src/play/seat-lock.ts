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
  if (typeof navigator !== 'undefined' && navigator.locks) return webSeatLock(code, events, channel);
  if (channel) return channelSeatLock(events, channel);
  return soloSeatLock();
}

/** Web Locks: `steal` takes the seat, a queued request waits for it; the channel only carries "away". */
export function webSeatLock(code: string, events: SeatLockEvents, channel: BroadcastChannel | null): SeatLock {
  const name = seatLockName(code);
  /** Ends the current hold (resolves the lock callback's promise). */
  let letGo: (() => void) | null = null;
  /** Aborts the current queued request. */
  let waiting: AbortController | null = null;
  /** Bumped on every take/wait/release, so a stale lock callback knows it is stale. */
  let generation = 0;

  const stopWaiting = () => {
    waiting?.abort();
    waiting = null;
  };
  const release = () => {
    generation++;
    stopWaiting();
    letGo?.();
    letGo = null;
  };
  const request = (steal: boolean) => {
    release();
    const mine = generation;
    const abort = steal ? null : new AbortController();
    waiting = abort;
    navigator.locks
      .request(name, abort ? { signal: abort.signal } : { steal: true }, () => {
        if (mine !== generation) return;
        waiting = null;
        if (abort) events.onGranted();
        return new Promise<void>((resolve) => (letGo = resolve));
      })
      .catch(() => {
        // Aborted by us (release / away), or stolen by another tab's take().
        if (mine !== generation || abort?.signal.aborted) return;
        letGo = null;
        events.onTaken();
      });
  };
  channel?.addEventListener('message', (e: MessageEvent<Message>) => {
    if (e.data?.t === 'away' && waiting) {
      stopWaiting();
      events.onAway();
    }
  });
  return {
    take: () => request(true),
    wait: () => request(false),
    release,
    away: () => channel?.postMessage({ t: 'away' } satisfies Message),
    close() {
      release();
      channel?.close();
    },
  };
}

/**
 * BroadcastChannel only: the holder says "take" (holders that hear a newer "take" yield) and "free" on leaving;
 * waiting tabs claim a freed seat after a random pause, and simultaneous claims settle on the newest key.
 */
export function channelSeatLock(events: SeatLockEvents, channel: BroadcastChannel): SeatLock {
  let state: 'idle' | 'holding' | 'waiting' = 'idle';
  let key = '';
  let claimTimer: ReturnType<typeof setTimeout> | undefined;
  const post = (msg: Message) => channel.postMessage(msg);
  const take = () => {
    clearTimeout(claimTimer);
    state = 'holding';
    key = claimKey();
    post({ t: 'take', key });
  };
  /** Lets go of a hold (telling the others), then is `next`. */
  const leave = (next: typeof state) => {
    clearTimeout(claimTimer);
    if (state === 'holding') post({ t: 'free' });
    state = next;
  };
  channel.addEventListener('message', (e: MessageEvent<Message>) => {
    const msg = e.data;
    if (msg?.t === 'take') {
      clearTimeout(claimTimer);
      if (state === 'holding' && msg.key > key) {
        state = 'waiting';
        events.onTaken();
      }
    } else if (msg?.t === 'free' && state === 'waiting') {
      clearTimeout(claimTimer);
      claimTimer = setTimeout(() => {
        if (state !== 'waiting') return;
        take();
        events.onGranted();
      }, (crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32) * CLAIM_JITTER_MS);
    } else if (msg?.t === 'away' && state === 'waiting') {
      clearTimeout(claimTimer);
      state = 'idle';
      events.onAway();
    }
  });
  return {
    take,
    wait: () => leave('waiting'),
    release: () => leave('idle'),
    away() {
      clearTimeout(claimTimer);
      post({ t: 'away' });
    },
    close() {
      leave('idle');
      channel.close();
    },
  };
}
