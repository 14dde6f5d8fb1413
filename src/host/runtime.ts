/**
 * The host runtime (docs/architecture.md): wires the pure engine to the transport, IndexedDB and the clock.
 * Every command goes through one queue: apply -> persist -> send effects -> schedule the next wake-up,
 * so nothing is acknowledged before it is saved and messages leave in state order.
 *
 * Time is judged at receipt (docs/security.md): each inbound frame and each host press is stamped when it arrives,
 * and the engine applies it at that stamp, however long it waited in the queue. Answers are coalesced: all answers
 * that arrive while the queue is busy form one batch, applied and saved once (the last pick of each participant
 * counts). Each channel may send FRAME_BURST frames at once and FRAME_RATE_PER_S after that; a channel that floods
 * is closed, so one misbehaving phone never delays the others.
 */
import { signal, type Signal } from '@preact/signals';
import { apply, participantViews, wakeAt, type Command, type Effect, type HostCommand, type SessionState } from '../engine';
import { realTimers, type Timers } from '../lib/timers';
import { backoffDelay } from '../net/backoff';
import { ClaimError, connectHostPeer, type HostConnector, type HostLink, type HostTransportEvents } from '../net/host-peer';
import { randomToken } from '../net/signaling';
import {
  decodeClientMessage,
  encode,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TIMEOUT_MS,
  hostError,
  PROTOCOL_VERSION,
  type ClientMessage,
  type HostMessage,
} from '../protocol/messages';
import { saveSession, type HostRecord } from '../store/sessions';
import { secureRandom } from './random';

/**
 * Frames one channel may send at once, then per second (a token bucket). An honest phone sends a ping every
 * HEARTBEAT_INTERVAL_MS and one answer per tap; 40 covers a join, a burst of nervous taps and pings with room to
 * spare. A channel that goes over is closed (its player can rejoin at once on a new channel).
 */
export const FRAME_BURST = 40;
export const FRAME_RATE_PER_S = 10;
/**
 * A channel must ask to join (or rejoin) within this long of opening, in ms (the phone asks at once); one that only
 * pings would otherwise hold an open channel forever. Checked by `sweep`, so it closes 5–7 s after opening.
 */
export const JOIN_TIMEOUT_MS = 5000;
/**
 * Open channels that have not joined yet, at most; the oldest is closed to make room for a newcomer. As many as the
 * largest session (MAX_PARTICIPANTS_LIMIT, src/engine/session.ts): in a rejoin storm after a host reload, a loaded
 * host may see every channel open before it reads the first join, and none of them may be taken for junk.
 */
export const MAX_UNJOINED_CHANNELS = 100;

/** Signaling link as the host screen shows it. */
export type SignalingStatus = 'connecting' | 'online' | 'offline';

/**
 * How a claim of the session's code ended: `online` (claimed, serving phones), `taken` (another device holds the
 * code), `unsupported` (this browser has no WebRTC: final), `offline` (the Worker is unreachable and the caller did
 * not ask to keep trying), `stopped` (disposed).
 */
export type ClaimOutcome = 'online' | 'taken' | 'unsupported' | 'offline' | 'stopped';

/**
 * Dependencies a runtime needs; tests pass fakes. `now` returns host ms since epoch; `connect` claims the code and
 * gives the transport (PeerJS in the browser); every timer goes through `setTimeout`/`clearTimeout`.
 */
export interface HostDeps extends Timers {
  now: () => number;
  random: () => number;
  save: (record: HostRecord) => Promise<void>;
  newToken: () => string;
  connect: HostConnector;
}

const browserDeps: HostDeps = {
  ...realTimers,
  now: () => Date.now(),
  random: secureRandom,
  save: saveSession,
  newToken: randomToken,
  connect: connectHostPeer,
};

/**
 * Counters of what the host dropped, for the diagnostics line: `malformed` frames (not JSON, too big, wrong shape),
 * `ignored` commands (not allowed now), channels closed for `flooding` or for not joining in time (`unjoined`),
 * `signaling` frames and negotiations the transport refused (non-raw offers, strays, evictions; see HostPeer).
 */
export interface DropCounters {
  malformed: number;
  ignored: number;
  flooding: number;
  unjoined: number;
  signaling: number;
}

/** One participant's latest answer waiting in the current batch; `at` is its receipt stamp (host ms). */
interface PendingAnswer {
  questionId: string;
  optionId: string;
  at: number;
}

/** A channel's frame allowance: `tokens` left at host time `at` (ms). */
interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Every runtime of this page that runs its session (created and not disposed): what "a game is running" is made of,
 * whatever screen shows (docs/robustness.md, "Updates during a game").
 */
