/** A fake clock with timers for runtime tests: nothing real is scheduled, and `pending` shows what is left. Test-only. */
import type { Timers } from '../../src/lib/timers';

export interface FakeClock extends Timers {
  /** Current fake time, ms. */
  now(): number;
  /** Moves time forward by `ms`, running every timer that falls due, in order, letting promises settle after each. */
  advance(ms: number): Promise<void>;
  /** Timers scheduled and not yet run or cleared. */
  pending(): number;
}

/** Lets queued promise callbacks run (several rounds: an await chain takes one per step). */
export async function flushPromises(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** A fake clock starting at `start` ms. */
export function fakeClock(start = 0): FakeClock {
  let now = start;
  let nextId = 1;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.push({ at: now + Math.max(0, ms), fn, id });
      return id;
    },
    clearTimeout(id) {
      timers = timers.filter((t) => t.id !== id);
    },
    pending: () => timers.length,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await flushPromises();
      }
      now = end;
    },
  };
}
