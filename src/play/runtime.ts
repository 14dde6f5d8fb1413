/**
 * The participant runtime (DESIGN §1, §4): no authority. It keeps a link to the host alive, sends intents
 * (join, rejoin, answer, leave) and renders the last snapshot the host sent. Reconnects by itself with
 * backoff (0.5 s doubling to 5 s) and at once on `online` / `visibilitychange`.
 */
import { computed, signal } from '@preact/signals';
import type { ParticipantView } from '../engine';
import { backoffDelay } from '../net/backoff';
import { connectToHost, LinkError, type Connector, type Link } from '../net/participant-link';
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

/** Where the participant is, outside the game phases themselves. */
export type LinkStatus =
  | 'idle' // showing the join form
  | 'joining' // first connection attempt
  | 'reconnecting' // had a seat (or is retrying); calm screen, retries by itself
  | 'connected'
  | 'failed' // a final error: shown with `error`
  | 'moved'; // this seat continued on another tab or device

/** Errors that stop retrying (the person must act). Others are retried. */
const FINAL_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'SESSION_NOT_FOUND',
  'GAME_STARTED',
  'SESSION_FULL',
  'INVALID_REJOIN',
  'PROTOCOL_MISMATCH',
]);

/** Dependencies, faked in unit tests. `now` is this device's ms clock. */
export interface PlayDeps {
  connect: Connector;
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  loadCredential: (code: string) => Promise<Credential | undefined>;
  saveCredential: (c: Credential) => Promise<void>;
  forgetCredential: (code: string) => Promise<void>;
}

const browserDeps: PlayDeps = {
  connect: connectToHost,
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  loadCredential,
  saveCredential,
  forgetCredential,
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

  constructor(private readonly deps: PlayDeps = browserDeps) {}

  /**
   * Joins session `code`, or rejoins it with the saved credential. `seatToken` (32 hex digits, from a
   * "continue on another device" link) takes over that seat instead: it is saved as this device's credential.
   */
  async start(code: string, seatToken?: string): Promise<void> {
    this.stop();
    this.code = code;
    this.stopped = false;
    this.attempt = 0;
    this.error.value = null;
    this.appOutdated.value = false;
    this.view.value = null;
    if (seatToken) {
      const moved = { code, pseudonym: '', token: seatToken, savedAt: this.deps.now() };
      await this.deps.saveCredential(moved).catch(() => undefined);
      this.credential = moved;
    } else {
      this.credential = await this.deps.loadCredential(code);
    }
    this.status.value = this.credential ? 'reconnecting' : 'joining';
    await this.tryConnect();
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

  /** Stops all activity (page leaving, or starting over). */
  stop(): void {
    this.stopped = true;
    this.deps.clearTimeout(this.retryTimer);
    this.deps.clearTimeout(this.beatTimer);
    const link = this.link;
    this.link = null;
    link?.close();
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
        { rejoin: this.credential !== undefined },
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
      // Someone with a seat keeps waiting calmly (the host may be reloading); a newcomer sees why.
      // A wrong code is final on the first try; after an outage the host may just be re-registering.
      if (!this.credential && FINAL_ERRORS.has(e.code) && this.attempt === 0) return this.fail(e.code);
      this.error.value = e.code;
      this.scheduleRetry();
    }
  }

  /**
   * Pings the host every HEARTBEAT_INTERVAL_MS and drops the link when the host has been silent for
   * HEARTBEAT_TIMEOUT_MS: a host tab that was closed or crashed never fires `close` (FIELD-NOTES).
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
    if (this.view.value?.phase === 'ended') return this.stop();
    // An open channel that closed or went silent: the host is away (reload, crash, its Wi-Fi). Say so now rather
    // than after the next attempt times out (docs/venue-network.md, scenario f).
    this.error.value = 'HOST_UNREACHABLE';
    this.scheduleRetry();
  }

  private fail(code: ErrorCode): void {
    this.error.value = code;
    this.status.value = 'failed';
    this.stop();
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
        this.status.value = 'moved';
        this.stop();
        return;
      case 'pong':
        return;
      case 'removed':
        void this.deps.forgetCredential(this.code);
        this.credential = undefined;
        this.view.value = null;
        return this.fail('INVALID_REJOIN');
    }
  }
}
