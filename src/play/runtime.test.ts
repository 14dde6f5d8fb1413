import type { ParticipantView } from '../engine/view';
import { describe, expect, it } from 'vitest';
import { LinkError, linkErrorCode, type Link, type LinkEvents } from '../net/participant-link';
import { PROTOCOL_VERSION } from '../protocol/messages';
import type { Credential } from '../store/credentials';
import type { Capability } from '../ui/capabilities';
import { PlayRuntime, type PlayDeps } from './runtime';
import type { SeatLock, SeatLockEvents } from './seat-lock';
import { fakeClock, flushPromises } from '../../tests/support/fake-timers';

/**
 * One browser's seat locks, with Web Locks' semantics: take() steals (the holder is told), wait() queues (FIFO),
 * release() grants the next in line, away() tells the queued tabs and empties the queue.
 */
class FakeBrowserLocks {
  holder: SeatLockEvents | null = null;
  queue: SeatLockEvents[] = [];
  create = (_code: string, events: SeatLockEvents): SeatLock => {
    const leave = () => {
      this.queue = this.queue.filter((e) => e !== events);
      if (this.holder !== events) return;
      this.holder = null;
      const next = this.queue.shift();
      if (next) {
        this.holder = next;
        next.onGranted();
      }
    };
    return {
      take: () => {
        leave();
        const old = this.holder;
        this.holder = events;
        old?.onTaken();
      },
      wait: () => {
        leave();
        if (this.holder) this.queue.push(events);
        else {
          this.holder = events;
          events.onGranted();
        }
      },
      release: leave,
      away: () => {
        const waiting = this.queue;
        this.queue = [];
        for (const e of waiting) e.onAway();
      },
      close: leave,
    };
  };
}

/** A fake clock + connector: each connect() call takes the next scripted outcome. */
function setup(
  outcomes: Array<'ok' | LinkError['code']>,
  saved?: Credential,
  opts: { missing?: Capability[]; locks?: FakeBrowserLocks; store?: Map<string, Credential> } = {},
) {
  const clock = fakeClock(0);
  /** Final results the runtime asked to keep on the device: the view and the device time. */
  const kept: { view: ParticipantView; at: number }[] = [];
  const attempts: number[] = [];
  /** The seat token each attempt was made with (a rejoin: no session lookup, the seat's signaling token), if any. */
  const seats: (string | undefined)[] = [];
  const sent: unknown[] = [];
  const links: { events: LinkEvents; closed: boolean }[] = [];
  const store = opts.store ?? new Map<string, Credential>();
  if (saved) store.set(saved.code, saved);
  const locks = opts.locks ?? new FakeBrowserLocks();
  const deps: PlayDeps = {
    now: clock.now,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    connect: async (_code, events, options) => {
      attempts.push(clock.now());
      seats.push(options?.seat);
      const outcome = outcomes.shift() ?? 'HOST_UNREACHABLE';
      if (outcome !== 'ok') throw new LinkError(outcome);
      const entry = { events, closed: false };
      links.push(entry);
      const link: Link = {
        send: (f) => {
          const msg = JSON.parse(f);
          if (msg.type !== 'ping') sent.push(msg);
        },
        close: () => {
          // Like the real link: closing reports onClose once.
          if (entry.closed) return;
          entry.closed = true;
          events.onClose();
        },
      };
      return link;
    },
    loadCredential: async (code) => store.get(code),
    saveCredential: async (c) => void store.set(c.code, c),
    forgetCredential: async (code) => void store.delete(code),
    checkBrowser: async () => opts.missing ?? [],
    seatLock: locks.create,
    keepResult: (view, at) => void kept.push({ view, at }),
  };
  return { rt: new PlayRuntime(deps), attempts, seats, sent, links, store, locks, advance: clock.advance, flush: flushPromises, kept };
}

const TOKEN = '0123456789abcdef0123456789abcdef';

