/**
 * The participant runtime (docs/architecture.md): no authority. It keeps a link to the host alive, sends intents
 * (join, rejoin, answer, leave) and renders the last snapshot the host sent. Reconnects by itself with
 * backoff (0.5 s doubling to 5 s) and at once on `online` / `visibilitychange`.
 */
import { computed, signal } from '@preact/signals';
import type { ParticipantView } from '../engine';
import { realTimers, type Timers } from '../lib/timers';
import { backoffDelay } from '../net/backoff';
import { LinkError, pageLink, type Connector, type Link } from '../net/participant-link';
import {
  decodeHostMessage,
  encode,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TIMEOUT_MS,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ErrorCode,
} from '../protocol/messages';
import { forgetCredential, loadCredential, saveCredential, type Credential } from '../store/credentials';
import { missingCapabilities, type Capability } from '../ui/capabilities';
import { keepResult } from './my-results';
import { createSeatLock, type SeatLock, type SeatLockEvents } from './seat-lock';

/** Where the participant is, outside the game phases themselves. */
export type LinkStatus =
  | 'idle' // showing the join form
  | 'joining' // first connection attempt
  | 'reconnecting' // had a seat (or is retrying); calm screen, retries by itself
  | 'connected'
  | 'failed' // a final error: shown with `error`
  | 'moved' // this seat plays in another tab of this browser (`movedTo` 'tab') or on another device ('device')
  | 'choosing'; // a seat link would replace another seat already on this phone: `seatChoice` asks first

/** Where a seat that left this tab went. */
export type MovedTo = 'tab' | 'device';

/** Errors that stop retrying (the person must act). Others are retried. */
const FINAL_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'SESSION_NOT_FOUND',
  'GAME_STARTED',
  'SESSION_FULL',
  'SESSION_LOCKED',
  'INVALID_REJOIN',
  'PROTOCOL_MISMATCH',
  'BROWSER_UNSUPPORTED',
  'REMOVED',
]);
/** Link errors that no retry can fix, even for someone with a seat: this browser or this app build must change. */
const HOPELESS: ReadonlySet<ErrorCode> = new Set(['BROWSER_UNSUPPORTED', 'PROTOCOL_MISMATCH']);

/** Dependencies, faked in unit tests. `now` is this device's ms clock; every timer goes through the `Timers`. */
export interface PlayDeps extends Timers {
  connect: Connector;
  now: () => number;
  loadCredential: (code: string) => Promise<Credential | undefined>;
  saveCredential: (c: Credential) => Promise<void>;
  forgetCredential: (code: string) => Promise<void>;
  /** What this browser lacks to play (checked before any network traffic); empty when it can. */
  checkBrowser: () => Promise<Capability[]>;
  /** This tab's hold on the seat of `code` among the tabs of this browser. */
  seatLock: (code: string, events: SeatLockEvents) => SeatLock;
  /** Closes the signaling peer `connect` keeps between attempts (ParticipantLink.release), when play stops. */
  releaseSignaling?: () => void;
  /** Keeps this phone's final result on the device (src/play/my-results.ts), once the tasting has ended. */
  keepResult?: (view: ParticipantView, now: number) => void;
}

const browserDeps: PlayDeps = {
  connect: pageLink.connect,
  releaseSignaling: pageLink.release,
  ...realTimers,
  now: () => Date.now(),
  loadCredential,
  saveCredential,
  forgetCredential,
  checkBrowser: missingCapabilities,
  keepResult,
  seatLock: createSeatLock,
};

