/** The host's screens for one session: lobby, question, reveal, leaderboards, final results. */
import { useRef, useState } from 'preact/hooks';
import {
  answeredCount,
  buildTasting,
  canHost,
  currentQuestion,
  leaderboard,
  winePoints,
  MAX_PARTICIPANTS_LIMIT,
  OPTION_LABELS,
  remainingMs,
  toTastingInput,
  type SessionState,
} from '../engine';
import { isolate } from '../ui/bidi';
import { Leaderboard, type BoardRow } from '../ui/Leaderboard';
import { formatInt, t, th } from '../i18n';
import { LangSwitch } from '../ui/LangSwitch';
import { QrCode } from '../ui/QrCode';
import { Timer } from '../ui/Timer';
import { joinUrl } from './join-link';
import { useSettled } from './settle';
import { SHORTCUT_KEYS, useHostShortcuts, type ShortcutAction } from './shortcuts';
import { rankingRows } from './results';
import { secureRandom } from './random';
import type { HostRuntime } from './runtime';
import { TastingForm } from './TastingForm';
import { problemText } from './problem';

/** Host names only this device can reach: a QR code pointing there is useless to phones. */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;


export function HostSessionView({ runtime, problem }: { runtime: HostRuntime; problem: string | null }) {
  const s = runtime.state.value;
  const signaling = runtime.signaling.value;
  const storageError = runtime.storageError.value;
  const [editing, setEditing] = useState(false);
  const m = th().session;
  // A full lobby refuses phones (SESSION_FULL): its status pill must not invite them.
  const full = signaling === 'online' && s.phase === 'waiting' && s.participants.length >= s.maxParticipants;
  const locked = signaling === 'online' && s.joinsLocked && s.phase !== 'ended';
  // Buttons and shortcuts wait CONTROL_SETTLE_MS after every change of screen (not after a reload).
  const settled = useSettled(`${s.phase}:${s.wineIndex}:${s.questionIndex}`);
  useHostShortcuts(runtime, settled && !editing);
  const openScreen = (e: Event) => {
    window.open(`/host/${s.code}/screen`, `sommelier-screen-${s.code}`, 'popup');
    // The focus leaves the button, so Space goes back to being the start / pause shortcut.
    (e.currentTarget as HTMLElement).blur();
  };

  return (
    <main class="page host" data-testid="host-session" data-phase={s.phase}>
      <header class="host-header">
        <a href="/host" class="home-link" aria-label={m.yourTastings} title={m.yourTastings}>
          <img src="/icons/icon.svg" alt="" width="28" height="28" />
          <span class="small">{m.yourTastings}</span>
        </a>
        <span class="host-title" dir="auto">
          {s.tasting.title}
        </span>
        <span class="code-pill" aria-label={m.codeLabel}>
          {m.code} <strong data-testid="session-code">{s.code}</strong>
        </span>
        <span class={`net net-${full || locked ? 'full' : signaling}`} title={m.signalingTitle} data-testid="lobby-status">
          {signaling === 'offline'
            ? m.net.offline
            : signaling === 'connecting'
              ? m.net.connecting
              : locked
                ? m.net.locked
                : s.phase !== 'waiting'
                ? m.net.online
                : full
                  ? m.net.full
                  : m.net.open}
        </span>
        <button type="button" class="btn-header" data-testid="open-projector" title={m.openScreenHint} onClick={openScreen}>
          {m.openScreen}
        </button>
        <LangSwitch class="on-dark" />
      </header>
      {problem ? <p class="error" role="alert">{problem}</p> : null}
      {storageError ? (
        <p class="error" role="alert">
          {m.notSaved(problemText(storageError))}
        </p>
      ) : null}
      {s.phase === 'waiting' && editing ? (
        <section>
          <h1>{th().form.editTitle}</h1>
          <TastingForm
            initial={toTastingInput(s.tasting)}
            submitLabel={th().form.save}
            onCancel={() => setEditing(false)}
            onSubmit={async (input) => {
              await runtime.host({ type: 'edit_tasting', tasting: buildTasting(input, secureRandom) });
              setEditing(false);
            }}
          />
        </section>
      ) : s.phase === 'waiting' ? (
        <Lobby runtime={runtime} s={s} onEdit={() => setEditing(true)} />
      ) : s.phase === 'ended' ? (
        <Final s={s} />
      ) : (
        <Round runtime={runtime} s={s} settled={settled} />
      )}
      <Diagnostics runtime={runtime} />
    </main>
  );
}