export const liveRuntimes = signal<ReadonlySet<HostRuntime>>(new Set());

/** Runs one session on this device. Create with `new`, then `claim()` its code to serve phones. */
export class HostRuntime implements HostTransportEvents {
  readonly state: Signal<SessionState>;
  readonly signaling = signal<SignalingStatus>('connecting');
  /** The error when IndexedDB refused a write (worded by src/host/problem.ts): the game goes on but the host must know it is not saved. */
  readonly storageError = signal<unknown>(null);
  readonly drops = signal<DropCounters>({ malformed: 0, ignored: 0, flooding: 0, unjoined: 0, signaling: 0 });
  /** Joins refused because the lobby was full (shown in the lobby, so a host sees when bots crowd guests out). */
  readonly turnedAway = signal(0);

  private link: HostLink | null = null;
  /** connectionId -> participantId once accepted (null while joining). */
  private readonly connections = new Map<string, string | null>();
  /** connectionId -> host ms of its last frame, for the heartbeat sweep. */
  private readonly lastSeen = new Map<string, number>();
  /** Open channels not seated yet -> host ms they opened (oldest first), for JOIN_TIMEOUT_MS. */
  private readonly unjoined = new Map<string, number>();
  private sweepTimer: unknown;
  /** Channels whose join or rejoin is being applied: one seat per channel, however fast it repeats itself. */
  private readonly joining = new Set<string>();
  /** participantId -> its current connectionId (newest wins). */
  private readonly seats = new Map<string, string>();
  /** connectionId -> its frame allowance (FRAME_BURST, FRAME_RATE_PER_S). */
  private readonly buckets = new Map<string, Bucket>();
  /** Answers received since the last batch was queued: participantId -> latest pick (insertion order = receipt). */
  private answerBatch: Map<string, PendingAnswer> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private wakeTimer: unknown;
  /** The claim in progress (one at a time), and the wait before its next try, which `retrySignaling` cuts short. */
  private claiming: Promise<ClaimOutcome> | null = null;
  private retryWait: { timer: unknown; done: () => void } | null = null;
  private disposed = false;
  /** Set when another tab of this browser took this session over (docs/game-rules.md#nothing-lost: one authority per session). */
  readonly movedAway = signal(false);

  constructor(
    private record: HostRecord,
    private readonly deps: HostDeps = browserDeps,
  ) {
    this.state = signal(record.state);
    liveRuntimes.value = new Set(liveRuntimes.value).add(this);
    // The clock runs from the start, network or not: a deadline that passed while the page was away reveals now.
    this.scheduleWake();
  }

  get code(): string {
    return this.record.state.code;
  }

  /** The PeerJS token that holds `sa-<code>-host`. */
  get peerToken(): string {
    return this.record.peerToken;
  }

  /** True once the code is claimed (the session is reachable by participants). */
  get connected(): boolean {
    return this.link !== null;
  }

  /**
   * Closes every channel silent for HEARTBEAT_TIMEOUT_MS and marks its participant offline: a closed tab or a
   * phone gone off the network may never fire `close` (docs/architecture.md#peerjs-and-browser-facts). Runs every HEARTBEAT_INTERVAL_MS.
   */
  sweep(): void {
    const now = this.deps.now();
    for (const [conn, seen] of this.lastSeen) {
      if (now - seen <= HEARTBEAT_TIMEOUT_MS) continue;
      this.link?.close(conn);
      this.onDisconnect(conn);
    }
    for (const [conn, since] of this.unjoined) {
      if (now - since <= JOIN_TIMEOUT_MS || this.joining.has(conn)) continue;
      this.dropUnjoined(conn);
    }
  }

  /** Closes a channel that never took a seat. */
  private dropUnjoined(connectionId: string): void {
    this.count('unjoined');
    this.link?.close(connectionId);
    this.forget(connectionId);
  }

  /**
   * Claims `sa-<code>-host` on the signaling Worker through `deps.connect` and starts serving participants. While the
   * Worker is unreachable it shows `offline` and, with `keepTrying`, tries again with backoff (0.5 s doubling to
   * 5 s) until it is claimed, taken or the runtime is disposed; the game itself needs no server meanwhile.
   * A second call while one runs returns the same claim. Never throws for a network failure.
   */
  claim(keepTrying: boolean): Promise<ClaimOutcome> {
    if (this.link) return Promise.resolve('online');
    this.claiming ??= this.claimLoop(keepTrying).finally(() => (this.claiming = null));
    return this.claiming;
  }

