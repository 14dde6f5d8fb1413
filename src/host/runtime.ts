/**
 * The host runtime (docs/architecture.md): wires the pure engine to the transport, IndexedDB and the clock.
 * Every command goes through one queue: apply -> persist -> send effects -> schedule the next wake-up,
 * so nothing is acknowledged before it is saved and messages leave in state order.
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
  random: Math.random,
  save: saveSession,
  newToken: randomToken,
  connect: connectHostPeer,
};

/** Counters of what the host dropped, for the diagnostics line. */
export interface DropCounters {
  malformed: number;
  ignored: number;
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
  readonly drops = signal<DropCounters>({ malformed: 0, ignored: 0 });

  private link: HostLink | null = null;
  /** connectionId -> participantId once accepted (null while joining). */
  private readonly connections = new Map<string, string | null>();
  /** connectionId -> host ms of its last frame, for the heartbeat sweep. */
  private readonly lastSeen = new Map<string, number>();
  private sweepTimer: unknown;
  /** Channels whose join or rejoin is being applied: one seat per channel, however fast it repeats itself. */
  private readonly joining = new Set<string>();
  /** participantId -> its current connectionId (newest wins). */
  private readonly seats = new Map<string, string>();
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

  /** A host button press. Resolves once the change is saved and sent. */
  host(command: HostCommand): Promise<void> {
    return this.dispatch(command);
  }

  /** Re-checks the deadline now (visibilitychange / focus: timers may have been throttled). */
  tick(): Promise<void> {
    return this.dispatch({ type: 'tick' });
  }

  // ---- transport events ----

  onConnect(connectionId: string): void {
    this.connections.set(connectionId, null);
    this.lastSeen.set(connectionId, this.deps.now());
  }

  onSignaling(status: 'online' | 'offline'): void {
    this.signaling.value = status;
  }

  onFrame(connectionId: string, frame: unknown): void {
    if (!this.connections.has(connectionId)) return;
    this.lastSeen.set(connectionId, this.deps.now());
    const decoded = decodeClientMessage(frame);
    if (!decoded.ok && decoded.reason === 'other_version') {
      // A phone on another build: tell it so (it says which side must update), then let it go.
      this.send(connectionId, hostError('PROTOCOL_MISMATCH'));
      this.forget(connectionId);
      this.link?.close(connectionId);
      return;
    }
    if (!decoded.ok) {
      this.count('malformed');
      return;
    }
    void this.handle(connectionId, decoded.message);
  }

  onDisconnect(connectionId: string): void {
    const pid = this.connections.get(connectionId);
    this.forget(connectionId);
    if (pid && this.seats.get(pid) === connectionId) {
      this.seats.delete(pid);
      void this.dispatch({ type: 'disconnected', participantId: pid });
    }
  }

  private handle(connectionId: string, msg: ClientMessage): Promise<void> {
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
            ? this.dispatch({ type: 'join', connectionId, token: this.deps.newToken(), pick: this.deps.random() })
            : this.dispatch({ type: 'rejoin', connectionId, token: msg.token })
        ).finally(() => this.joining.delete(connectionId));
      case 'answer':
        if (!pid) return this.count('ignored');
        return this.dispatch({ type: 'answer', participantId: pid, questionId: msg.questionId, optionId: msg.optionId });
      case 'leave':
        this.link?.close(connectionId);
        this.forget(connectionId);
        if (!pid) return Promise.resolve();
        if (this.seats.get(pid) === connectionId) this.seats.delete(pid);
        return this.dispatch({ type: 'leave', participantId: pid });
    }
  }

  /** Drops every trace of a channel. */
  private forget(connectionId: string): void {
    this.connections.delete(connectionId);
    this.lastSeen.delete(connectionId);
  }

  private count(kind: keyof DropCounters): Promise<void> {
    this.drops.value = { ...this.drops.value, [kind]: this.drops.value[kind] + 1 };
    return Promise.resolve();
  }

  // ---- the command queue ----

  private dispatch(command: Command): Promise<void> {
    const run = this.queue.then(() => this.run(command));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(command: Command): Promise<void> {
    if (this.disposed) return;
    const t = apply(this.record.state, command, this.deps.now());
    if (t.ignored) {
      if (command.type === 'tick') this.scheduleWake();
      else this.count('ignored');
      return;
    }
    if (t.state !== this.record.state) {
      this.record = { ...this.record, state: t.state };
      try {
        await this.deps.save(this.record);
        if (this.storageError.value) this.storageError.value = null;
      } catch (e) {
        this.storageError.value = e;
      }
      this.state.value = t.state;
    }
    // Each participant gets at most one snapshot per command, after every other effect ran.
    const snapshots = new Set<string>();
    for (const effect of t.effects) this.perform(effect, snapshots);
    this.sendViews(snapshots);
    this.scheduleWake();
  }

  private perform(effect: Effect, snapshots: Set<string>): void {
    switch (effect.type) {
      case 'accepted': {
        const old = this.seats.get(effect.participantId);
        if (old && old !== effect.connectionId) {
          // The same seat from a newer tab or device: the newest wins, the old one is told.
          this.send(old, { type: 'moved' });
          this.forget(old);
          this.link?.close(old);
        }
        this.connections.set(effect.connectionId, effect.participantId);
        this.seats.set(effect.participantId, effect.connectionId);
        const p = this.record.state.participants.find((x) => x.id === effect.participantId)!;
        this.send(effect.connectionId, { type: 'welcome', v: PROTOCOL_VERSION, pseudonym: p.id, token: p.token });
        snapshots.add(p.id);
        return;
      }
      case 'refused':
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