/**
 * What the host's protections turned away, once there is something (docs/security.md). Its own component, so a
 * flood of refused frames re-renders this line only.
 */
function Diagnostics({ runtime }: { runtime: HostRuntime }) {
  const m = th().diagnostics;
  const d = runtime.drops.value;
  const total = d.signaling + d.malformed + d.flooding + d.unjoined;
  if (total === 0) return null;
  return (
    <details
      class="diagnostics small muted"
      data-testid="host-diagnostics"
      data-signaling={d.signaling}
      data-malformed={d.malformed}
      data-flooding={d.flooding}
      data-unjoined={d.unjoined}
    >
      <summary>{m.summary(total)}</summary>
      <ul>
        <li>{m.signaling(d.signaling)}</li>
        <li>{m.malformed(d.malformed)}</li>
        <li>{m.flooding(d.flooding)}</li>
        <li>{m.unjoined(d.unjoined)}</li>
      </ul>
    </details>
  );
}

function Lobby({ runtime, s, onEdit }: { runtime: HostRuntime; s: SessionState; onEdit: () => void }) {
  const m = th().session;
  const url = joinUrl(s.code);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  const share = () => void navigator.share?.({ title: 'Sommelier Arena', text: m.shareText, url }).catch(() => {});
  const connected = s.participants.filter((p) => p.connected).length;
  return (
    <>
    {runtime.signaling.value === 'offline' ? (
      <p class="notice" role="status">
        {m.offlineLobby}
      </p>
    ) : null}
    <div class="lobby-grid">
      <section class={s.joinsLocked ? 'card join-card locked' : 'card join-card'}>
        <p class="muted">{s.joinsLocked ? m.lockedJoinCard : m.joinAt(location.host)}</p>
        {LOOPBACK.test(location.hostname) ? (
          <p class="notice small" role="note">
            {m.loopbackBefore(location.hostname)} <code>HOST=0.0.0.0 npm start</code> {m.loopbackAfter}
          </p>
        ) : null}
        <p class="big-code" aria-label={m.codeAria(s.code.split('').join(' '))}>
          {s.code}
        </p>
        <QrCode text={url} label={m.qrLabel} testId="join-qr" />
        <a class="join-link" data-testid="join-link" href={url} target="_blank" rel="noopener">
          {url}
        </a>
        <div class="row-actions">
          <button type="button" class="btn btn-secondary" onClick={copy}>
            {copied ? m.copied : m.copy}
          </button>
          {'share' in navigator ? (
            <button type="button" class="btn btn-ghost" onClick={share}>
              {m.share}
            </button>
          ) : null}
        </div>
      </section>
      <section class="card players-card">
        <div class="players-head">
          <h2>{m.players(s.participants.length, s.maxParticipants)}</h2>
          <label class="max-players">
            {m.max}
            <select
              data-testid="max-players"
              value={s.maxParticipants}
              onChange={(e) => void runtime.host({ type: 'set_max_participants', max: Number((e.currentTarget as HTMLSelectElement).value) })}
            >
              {Array.from({ length: MAX_PARTICIPANTS_LIMIT }, (_, i) => i + 1)
                .filter((n) => n >= Math.max(1, s.participants.length))
                .map((n) => (
                  <option key={n} value={n}>
                    {formatInt(n)}
                  </option>
                ))}
            </select>
          </label>
        </div>
        <JoinsSettings runtime={runtime} s={s} />
        {s.joinsLocked ? (
          <p class="notice small" role="status" data-testid="locked-notice">
            {m.lockedNotice}
          </p>
        ) : null}
        {s.participants.length === 0 ? <p class="muted">{m.waitingPlayers}</p> : null}
        {runtime.turnedAway.value > 0 && s.participants.length >= s.maxParticipants ? (
          <p class="notice small" role="status" data-testid="turned-away">
            {m.turnedAway(runtime.turnedAway.value)}
          </p>
        ) : null}
        <ul class="players">
          {s.participants.map((p) => (
            <li key={p.id} class={p.connected ? '' : 'offline'}>
              <span data-testid="lobby-player" dir="auto">
                {p.id}
              </span>
              {p.connected ? null : <span class="badge">{m.offline}</span>}
              <button
                type="button"
                class="btn-icon"
                aria-label={m.remove(isolate(p.id))}
                onClick={() => void runtime.host({ type: 'remove_participant', participantId: p.id })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <div class="controls">
          <button
            type="button"
            class="btn btn-primary btn-xl"
            data-testid="host-start"
            disabled={!canHost(s, 'start')}
            onClick={() => void runtime.host({ type: 'start' })}
            aria-keyshortcuts={SHORTCUT_KEYS.start.aria}
          >
            {m.start}
            {connected ? '' : m.needsPlayer}
            <Key action="start" />
          </button>
          <button type="button" class="btn btn-secondary" data-testid="edit-tasting" onClick={onEdit}>
            {m.edit}
          </button>
        </div>
      </section>
    </div>
    </>
  );
}

const CONTROL_STYLE = {
  pause: 'btn-secondary',
  resume: 'btn-secondary',
  reveal: 'btn-primary',
  next: 'btn-primary',
} as const;

function Round({ runtime, s, settled }: { runtime: HostRuntime; s: SessionState; settled: boolean }) {
  const m = th().session;
  const { board: words, category, prompt } = t();
  const q = currentQuestion(s)!;
  const wine = s.tasting.wines[s.wineIndex]!;
  const revealed = s.phase !== 'question_open' && s.phase !== 'question_paused';
  const { answered, total } = answeredCount(s);
  const lastQuestion = s.questionIndex === wine.questions.length - 1;
  const lastWine = s.wineIndex === s.tasting.wines.length - 1;
  const board = leaderboard(s);
  const thisWine = winePoints(s, s.wineIndex);
  const rows: BoardRow[] = board.map((r) => ({ pseudonym: r.participantId, score: r.score, rank: r.rank, offline: !r.connected }));
  const nextLabel =
    s.phase === 'question_revealed'
      ? m.showStandings
      : s.phase === 'question_leaderboard'
        ? lastQuestion
          ? m.wineResults
          : m.nextQuestion
        : lastWine
          ? m.finalResults
          : m.nextWine;
  const label = { pause: m.pause, resume: m.resume, reveal: m.reveal, next: nextLabel };

  return (
    <div class="round">
      {s.phase === 'question_leaderboard' || s.phase === 'round_leaderboard' ? (
        s.phase === 'round_leaderboard' ? (
          <Leaderboard
            title={words.wine(s.wineIndex + 1, isolate(wine.name))}
            rows={rows.map((r) => ({ ...r, delta: thisWine.get(r.pseudonym) ?? 0 }))}
          />
        ) : (
          <Leaderboard rows={rows} title={words.standings} />
        )
      ) : (
        <section class="question host-question">
          <div class="question-meta">
            <span class="chip">{category[q.category]}</span>
            <span class="progress">{m.progress(s.wineIndex + 1, s.tasting.wines.length, s.questionIndex + 1, wine.questions.length)}</span>
            {!revealed ? (
              <Timer remainingMs={remainingMs(s, s.updatedAt)} at={s.updatedAt} paused={s.phase === 'question_paused'} />
            ) : null}
            {s.phase === 'question_paused' ? <span class="badge badge-paused">{t().play.paused}</span> : null}
          </div>
          <h1 class="prompt" data-testid="question-text">
            {prompt[q.category]}
          </h1>
          <ol class="options host-options">
            {q.options.map((o, i) => (
              <li
                key={o.id}
                class={`option option-${i}${revealed && o.id === q.correctOptionId ? ' correct' : ''}${revealed && o.id !== q.correctOptionId ? ' dim' : ''}`}
                data-testid="host-option"
                data-option-id={o.id}
                data-correct={revealed && o.id === q.correctOptionId ? 'true' : undefined}
              >
                <span class="option-label">{OPTION_LABELS[i]}</span>
                <span class="option-text" dir="auto">
                  {o.text}
                </span>
                {revealed && o.id === q.correctOptionId ? <span class="mark" aria-label={t().play.correct}>✓</span> : null}
              </li>
            ))}
          </ol>
          {!revealed ? (
            <p class="answered">
              <strong data-testid="answered-count">
                {formatInt(answered)}/{formatInt(total)}
              </strong>{' '}
              {m.answered}
            </p>
          ) : (
            <Leaderboard
              title={m.thisQuestion}
              rows={rows.map((r) => ({ ...r, delta: s.points[q.id]?.[r.pseudonym] ?? 0 }))}
            />
          )}
        </section>
      )}
      <div class="controls host-controls">
        {(['pause', 'resume', 'reveal', 'next'] as const).map((action) =>
          canHost(s, action) ? (
            <button
              key={action}
              type="button"
              class={`btn ${CONTROL_STYLE[action]}`}
              data-testid={`host-${action}`}
              disabled={!settled}
              onClick={() => void runtime.host({ type: action })}
              aria-keyshortcuts={SHORTCUT_KEYS[action].aria}
            >
              {label[action]}
              <Key action={action} />
            </button>
          ) : null,
        )}
        {canHost(s, 'end') ? <EndTasting disabled={!settled} onEnd={() => void runtime.host({ type: 'end' })} /> : null}
      </div>
      <JoinsSettings runtime={runtime} s={s} />
      <p class="muted small center shortcuts-hint">{m.shortcuts}</p>
    </div>
  );
}

/** The key of a control's shortcut, shown on its button (screen readers get `aria-keyshortcuts` instead). */
function Key({ action }: { action: ShortcutAction }) {
  const shown = SHORTCUT_KEYS[action].shown;
  return (
    <kbd class="key" aria-hidden="true">
      {shown === '␣' ? th().session.keySpace : shown}
    </kbd>
  );
}

/**
 * Who may still join, one block whose boxes line up:
 * - "Latecomers may join" (docs/screens.md `latecomers`, on by default): phones may take a seat after the start, with 0
 *   for the questions already played; the host may close that door at any time before the end. Greyed out while the
 *   lock is on: the lock turns every newcomer away, latecomers too.
 * - "Lock: no new players" (docs/screens.md `lock-joins`, off by default; docs/security.md#lobby-bots): newcomers are
 *   turned away with SESSION_LOCKED, by the host and, once it is told, by the signaling Worker; players with a seat
 *   always come back. With "Remove" it keeps scripted joins out of the lobby.
 */
function JoinsSettings({ runtime, s }: { runtime: HostRuntime; s: SessionState }) {
  const m = th().session;
  return (
    <div class="joins-settings">
      <Check
        testId="latecomers"
        class="latecomers"
        checked={s.latecomers}
        disabled={s.joinsLocked}
        label={m.latecomers}
        hint={m.latecomersHint}
        onChange={(allowed) => void runtime.host({ type: 'set_latecomers', allowed })}
      />
      <Check
        testId="lock-joins"
        class="lock-joins"
        checked={s.joinsLocked}
        label={m.lockJoins}
        hint={m.lockJoinsHint}
        onChange={(locked) => void runtime.host({ type: 'set_joins_locked', locked })}
      />
    </div>
  );
}

/** A host setting as a checkbox with its label and a muted hint; `disabled` greys the whole line. */
function Check(props: {
  testId: string;
  class: string;
  checked: boolean;
  disabled?: boolean;
  label: string;
  hint: string;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label class={`check ${props.class}${props.disabled ? ' disabled' : ''}`}>
      <input
        type="checkbox"
        data-testid={props.testId}
        disabled={props.disabled}
        checked={props.checked}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <span>
        {props.label} <span class="muted small">{props.hint}</span>
      </span>
    </label>
  );
}

/**
 * "End tasting" asks first (docs/screens.md `host-end` then `host-end-confirm`): a mis-tap mid-game must not end
 * everyone's evening. A modal dialog; Escape or "Keep playing" closes it.
 */
function EndTasting({ disabled, onEnd }: { disabled: boolean; onEnd: () => void }) {
  const m = th().session;
  const dialog = useRef<HTMLDialogElement>(null);
  const close = () => dialog.current?.close();
  return (
    <>
      <button type="button" class="btn btn-ghost" data-testid="host-end" disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {m.end}
      </button>
      <dialog ref={dialog} class="confirm card" aria-labelledby="end-title" aria-describedby="end-text">
        <h2 id="end-title">{m.endTitle}</h2>
        <p id="end-text">{m.endText}</p>
        <div class="row-actions">
          <button type="button" class="btn btn-secondary" data-testid="host-end-cancel" autofocus onClick={close}>
            {m.keepPlaying}
          </button>
          <button
            type="button"
            class="btn btn-danger"
            data-testid="host-end-confirm"
            onClick={() => {
              close();
              onEnd();
            }}
          >
            {m.end}
          </button>
        </div>
      </dialog>
    </>
  );
}

function Final({ s }: { s: SessionState }) {
  const rows = rankingRows(s);
  const final = t().board.final;
  return (
    <div class="final">
      <h1 class="center">{final}</h1>
      <Leaderboard rows={rows} title={final} showTitle={false} />
      <div class="controls">
        <a class="btn btn-secondary" data-testid="print-results" href={`/host/${s.code}/results`}>
          {th().results.open}
        </a>
        <a class="btn btn-primary" href="/host">
          {th().session.newTasting}
        </a>
      </div>
    </div>
  );
}