/** One participant's connection to one session. */
export class PlayRuntime {
  readonly status = signal<LinkStatus>('idle');
  readonly error = signal<ErrorCode | null>(null);
  readonly view = signal<ParticipantView | null>(null);
  /** This device's clock when `view` arrived, to count down `question.remainingMs` locally. */
  readonly viewAt = signal(0);
  /**
   * After PROTOCOL_MISMATCH: true when the host runs a newer protocol, so updating this page fixes it; false when
   * the host's app is the older one (only the host can fix that).
   */
  readonly appOutdated = signal(false);
  /** Option tapped but not yet confirmed by the host. */
  readonly pending = signal<string | null>(null);
  /** The option shown as selected: a pending tap wins over the last confirmed one. */
  readonly selected = computed(() => this.pending.value ?? this.view.value?.selectedOptionId ?? null);
  /**
   * True while this seat is in a game (a question to the last leaderboard) and this tab plays it, connected or
   * getting back in: what holds app updates back on a phone (src/ui/sw.ts).
   */
  readonly inGame = computed(() => {
    const phase = this.view.value?.phase;
    const s = this.status.value;
    return (s === 'connected' || s === 'reconnecting') && phase !== undefined && phase !== 'waiting' && phase !== 'ended';
  });
  /** With status 'moved': where the seat went. */
  readonly movedTo = signal<MovedTo | null>(null);
  /** With error BROWSER_UNSUPPORTED: what this browser lacks (from the up-front check, or PeerJS's own). */
  readonly missing = signal<Capability[]>([]);
  /**
   * Set while status is `choosing`: a seat link (`#seat=`) was opened on a phone that already holds another seat
   * in that session; `current` is that seat's pseudonym ('' if it never got one), `token` the link's seat. Answer
   * with `chooseSeat`.
   */
  readonly seatChoice = signal<{ current: string; token: string } | null>(null);

  private code = '';
  private credential: Credential | undefined;
  private link: Link | null = null;
  private attempt = 0;
  private retryTimer: unknown;
  private stopped = true;
  private connecting = false;
  /** This device's ms time of the last frame from the host, for the heartbeat. */
  private lastFrameAt = 0;
  private beatTimer: unknown;
  private lock: SeatLock | null = null;
  /** Bumped by start/stop: an older start() that resumes after an await sees it is stale. */
  private run = 0;
  /** What to do when the page comes back after `suspend()`. */
  private suspended: 'play' | 'wait' | null = null;

  constructor(private readonly deps: PlayDeps = browserDeps) {}

  /**
   * Joins session `code`, or rejoins it with the saved credential. `seatToken` (32 hex digits, from a
   * "continue on another device" link) takes over that seat instead: it is saved as this device's credential.
   * A browser that cannot play fails at once with BROWSER_UNSUPPORTED (`missing` says why), before any network use.
   * This tab takes the seat from any other tab of this browser; that tab waits to take it back.
   */
  async start(code: string, seatToken?: string): Promise<void> {
    this.stop();
    const run = ++this.run;
    this.code = code;
    this.error.value = null;
    this.view.value = null;
    this.movedTo.value = null;
    this.missing.value = [];
    this.seatChoice.value = null;
    this.status.value = 'joining';
    const missing = await this.deps.checkBrowser();
    if (run !== this.run) return;
    if (missing.length > 0) {
      this.missing.value = missing;
      return this.fail('BROWSER_UNSUPPORTED');
    }
    if (seatToken) {
      const mine = await this.deps.loadCredential(code);
      if (run !== this.run) return;
      if (mine && mine.token !== seatToken) {
        // Never swap a seat silently (a link someone sent could take this phone out of its own seat): ask first.
        this.seatChoice.value = { current: mine.pseudonym, token: seatToken };
        this.status.value = 'choosing';
        return;
      }
    }
    await this.enter(run, seatToken);
  }

  /**
   * Answers `seatChoice`: `true` takes the link's seat (this phone's other seat is forgotten here, not freed at the
   * host), `false` keeps the seat this phone already had.
   */
  async chooseSeat(useLink: boolean): Promise<void> {
    const choice = this.seatChoice.value;
    if (!choice) return;
    this.seatChoice.value = null;
    await this.enter(this.run, useLink ? choice.token : undefined);
  }

  /** Holds this session's seat lock and plays, with the seat of a link (`seatToken`) or the one saved here. */
  private async enter(run: number, seatToken?: string): Promise<void> {
    this.lock = this.deps.seatLock(this.code, {
      onTaken: () => this.onTaken(),
      onGranted: () => void this.takeSeat(false),
      onAway: () => (this.movedTo.value = 'device'),
    });
    this.credential = undefined;
    if (seatToken) {
      this.credential = { code: this.code, pseudonym: '', token: seatToken, savedAt: this.deps.now() };
      await this.deps.saveCredential(this.credential).catch(() => undefined);
      if (run !== this.run) return;
    }
    await this.takeSeat(true);
  }

  /** "Play here": takes the seat back into this tab, from another tab or another device. */
  playHere(): Promise<void> {
    if (!this.lock || this.status.value !== 'moved') return Promise.resolve();
    return this.takeSeat(true);
  }