describe('PlayRuntime', () => {
  it('a wrong code is final: SESSION_NOT_FOUND, no retry', async () => {
    const h = setup(['SESSION_NOT_FOUND']);
    await h.rt.start('1234');
    expect(h.rt.status.value).toBe('failed');
    expect(h.rt.error.value).toBe('SESSION_NOT_FOUND');
    await h.advance(60_000);
    expect(h.attempts).toHaveLength(1);
  });

  it('an unreachable signaling server is shown and retried with backoff 0.5 s doubling, then joins', async () => {
    const h = setup(['SIGNALING_UNREACHABLE', 'SIGNALING_UNREACHABLE', 'SIGNALING_UNREACHABLE', 'ok']);
    await h.rt.start('1234');
    expect(h.rt.error.value).toBe('SIGNALING_UNREACHABLE');
    await h.advance(10_000);
    expect(h.attempts).toEqual([0, 500, 1500, 3500]);
    expect(h.sent).toEqual([{ type: 'join', v: PROTOCOL_VERSION }]);
  });

  it('backoff is capped at 5 s', async () => {
    const h = setup(Array(8).fill('HOST_UNREACHABLE'), { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 });
    await h.rt.start('1234');
    await h.advance(30_000);
    const gaps = h.attempts.slice(1).map((t, i) => t - h.attempts[i]!);
    expect(gaps.slice(0, 7)).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('with a saved seat it rejoins with the token and stays calm (reconnecting) through any error', async () => {
    const h = setup(['SESSION_NOT_FOUND', 'ok'], { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 });
    await h.rt.start('1234');
    expect(h.rt.status.value).toBe('reconnecting');
    await h.advance(500);
    expect(h.sent).toEqual([{ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN }]);
  });

  it('keeps the seat from the welcome, and reconnects by itself when the channel drops', async () => {
    const h = setup(['ok', 'ok']);
    await h.rt.start('1234');
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'welcome', v: PROTOCOL_VERSION, pseudonym: 'DRY-OWL', token: TOKEN }));
    await h.flush();
    expect(h.store.get('1234')?.token).toBe(TOKEN);
    h.links[0]!.events.onClose();
    expect(h.rt.status.value).toBe('reconnecting');
    await h.advance(500);
    expect(h.sent.at(-1)).toEqual({ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN });
  });

  it('a newcomer looks the session up; a phone with a seat skips the lookup (its offer waits for the host) and connects as that seat', async () => {
    const h = setup(['ok', 'ok']);
    await h.rt.start('1234');
    expect(h.seats).toEqual([undefined]);
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'welcome', v: PROTOCOL_VERSION, pseudonym: 'DRY-OWL', token: TOKEN }));
    h.links[0]!.events.onClose(); // e.g. the host reloads
    await h.advance(500);
    expect(h.seats).toEqual([undefined, TOKEN]);

    const saved = setup(['SESSION_NOT_FOUND', 'ok'], { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 });
    await saved.rt.start('1234');
    await saved.advance(500);
    expect(saved.seats).toEqual([TOKEN, TOKEN]);
  });

  it('wake() retries at once instead of waiting out the backoff', async () => {
    const h = setup(Array(5).fill('HOST_UNREACHABLE').concat(['ok']), { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 });
    await h.rt.start('1234');
    await h.advance(8000); // attempts at 0, 500, 1500, 3500, 7500
    expect(h.attempts).toHaveLength(5);
    h.rt.wake();
    await h.flush();
    expect(h.attempts).toHaveLength(6);
    expect(h.sent).toEqual([{ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN }]);
  });

  it('INVALID_REJOIN forgets the saved seat and stops', async () => {
    const h = setup(['ok'], { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 });
    await h.rt.start('1234');
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'error', code: 'INVALID_REJOIN' }));
    await h.flush();
    expect(h.rt.status.value).toBe('failed');
    expect(h.store.has('1234')).toBe(false);
    await h.advance(10_000);
    expect(h.attempts).toHaveLength(1);
  });

  it.each([
    ['a newer host (this app must update)', { v: PROTOCOL_VERSION + 1 }, true],
    ['an older host that states its version', { v: 0 }, false],
    ['a host of version 1, which sent no version', {}, false],
  ])('PROTOCOL_MISMATCH from %s is final and says which side is outdated', async (_name, extra, appOutdated) => {
    const h = setup(['ok']);
    await h.rt.start('1234');
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'error', code: 'PROTOCOL_MISMATCH', ...extra }));
    expect(h.rt.status.value).toBe('failed');
    expect(h.rt.error.value).toBe('PROTOCOL_MISMATCH');
    expect(h.rt.appOutdated.value).toBe(appOutdated);
    await h.advance(10_000);
    expect(h.attempts).toHaveLength(1);
  });

  it('"moved" from the host (another device took the seat): stops, offers Play here, never retries by itself', async () => {
    const h = setup(['ok', 'ok']);
    await h.rt.start('1234');
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'moved' }));
    expect(h.rt.status.value).toBe('moved');
    expect(h.rt.movedTo.value).toBe('device');
    expect(h.links[0]!.closed).toBe(true);
    await h.advance(10_000);
    expect(h.attempts).toHaveLength(1);
    await h.rt.playHere();
    expect(h.attempts).toHaveLength(2);
    expect(h.rt.status.value).not.toBe('moved');
  });

  it('ignores garbage from the host', async () => {
    const h = setup(['ok']);
    await h.rt.start('1234');
    h.links[0]!.events.onFrame('{"type":"state","view":{"phase":"hacked"}}');
    h.links[0]!.events.onFrame(new Uint8Array(3));
    expect(h.rt.view.value).toBeNull();
    expect(h.rt.status.value).toBe('joining');
  });

  it('drops a silent link after the heartbeat timeout and reconnects (a closed host tab never fires close)', async () => {
    const h = setup(['ok', 'ok']);
    await h.rt.start('1234');
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'welcome', v: PROTOCOL_VERSION, pseudonym: 'DRY-OWL', token: TOKEN }));
    await h.advance(6000);
    expect(h.links[0]!.closed).toBe(false);
    await h.advance(3000);
    expect(h.links[0]!.closed).toBe(true);
    expect(h.attempts).toHaveLength(2);
    expect(h.sent.at(-1)).toEqual({ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN });
  });

  it('says it waits for the host as soon as an open link drops, not after the next attempt times out', async () => {
    const h = setup(['ok', 'ok']);
    await h.rt.start('1234');
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'welcome', v: PROTOCOL_VERSION, pseudonym: 'DRY-OWL', token: TOKEN }));
    await h.advance(9000); // the host went silent: the heartbeat drops the link
    expect(h.links[0]!.closed).toBe(true);
    expect(h.rt.status.value).toBe('reconnecting');
    expect(h.rt.error.value).toBe('HOST_UNREACHABLE');
  });

  it('keeps a link whose host answers the pings', async () => {
    const h = setup(['ok']);
    await h.rt.start('1234');
    for (let i = 0; i < 10; i++) {
      await h.advance(2000);
      h.links[0]!.events.onFrame(JSON.stringify({ type: 'pong' }));
    }
    expect(h.links[0]!.closed).toBe(false);
    expect(h.attempts).toHaveLength(1);
  });

  it('after a signaling outage, "no such session" is retried: the host may still be re-registering', async () => {
    const h = setup(['SIGNALING_UNREACHABLE', 'SESSION_NOT_FOUND', 'ok']);
    await h.rt.start('1234');
    await h.advance(2000);
    expect(h.rt.status.value).not.toBe('failed');
    expect(h.sent).toEqual([{ type: 'join', v: PROTOCOL_VERSION }]);
  });

  it('after the end, a closed link leaves the final results on screen and does not reconnect', async () => {
    const h = setup(['ok', 'ok']);
    await h.rt.start('1234');
    const view = {
      code: '1234', title: 'T', phase: 'ended', pseudonym: 'DRY-OWL', wineIndex: 0, wineName: null, wineCount: 1, players: 1,
      maxPlayers: 10, question: null, selectedOptionId: null, lastPoints: null, score: 100, rank: 1,
      leaderboard: [{ pseudonym: 'DRY-OWL', score: 100, rank: 1 }],
    };
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'state', view }));
    h.links[0]!.events.onClose();
    await h.advance(30_000);
    expect(h.attempts).toHaveLength(1);
    expect(h.rt.status.value).toBe('connected');
    expect(h.rt.view.value?.phase).toBe('ended');
  });

  it('keeps the final result on the device once, when the tasting ends (not on every snapshot after)', async () => {
    const h = setup(['ok']);
    await h.rt.start('1234');
    const view = {
      code: '1234', title: 'T', phase: 'question_leaderboard', pseudonym: 'DRY-OWL', wineIndex: 0, wineName: null, wineCount: 1,
      players: 1, maxPlayers: 10, question: null, selectedOptionId: null, lastPoints: null, score: 100, rank: 1,
      leaderboard: [{ pseudonym: 'DRY-OWL', score: 100, rank: 1 }],
    };
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'state', view }));
    expect(h.kept).toEqual([]);
    await h.advance(500);
    const ended = { ...view, phase: 'ended' };
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'state', view: ended }));
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'state', view: ended }));
    expect(h.kept).toEqual([{ view: ended, at: 500 }]);
  });

  it('"removed" keeps the seat on this phone, so coming back is refused (REMOVED), not a fresh seat', async () => {
    const h = setup(['ok', 'ok'], { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 });
    await h.rt.start('1234');
    h.links[0]!.events.onFrame(JSON.stringify({ type: 'removed' }));
    await h.flush();
    expect(h.rt.status.value).toBe('failed');
    expect(h.rt.error.value).toBe('REMOVED');
    expect(h.store.get('1234')?.token).toBe(TOKEN);
    await h.advance(10_000);
    expect(h.attempts).toHaveLength(1);
    // Typing the code again sends the same seat, which the host refuses for good.
    await h.rt.start('1234');
    expect(h.sent.at(-1)).toEqual({ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN });
    h.links[1]!.events.onFrame(JSON.stringify({ type: 'error', code: 'REMOVED' }));
    await h.flush();
    expect(h.rt.error.value).toBe('REMOVED');
    await h.advance(10_000);
    expect(h.attempts).toHaveLength(2);
  });
});