  private async claimLoop(keepTrying: boolean): Promise<ClaimOutcome> {
    for (let attempt = 0; ; attempt++) {
      if (this.disposed) return 'stopped';
      let link: HostLink;
      try {
        link = await this.deps.connect(this.code, this.record.peerToken, this);
      } catch (e) {
        if (!(e instanceof ClaimError)) throw e;
        if (this.disposed) return 'stopped';
        if (e.code === 'ID_TAKEN') return 'taken';
        if (e.code === 'BROWSER_UNSUPPORTED') return 'unsupported';
        this.signaling.value = 'offline';
        if (!keepTrying) return 'offline';
        await this.waitToRetry(backoffDelay(attempt));
        continue;
      }
      if (this.disposed) {
        link.destroy();
        return 'stopped';
      }
      this.link = link;
      this.signaling.value = 'online';
      this.pushSeated();
      this.startSweep();
      this.scheduleWake();
      return 'online';
    }
  }

  /** Resolves after `ms`, or at once on `retrySignaling` or `dispose`. */
  private waitToRetry(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.deps.clearTimeout(this.retryWait?.timer);
        this.retryWait = null;
        resolve();
      };
      this.retryWait = { timer: this.deps.setTimeout(done, ms), done };
    });
  }

  private startSweep(): void {
    this.deps.clearTimeout(this.sweepTimer);
    this.sweepTimer = this.deps.setTimeout(() => {
      this.sweep();
      this.startSweep();
    }, HEARTBEAT_INTERVAL_MS);
  }

  /** Retries the signaling link at once (online / visibility events): a waiting claim, or a lost registration. */
  retrySignaling(): void {
    this.retryWait?.done();
    this.link?.retryNow();
  }

  /** Stops serving for good: frees the peer id, stops the clock, never writes again. Call on pagehide. */
  dispose(): void {
    this.disposed = true;
    const live = new Set(liveRuntimes.value);
    if (live.delete(this)) liveRuntimes.value = live;
    this.deps.clearTimeout(this.wakeTimer);
    this.deps.clearTimeout(this.sweepTimer);
    this.retryWait?.done();
    this.link?.destroy();
    this.link = null;
  }

  /** A host button press, judged at the moment of the press. Resolves once the change is saved and sent. */
  host(command: HostCommand): Promise<void> {
    return this.dispatch(command, this.deps.now());
  }

  /** Re-checks the deadline now (visibilitychange / focus: timers may have been throttled). */
  tick(): Promise<void> {
    return this.dispatch({ type: 'tick' }, this.deps.now());
  }

  // ---- transport events ----

  onConnect(connectionId: string): void {
    const now = this.deps.now();
    if (this.unjoined.size >= MAX_UNJOINED_CHANNELS) {
      const oldest = [...this.unjoined.keys()].find((c) => !this.joining.has(c));
      if (oldest) this.dropUnjoined(oldest);
    }
    this.unjoined.set(connectionId, now);
    this.connections.set(connectionId, null);
    this.lastSeen.set(connectionId, now);
    this.buckets.set(connectionId, { tokens: FRAME_BURST, at: now });
  }

  onSignaling(status: 'online' | 'offline'): void {
    this.signaling.value = status;
  }

  onSignalingDrop(): void {
    void this.count('signaling');
  }

  onFrame(connectionId: string, frame: unknown): void {
    if (!this.connections.has(connectionId)) return;
    // The receipt stamp: every rule about time applies to this moment, not to when the queue gets to it.
    const at = this.deps.now();
    if (!this.allowFrame(connectionId, at)) {
      this.count('flooding');
      this.link?.close(connectionId);
      this.onDisconnect(connectionId);
      return;
    }
    this.lastSeen.set(connectionId, at);
    const decoded = decodeClientMessage(frame);
    if (!decoded.ok && decoded.reason === 'other_version') {
      // A phone on another build: tell it so (it says which side must update), then let it go.
      this.send(connectionId, hostError('PROTOCOL_MISMATCH'));
      this.link?.close(connectionId);
      // Forgets the channel, and marks its player offline if it had a seat.
      this.onDisconnect(connectionId);
      return;
    }
    if (!decoded.ok) {
      this.count('malformed');
      return;
    }
    void this.handle(connectionId, decoded.message, at);
  }

  /** Takes one frame from the channel's bucket; false when it is empty (the channel floods). */
  private allowFrame(connectionId: string, at: number): boolean {
    const b = this.buckets.get(connectionId) ?? { tokens: FRAME_BURST, at };
    b.tokens = Math.min(FRAME_BURST, b.tokens + (Math.max(0, at - b.at) * FRAME_RATE_PER_S) / 1000);
    b.at = at;
    this.buckets.set(connectionId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  onDisconnect(connectionId: string): void {
    const pid = this.connections.get(connectionId);
    this.forget(connectionId);
    if (pid && this.seats.get(pid) === connectionId) {
      this.seats.delete(pid);
      this.pushSeated();
      void this.dispatch({ type: 'disconnected', participantId: pid }, this.deps.now());
    }
  }

  private handle(connectionId: string, msg: ClientMessage, at: number): Promise<void> {
    const pid = this.connections.get(connectionId) ?? null;
    switch (msg.type) {
      case 'ping':
        this.send(connectionId, { type: 'pong' });
        return Promise.resolve();
      case 'join':
      case 'rejoin':
        if (pid) {
          // Already seated on this channel: a repeated (re)join just gets a fresh snapshot.
          this.sendViews([pid]);
          return Promise.resolve();
        }
        if (this.joining.has(connectionId)) return this.count('ignored');
        this.joining.add(connectionId);
        return (
          msg.type === 'join'
            ? this.dispatch({ type: 'join', connectionId, token: this.deps.newToken(), pick: this.deps.random() }, at)
            : this.dispatch({ type: 'rejoin', connectionId, token: msg.token }, at)
        ).finally(() => this.joining.delete(connectionId));
      case 'answer':
        if (!pid) return this.count('ignored');
        this.queueAnswer(pid, { questionId: msg.questionId, optionId: msg.optionId, at });
        return Promise.resolve();
      case 'leave':
        this.link?.close(connectionId);
        this.forget(connectionId);
        if (!pid) return Promise.resolve();
        if (this.seats.get(pid) === connectionId) this.seats.delete(pid);
        this.pushSeated();
        return this.dispatch({ type: 'leave', participantId: pid }, at);
    }
  }

  /** Drops every trace of a channel. */
  private forget(connectionId: string): void {
    this.connections.delete(connectionId);
    this.lastSeen.delete(connectionId);
    this.buckets.delete(connectionId);
    this.unjoined.delete(connectionId);
  }

  private count(kind: keyof DropCounters): Promise<void> {
    this.drops.value = { ...this.drops.value, [kind]: this.drops.value[kind] + 1 };
    return Promise.resolve();
  }

  // ---- the command queue ----

  /** Queues `command`, judged at host time `at` (its receipt or press stamp). */
  private dispatch(command: Command, at: number): Promise<void> {
    // Answers received from now on come after this command: they go into a new batch, queued behind it.
    this.answerBatch = null;
    return this.enqueue(() => this.run(command, at));
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Adds an answer to the open batch (the participant's last pick replaces an earlier one), queuing the batch once. */
  private queueAnswer(pid: string, answer: PendingAnswer): void {
    let batch = this.answerBatch;
    if (!batch) {
      const fresh = new Map<string, PendingAnswer>();
      batch = this.answerBatch = fresh;
      void this.enqueue(() => this.runAnswers(fresh));
    }
    batch.delete(pid);
    batch.set(pid, answer);
  }

  /** Applies one batch of answers, each at its receipt stamp, then saves and sends once for the whole batch. */
  private async runAnswers(batch: Map<string, PendingAnswer>): Promise<void> {
    if (this.answerBatch === batch) this.answerBatch = null;
    if (this.disposed) return;
    let state = this.record.state;
    const effects: Effect[] = [];
    for (const [participantId, a] of batch) {
      const t = apply(state, { type: 'answer', participantId, questionId: a.questionId, optionId: a.optionId }, a.at);
      if (t.ignored) {
        this.count('ignored');
        continue;
      }
      state = t.state;
      effects.push(...t.effects);
    }
    await this.commit(state, effects);
  }

  private async run(command: Command, at: number): Promise<void> {
    if (this.disposed) return;
    // A tick is about the deadline as it stands when it runs; everything else is judged at its stamp.
    const t = apply(this.record.state, command, command.type === 'tick' ? Math.max(at, this.deps.now()) : at);
    if (t.ignored) {
      if (command.type === 'tick') this.scheduleWake();
      else this.count('ignored');
      return;
    }
    await this.commit(t.state, t.effects);
  }

  /** Persists `state` (if it changed), then performs `effects` and re-arms the deadline timer. */
  private async commit(state: SessionState, effects: Effect[]): Promise<void> {
    if (state !== this.record.state) {
      this.record = { ...this.record, state };
      try {
        await this.deps.save(this.record);
        if (this.storageError.value) this.storageError.value = null;
      } catch (e) {
        this.storageError.value = e;
      }
      this.state.value = state;
    }
    // Each participant gets at most one snapshot per command (or batch), after every other effect ran.
    const snapshots = new Set<string>();
    for (const effect of effects) this.perform(effect, snapshots);
    this.sendViews(snapshots);
    this.pushSeated();
    this.scheduleWake();
  }

  /**
   * Tells the signaling Worker, through the link, who is seated (every participant's seat token, the channels that
   * joined) and whether the host locked joining (docs/protocol.md#seat-signaling-token). Only the lock: a newcomer
   * after the start with latecomers off still reaches the host, which answers GAME_STARTED. The most recently removed
   * seats follow the seated ones (the link keeps the first MAX_SEATS_ENTRIES): a removed phone's socket then reaches the
   * host, which tells it REMOVED, instead of being turned away by the Worker's lock as a stranger and retrying for
   * ever. The Worker keeps one socket per seat, so a removed bot gains nothing by it. Called after every change to
   * the participants, their channels or the lock; the link coalesces and skips an unchanged set.
   */
  private pushSeated(): void {
    const s = this.record.state;
    const seatTokens = [...s.participants.map((p) => p.token), ...s.removedTokens.slice().reverse()];
    this.link?.setSeated({ seatTokens, connections: [...this.seats.values()], locked: s.joinsLocked });
  }

  private perform(effect: Effect, snapshots: Set<string>): void {
    switch (effect.type) {
      case 'accepted': {
        const old = this.seats.get(effect.participantId);
        if (!this.connections.has(effect.connectionId)) {
          // The channel closed (or was cut off) while its (re)join waited in the queue. A rejoined seat stays, offline
          // unless another channel of theirs is live; a new seat was never handed to anyone (no welcome), so it goes.
          const pid = effect.participantId;
          if (!effect.rejoined) void this.dispatch({ type: 'leave', participantId: pid }, this.deps.now());
          else if (!old) void this.dispatch({ type: 'disconnected', participantId: pid }, this.deps.now());
          return;
        }
        if (old && old !== effect.connectionId) {
          // The same seat from a newer tab or device: the newest wins, the old one is told.
          this.send(old, { type: 'moved' });
          this.forget(old);
          this.link?.close(old);
        }
        this.connections.set(effect.connectionId, effect.participantId);
        this.unjoined.delete(effect.connectionId);
        this.seats.set(effect.participantId, effect.connectionId);
        const p = this.record.state.participants.find((x) => x.id === effect.participantId)!;
        this.send(effect.connectionId, { type: 'welcome', v: PROTOCOL_VERSION, pseudonym: p.id, token: p.token });
        snapshots.add(p.id);
        return;
      }
      case 'refused':
        if (effect.code === 'SESSION_FULL') this.turnedAway.value++;
        this.send(effect.connectionId, hostError(effect.code));
        this.forget(effect.connectionId);
        this.link?.close(effect.connectionId);
        return;
      case 'broadcast':
        for (const pid of this.seats.keys()) snapshots.add(pid);
        return;
      case 'update':
        snapshots.add(effect.participantId);
        return;
      case 'removed': {
        const conn = this.seats.get(effect.participantId);
        this.seats.delete(effect.participantId);
        snapshots.delete(effect.participantId);
        if (conn) {
          this.send(conn, { type: 'removed' });
          this.forget(conn);
          this.link?.close(conn);
        }
        return;
      }
    }
  }

  /**
   * Sends each seated participant of `pids` its snapshot of the current state. What they share (leaderboard, ranks,
   * question) is built once for all of them (`participantViews`), so a broadcast costs O(1) per phone.
   */
  private sendViews(pids: Iterable<string>): void {
    const seated = [...pids].filter((pid) => this.seats.has(pid));
    if (seated.length === 0) return;
    for (const [pid, view] of participantViews(this.record.state, seated, this.deps.now())) {
      this.send(this.seats.get(pid)!, { type: 'state', view });
    }
  }

  private send(connectionId: string, msg: HostMessage): void {
    this.link?.send(connectionId, encode(msg));
  }

  private scheduleWake(): void {
    this.deps.clearTimeout(this.wakeTimer);
    const at = wakeAt(this.record.state);
    if (at === null) return;
    // Never count ticks: wake at the deadline (clamped so a long timer re-checks now and then).
    const delay = Math.min(Math.max(0, at - this.deps.now()), 30_000);
    this.wakeTimer = this.deps.setTimeout(() => void this.tick(), delay);
  }
}

/** Makes a fresh record for a new session (random PeerJS token that reclaims the code after reloads). */
export function newHostRecord(state: SessionState, newToken: () => string = randomToken): HostRecord {
  return { state, peerToken: newToken() };
}