  /**
   * The page is hiding for good (pagehide, freeze): let go of the link and the seat, so another open tab of this
   * browser can play. `resume()` undoes it when the page comes back.
   */
  suspend(): void {
    if (!this.lock || this.suspended) return;
    const s = this.status.value;
    if (s === 'moved' && this.movedTo.value === 'tab') this.suspended = 'wait';
    else if (s === 'joining' || s === 'reconnecting' || s === 'connected') this.suspended = 'play';
    else return;
    this.halt();
    this.lock.release();
  }

  /** The page is back after `suspend()` (pageshow from the back-forward cache, resume after freeze). */
  resume(): void {
    const was = this.suspended;
    this.suspended = null;
    if (was === 'play') void this.takeSeat(true);
    else if (was === 'wait') this.lock?.wait();
  }

  /** Holds the seat in this browser (taking it from another tab if `steal`) and (re)connects with the credential. */
  private async takeSeat(steal: boolean): Promise<void> {
    const run = this.run;
    this.halt();
    this.suspended = null;
    if (steal) this.lock?.take();
    this.stopped = false;
    this.attempt = 0;
    this.error.value = null;
    this.appOutdated.value = false;
    this.movedTo.value = null;
    // The saved seat, else the one this tab knows (storage may have refused to save it).
    const credential = (await this.deps.loadCredential(this.code)) ?? this.credential;
    if (run !== this.run || this.stopped) return;
    this.credential = credential;
    this.status.value = credential ? 'reconnecting' : 'joining';
    await this.tryConnect();
  }

  /** Another tab of this browser took the seat: stop at once and wait to take it back. */
  private onTaken(): void {
    const s = this.status.value;
    if (s !== 'joining' && s !== 'reconnecting' && s !== 'connected' && s !== 'moved') return;
    this.halt();
    this.status.value = 'moved';
    this.movedTo.value = 'tab';
    this.lock?.wait();
  }

  /** The secret part of a "continue on another device" link (`#seat=<token>`), once seated; else null. */
  seatToken(): string | null {
    return this.status.value === 'connected' ? (this.credential?.token ?? null) : null;
  }

  /** Retries now if waiting to reconnect (call on `online`, `visibilitychange` to visible, `focus`). */
  wake(): void {
    if (this.stopped || this.link || this.connecting) return;
    this.deps.clearTimeout(this.retryTimer);
    this.attempt = 0;
    void this.tryConnect();
  }

  /** Selects (or changes) an answer for the current question. */
  answer(optionId: string): void {
    const q = this.view.value?.question;
    if (!q || !this.link) return;
    const phase = this.view.value!.phase;
    if (phase !== 'question_open' && phase !== 'question_paused') return;
    this.pending.value = optionId;
    this.send({ type: 'answer', questionId: q.id, optionId });
  }

  /** Leaves for good: tells the host, forgets the seat on this device. */
  async leave(): Promise<void> {
    this.send({ type: 'leave' });
    await this.deps.forgetCredential(this.code);
    this.stop();
    this.status.value = 'idle';
  }

  /** Stops all activity and lets go of the seat lock (page leaving, or starting over). */
  stop(): void {
    this.run++;
    this.suspended = null;
    this.halt();
    this.lock?.close();
    this.lock = null;
  }

  /** Stops the link, retries and heartbeat; the seat lock stays as it is. */
  private halt(): void {
    this.stopped = true;
    this.deps.clearTimeout(this.retryTimer);
    this.deps.clearTimeout(this.beatTimer);
    const link = this.link;
    this.link = null;
    link?.close();
    this.deps.releaseSignaling?.();
  }

  private send(msg: ClientMessage): void {
    this.link?.send(encode(msg));
  }