describe('PlayRuntime with a seat link (#seat=)', () => {
  const LINK = 'f'.repeat(32);
  const mine: Credential = { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 };

  it('asks before replacing a different seat already on this phone, and connects only once answered', async () => {
    const h = setup(['ok']);
    h.store.set('1234', mine);
    await h.rt.start('1234', LINK);
    expect(h.rt.status.value).toBe('choosing');
    expect(h.rt.seatChoice.value).toEqual({ current: 'DRY-OWL', token: LINK });
    expect(h.attempts).toEqual([]);
    expect(h.store.get('1234')?.token).toBe(TOKEN);
    await h.rt.chooseSeat(false);
    expect(h.sent).toEqual([{ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN }]);
    expect(h.store.get('1234')?.token).toBe(TOKEN);
  });

  it('takes the link\'s seat when the person chooses it', async () => {
    const h = setup(['ok']);
    h.store.set('1234', mine);
    await h.rt.start('1234', LINK);
    await h.rt.chooseSeat(true);
    expect(h.rt.seatChoice.value).toBeNull();
    expect(h.sent).toEqual([{ type: 'rejoin', v: PROTOCOL_VERSION, token: LINK }]);
    expect(h.store.get('1234')?.token).toBe(LINK);
  });

  it('takes the seat without asking when this phone has none, or the same one', async () => {
    const fresh = setup(['ok']);
    await fresh.rt.start('1234', LINK);
    expect(fresh.sent).toEqual([{ type: 'rejoin', v: PROTOCOL_VERSION, token: LINK }]);
    const same = setup(['ok'], { ...mine, token: LINK });
    await same.rt.start('1234', LINK);
    expect(same.rt.status.value).not.toBe('choosing');
    expect(same.sent).toEqual([{ type: 'rejoin', v: PROTOCOL_VERSION, token: LINK }]);
  });
});

