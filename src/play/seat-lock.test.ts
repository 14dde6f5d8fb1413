import { afterEach, describe, expect, it } from 'vitest';
import { channelSeatLock, webSeatLock, type SeatLock, type SeatLockEvents } from './seat-lock';

/** A tab's view of its lock: the events it received, in order. */
function tab(make: (events: SeatLockEvents) => SeatLock) {
  const log: string[] = [];
  const lock = make({
    onTaken: () => log.push('taken'),
    onGranted: () => log.push('granted'),
    onAway: () => log.push('away'),
  });
  return { lock, log };
}

/** Resolves once `check` holds, polling the event loop (locks and channels deliver asynchronously). */
async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const open: SeatLock[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.close();
});

let n = 0;
const kinds = {
  'Web Locks': (events: SeatLockEvents, code: string) =>
    webSeatLock(code, events, new BroadcastChannel(`sommelier-seat-${code}`)),
  BroadcastChannel: (events: SeatLockEvents, code: string) =>
    channelSeatLock(events, new BroadcastChannel(`sommelier-seat-${code}`)),
};

for (const [kind, make] of Object.entries(kinds)) {
  describe.skipIf(kind === 'Web Locks' && !globalThis.navigator?.locks)(`seat lock over ${kind}`, () => {
    const pair = () => {
      const code = `t${++n}`;
      const a = tab((e) => make(e, code));
      const b = tab((e) => make(e, code));
      open.push(a.lock, b.lock);
      return { a, b };
    };

    it('a take() from another tab tells the holder; when that tab lets go, the waiting one is granted', async () => {
      const { a, b } = pair();
      a.lock.take();
      b.lock.take();
      await until(() => a.log.includes('taken'));
      a.lock.wait();
      await new Promise((r) => setTimeout(r, 50)); // nothing may happen while b holds it
      expect(a.log).toEqual(['taken']);
      b.lock.release();
      await until(() => a.log.includes('granted'));
      expect(b.log).toEqual([]);
    });

    it('away() stops the waiting tabs for good', async () => {
      const { a, b } = pair();
      a.lock.take();
      b.lock.take();
      await until(() => a.log.includes('taken'));
      a.lock.wait();
      await new Promise((r) => setTimeout(r, 20));
      b.lock.away();
      await until(() => a.log.includes('away'));
      b.lock.release();
      await new Promise((r) => setTimeout(r, 200));
      expect(a.log).toEqual(['taken', 'away']);
    });
  });
}

describe('seat lock over BroadcastChannel: two waiting tabs', () => {
  it('claim a freed seat once: exactly one holds it afterwards', async () => {
    const code = `t${++n}`;
    const [holder, x, y] = [0, 1, 2].map(() => tab((e) => channelSeatLock(e, new BroadcastChannel(`sommelier-seat-${code}`))));
    open.push(holder!.lock, x!.lock, y!.lock);
    x!.lock.take();
    y!.lock.take();
    await until(() => x!.log.includes('taken'));
    holder!.lock.take();
    await until(() => y!.log.includes('taken'));
    holder!.lock.release();
    await until(() => x!.log.includes('granted') || y!.log.includes('granted'));
    await new Promise((r) => setTimeout(r, 300));
    // Whoever claimed last holds it; a tab granted and then out-claimed was told 'taken' again.
    const holding = [x!, y!].filter((t) => t.log.at(-1) === 'granted');
    expect(holding).toHaveLength(1);
  });
});