  private async tryConnect(): Promise<void> {
    if (this.stopped || this.connecting) return;
    this.connecting = true;
    try {
      const link = await this.deps.connect(
        this.code,
        { onFrame: (f) => this.onFrame(link, f), onClose: () => this.onClose(link) },
        { seat: this.credential?.token },
      );
      this.connecting = false;
      if (this.stopped) return link.close();
      this.link = link;
      this.attempt = 0;
      this.lastFrameAt = this.deps.now();
      this.heartbeat(link);
      this.send(
        this.credential
          ? { type: 'rejoin', v: PROTOCOL_VERSION, token: this.credential.token }
          : { type: 'join', v: PROTOCOL_VERSION },
      );
    } catch (e) {
      this.connecting = false;
      if (!(e instanceof LinkError)) throw e;
      if (this.stopped) return;
      if (HOPELESS.has(e.code)) {
        // PROTOCOL_MISMATCH: the signaling Worker refused what this build sends, so it runs a newer version than
        // this page. BROWSER_UNSUPPORTED: PeerJS found no usable WebRTC.
        this.appOutdated.value = e.code === 'PROTOCOL_MISMATCH';
        if (e.code === 'BROWSER_UNSUPPORTED') this.missing.value = ['webrtc'];
        return this.fail(e.code);
      }
      // Someone with a seat keeps waiting calmly (the host may be reloading); a newcomer sees why.
      // A wrong code is final on the first try; after an outage the host may just be re-registering.
      if (!this.credential && FINAL_ERRORS.has(e.code) && this.attempt === 0) return this.fail(e.code);
      this.error.value = e.code;
      this.scheduleRetry();
    }
  }

  /**
   * Pings the host every HEARTBEAT_INTERVAL_MS and drops the link when the host has been silent for
   * HEARTBEAT_TIMEOUT_MS: a host tab that was closed or crashed never fires `close` (docs/architecture.md#peerjs-and-browser-facts).
   */
  private heartbeat(link: Link): void {
    this.deps.clearTimeout(this.beatTimer);
    this.beatTimer = this.deps.setTimeout(() => {
      if (this.link !== link) return;
      if (this.deps.now() - this.lastFrameAt > HEARTBEAT_TIMEOUT_MS) return link.close();
      this.send({ type: 'ping' });
      this.heartbeat(link);
    }, HEARTBEAT_INTERVAL_MS);
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    if (this.credential || this.view.value) this.status.value = 'reconnecting';
    const delay = backoffDelay(this.attempt++);
    this.retryTimer = this.deps.setTimeout(() => void this.tryConnect(), delay);
  }

  private onClose(link: Link): void {
    if (this.link !== link) return;
    this.link = null;
    this.pending.value = null;
    // The tasting is over: the final leaderboard stays on screen; there is nothing to reconnect to.
    if (this.view.value?.phase === 'ended') return this.halt();
    // An open channel that closed or went silent: the host is away (reload, crash, its Wi-Fi). Say so now rather
    // than after the next attempt times out (docs/venue-network.md, scenario f).
    this.error.value = 'HOST_UNREACHABLE';
    this.scheduleRetry();
  }

  private fail(code: ErrorCode): void {
    this.error.value = code;
    this.status.value = 'failed';
    this.halt();
    this.lock?.release();
  }

  private onFrame(link: Link, frame: unknown): void {
    if (this.link !== link) return;
    this.lastFrameAt = this.deps.now();
    const decoded = decodeHostMessage(frame);
    if (!decoded.ok) return;
    const msg = decoded.message;
    switch (msg.type) {
      case 'welcome':
        this.credential = { code: this.code, pseudonym: msg.pseudonym, token: msg.token, savedAt: this.deps.now() };
        void this.deps.saveCredential(this.credential).catch(() => {
          // Without storage the seat still works until this tab closes.
        });
        return;
      case 'state':
        if (msg.view.phase === 'ended' && this.view.value?.phase !== 'ended') this.deps.keepResult?.(msg.view, this.deps.now());
        this.view.value = msg.view;
        this.viewAt.value = this.deps.now();
        this.pending.value = null;
        this.error.value = null;
        this.status.value = 'connected';
        return;
      case 'error':
        // Hosts of version 1 sent no version: any host that does not say is that old.
        if (msg.code === 'PROTOCOL_MISMATCH') this.appOutdated.value = (msg.v ?? 1) > PROTOCOL_VERSION;
        if (msg.code === 'INVALID_REJOIN') {
          void this.deps.forgetCredential(this.code);
          this.credential = undefined;
        }
        return this.fail(msg.code);
      case 'moved':
        // Another device (or a tab of this browser without tab coordination) took the seat: offer it back,
        // and tell this browser's other tabs not to pull it back by themselves.
        this.halt();
        this.status.value = 'moved';
        this.movedTo.value = 'device';
        this.lock?.away();
        return;
      case 'pong':
        return;
      case 'removed':
        // The seat stays on this phone on purpose: coming back with it gets REMOVED, not a fresh seat.
        this.view.value = null;
        return this.fail('REMOVED');
    }
  }
}