describe('PlayRuntime: what this browser can do', () => {
  it('no WebRTC: BROWSER_UNSUPPORTED before any connection, and never a retry', async () => {
    const h = setup(['ok'], { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 }, { missing: ['webrtc'] });
    await h.rt.start('1234');
    expect(h.rt.status.value).toBe('failed');
    expect(h.rt.error.value).toBe('BROWSER_UNSUPPORTED');
    expect(h.rt.missing.value).toEqual(['webrtc']);
    await h.advance(60_000);
    expect(h.attempts).toEqual([]);
  });

  it("PeerJS's browser-incompatible is final even for someone with a seat", async () => {
    const h = setup(['BROWSER_UNSUPPORTED', 'ok'], { code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 });
    await h.rt.start('1234');
    expect(h.rt.status.value).toBe('failed');
    expect(h.rt.error.value).toBe('BROWSER_UNSUPPORTED');
    expect(h.rt.missing.value).toEqual(['webrtc']);
    await h.advance(60_000);
    expect(h.attempts).toHaveLength(1);
  });

  it('maps each PeerJS error type to its own code', () => {
    expect(linkErrorCode('browser-incompatible')).toBe('BROWSER_UNSUPPORTED');
    expect(linkErrorCode('invalid-id')).toBe('PROTOCOL_MISMATCH');
    expect(linkErrorCode('invalid-key')).toBe('PROTOCOL_MISMATCH');
    expect(linkErrorCode('peer-unavailable')).toBe('SESSION_NOT_FOUND');
    expect(linkErrorCode('webrtc')).toBe('HOST_UNREACHABLE');
    for (const t of ['network', 'server-error', 'socket-error', 'socket-closed', 'disconnected', 'ssl-unavailable', 'unavailable-id'])
      expect(linkErrorCode(t)).toBe('SIGNALING_UNREACHABLE');
  });
});

describe('PlayRuntime: one seat, two tabs of one browser', () => {
  const seat = (): Credential => ({ code: '1234', pseudonym: 'DRY-OWL', token: TOKEN, savedAt: 0 });
  /** Two tabs sharing one browser's locks and credential store. */
  function twoTabs() {
    const locks = new FakeBrowserLocks();
    const store = new Map<string, Credential>();
    const a = setup(Array(4).fill('ok'), seat(), { locks, store });
    const b = setup(Array(4).fill('ok'), undefined, { locks, store });
    return { a, b };
  }

  it('the newer tab takes the seat; the older one stops at once, waits, and rejoins by itself when the newer one closes', async () => {
    const { a, b } = twoTabs();
    await a.rt.start('1234');
    expect(a.sent).toEqual([{ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN }]);
    await b.rt.start('1234');
    expect(b.sent).toEqual([{ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN }]);
    expect(a.rt.status.value).toBe('moved');
    expect(a.rt.movedTo.value).toBe('tab');
    expect(a.links[0]!.closed).toBe(true);
    await a.advance(30_000);
    expect(a.attempts).toHaveLength(1);

    b.rt.stop(); // the tab closes
    await a.flush();
    expect(a.attempts).toHaveLength(2);
    expect(a.sent.at(-1)).toEqual({ type: 'rejoin', v: PROTOCOL_VERSION, token: TOKEN });
    expect(a.rt.status.value).toBe('reconnecting');
  });

  it('a tab hiding for good (pagehide, freeze) hands the seat over, and takes it back when shown again', async () => {
    const { a, b } = twoTabs();
    await a.rt.start('1234');
    await b.rt.start('1234');
    b.rt.suspend();
    await a.flush();
    expect(a.attempts).toHaveLength(2);
    expect(b.links[0]!.closed).toBe(true);
    b.rt.resume();
    await b.flush();
    expect(b.attempts).toHaveLength(2);
    expect(a.rt.status.value).toBe('moved');
  });

  it('"Play here" in the waiting tab takes the seat back; the other tab then waits', async () => {
    const { a, b } = twoTabs();
    await a.rt.start('1234');
    await b.rt.start('1234');
    await a.rt.playHere();
    expect(a.attempts).toHaveLength(2);
    expect(b.rt.status.value).toBe('moved');
    expect(b.rt.movedTo.value).toBe('tab');
    expect(b.links[0]!.closed).toBe(true);
  });

  it('when the seat goes to another device, no tab of this browser pulls it back by itself', async () => {
    const { a, b } = twoTabs();
    await a.rt.start('1234');
    await b.rt.start('1234');
    b.links[0]!.events.onFrame(JSON.stringify({ type: 'moved' }));
    expect(b.rt.movedTo.value).toBe('device');
    expect(a.rt.movedTo.value).toBe('device');
    b.rt.stop();
    await a.advance(30_000);
    expect(a.attempts).toHaveLength(1);
    expect(a.rt.status.value).toBe('moved');
  });
});
