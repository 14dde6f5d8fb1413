/** The host's screens for one session: lobby, question, reveal, leaderboards, final results. */
import { useEffect, useRef, useState } from 'preact/hooks';
import QRCode from 'qrcode';
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
import { Leaderboard, type BoardRow } from '../ui/Leaderboard';
import { CATEGORY_LABEL, CATEGORY_PROMPT } from '../ui/strings';
import { Timer } from '../ui/Timer';
import { gameRunning } from '../ui/sw';
import { rankingRows } from './results';
import type { HostRuntime } from './runtime';
import { TastingForm } from './TastingForm';

/** Host names only this device can reach: a QR code pointing there is useless to phones. */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** The participant URL for `code` on this origin (ACCEPTANCE `join-link`). */
export function joinUrl(code: string): string {
  return `${location.origin}/play?code=${code}`;
}

export function HostSessionView({ runtime, problem }: { runtime: HostRuntime; problem: string | null }) {
  const s = runtime.state.value;
  const signaling = runtime.signaling.value;
  const storageError = runtime.storageError.value;
  const [editing, setEditing] = useState(false);
  const running = s.phase !== 'waiting' && s.phase !== 'ended';
  useEffect(() => {
    gameRunning.value = running;
    return () => void (gameRunning.value = false);
  }, [running]);

  return (
    <main class="page host" data-testid="host-session" data-phase={s.phase}>
      <header class="host-header">
        <a href="/host" class="home-link">
          <img src="/icons/icon.svg" alt="" width="28" height="28" />
          <span class="small">Your tastings</span>
        </a>
        <span class="host-title">{s.tasting.title}</span>
        <span class="code-pill" aria-label="Session code">
          Code <strong data-testid="session-code">{s.code}</strong>
        </span>
        <span class={`net net-${signaling}`} title="Signaling server: needed only for new players to join">
          {signaling === 'offline'
            ? 'No signaling — playing on'
            : signaling === 'connecting'
              ? 'Connecting…'
              : s.phase === 'waiting'
                ? 'Open to join'
                : 'Online'}
        </span>
      </header>
      {problem ? <p class="error" role="alert">{problem}</p> : null}
      {storageError ? (
        <p class="error" role="alert">
          Not saved on this device: {storageError}. The game goes on, but a reload would lose it.
        </p>
      ) : null}
      {s.phase === 'waiting' && editing ? (
        <section>
          <h1>Edit tasting</h1>
          <TastingForm
            initial={toTastingInput(s.tasting)}
            submitLabel="Save changes"
            onCancel={() => setEditing(false)}
            onSubmit={async (input) => {
              await runtime.host({ type: 'edit_tasting', tasting: buildTasting(input, Math.random) });
              setEditing(false);
            }}
          />
        </section>
      ) : s.phase === 'waiting' ? (
        <Lobby runtime={runtime} s={s} onEdit={() => setEditing(true)} />
      ) : s.phase === 'ended' ? (
        <Final s={s} />
      ) : (
        <Round runtime={runtime} s={s} />
      )}
    </main>
  );
}

function Lobby({ runtime, s, onEdit }: { runtime: HostRuntime; s: SessionState; onEdit: () => void }) {
  const url = joinUrl(s.code);
  const [qr, setQr] = useState('');
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#2a0a0a', light: '#ffffff' } }).then(
      setQr,
      () => setQr(''),
    );
  }, [url]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  const share = () => void navigator.share?.({ title: 'Sommelier Arena', text: 'Join my wine tasting!', url }).catch(() => {});
  const connected = s.participants.filter((p) => p.connected).length;
  return (
    <>
    {runtime.signaling.value === 'offline' ? (
      <p class="notice" role="status">
        This device cannot reach the network yet, so phones cannot join. Everything is saved; it connects by itself as
        soon as the network is back.
      </p>
    ) : null}
    <div class="lobby-grid">
      <section class="card join-card">
        <p class="muted">Join at {location.host}/play with code</p>
        {LOOPBACK.test(location.hostname) ? (
          <p class="notice small" role="note">
            Phones cannot open “{location.hostname}”. To let phones on this Wi-Fi join, run the app with{' '}
            <code>HOST=0.0.0.0 npm start</code> and open this page at this computer's network address.
          </p>
        ) : null}
        <p class="big-code" aria-label={`Code ${s.code.split('').join(' ')}`}>
          {s.code}
        </p>
        <div class="qr" data-testid="join-qr" role="img" aria-label="QR code to join" dangerouslySetInnerHTML={{ __html: qr }} />
        <a class="join-link" data-testid="join-link" href={url} target="_blank" rel="noopener">
          {url}
        </a>
        <div class="row-actions">
          <button type="button" class="btn btn-secondary" onClick={copy}>
            {copied ? 'Copied!' : 'Copy link'}
          </button>
          {'share' in navigator ? (
            <button type="button" class="btn btn-ghost" onClick={share}>
              Share…
            </button>
          ) : null}
        </div>
      </section>
      <section class="card players-card">
        <div class="players-head">
          <h2>
            Players {s.participants.length} / {s.maxParticipants}
          </h2>
          <label class="max-players">
            Max
            <select
              data-testid="max-players"
              value={s.maxParticipants}
              onChange={(e) => void runtime.host({ type: 'set_max_participants', max: Number((e.currentTarget as HTMLSelectElement).value) })}
            >
              {Array.from({ length: MAX_PARTICIPANTS_LIMIT }, (_, i) => i + 1)
                .filter((n) => n >= Math.max(1, s.participants.length))
                .map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
            </select>
          </label>
        </div>
        <Latecomers runtime={runtime} s={s} />
        {s.participants.length === 0 ? <p class="muted">Waiting for players to scan the code…</p> : null}
        <ul class="players">
          {s.participants.map((p) => (
            <li key={p.id} class={p.connected ? '' : 'offline'}>
              <span data-testid="lobby-player">{p.id}</span>
              {p.connected ? null : <span class="badge">offline</span>}
              <button
                type="button"
                class="btn-icon"
                aria-label={`Remove ${p.id}`}
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
          >
            Start{connected ? '' : ' (needs a player)'}
          </button>
          <button type="button" class="btn btn-secondary" data-testid="edit-tasting" onClick={onEdit}>
            Edit tasting
          </button>
        </div>
      </section>
    </div>
    </>
  );
}

/**
 * How long the host's controls stay disabled after the screen changed, in ms (a double tap is under 300 ms): one on Reveal must not land
 * on the next screen's "Show standings" in the same place.
 */
export const CONTROL_SETTLE_MS = 400;

/** False for CONTROL_SETTLE_MS after `key` changes (true on first mount, e.g. after a reload). */
function useSettled(key: string): boolean {
  const [settledKey, setSettledKey] = useState(key);
  useEffect(() => {
    const t = setTimeout(() => setSettledKey(key), CONTROL_SETTLE_MS);
    return () => clearTimeout(t);
  }, [key]);
  return settledKey === key;
}

const CONTROL_LABEL = { pause: 'Pause', resume: 'Resume', reveal: 'Reveal answer', next: 'Next' } as const;
const CONTROL_STYLE = {
  pause: 'btn-secondary',
  resume: 'btn-secondary',
  reveal: 'btn-primary',
  next: 'btn-primary',
} as const;

function Round({ runtime, s }: { runtime: HostRuntime; s: SessionState }) {
  const settled = useSettled(`${s.phase}:${s.wineIndex}:${s.questionIndex}`);
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
      ? 'Show standings'
      : s.phase === 'question_leaderboard'
        ? lastQuestion
          ? 'See wine results'
          : 'Next question'
        : lastWine
          ? 'See final results'
          : 'Next wine';

  return (
    <div class="round">
      {s.phase === 'question_leaderboard' || s.phase === 'round_leaderboard' ? (
        s.phase === 'round_leaderboard' ? (
          <Leaderboard
            title={`Wine ${s.wineIndex + 1} — ${wine.name}: results`}
            rows={rows.map((r) => ({ ...r, delta: thisWine.get(r.pseudonym) ?? 0 }))}
          />
        ) : (
          <Leaderboard rows={rows} title="Standings" />
        )
      ) : (
        <section class="question host-question">
          <div class="question-meta">
            <span class="chip">{CATEGORY_LABEL[q.category]}</span>
            <span class="progress">
              Wine {s.wineIndex + 1}/{s.tasting.wines.length} · Question {s.questionIndex + 1}/{wine.questions.length}
            </span>
            {!revealed ? (
              <Timer remainingMs={remainingMs(s, s.updatedAt)} at={s.updatedAt} paused={s.phase === 'question_paused'} />
            ) : null}
            {s.phase === 'question_paused' ? <span class="badge badge-paused">Paused</span> : null}
          </div>
          <h1 class="prompt" data-testid="question-text">
            {CATEGORY_PROMPT[q.category]}
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
                <span class="option-text">{o.text}</span>
                {revealed && o.id === q.correctOptionId ? <span class="mark" aria-label="correct">✓</span> : null}
              </li>
            ))}
          </ol>
          {!revealed ? (
            <p class="answered">
              <strong data-testid="answered-count">
                {answered}/{total}
              </strong>{' '}
              answered
            </p>
          ) : (
            <Leaderboard
              title="This question"
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
            >
              {action === 'next' ? nextLabel : CONTROL_LABEL[action]}
            </button>
          ) : null,
        )}
        {canHost(s, 'end') ? <EndTasting disabled={!settled} onEnd={() => void runtime.host({ type: 'end' })} /> : null}
      </div>
      <Latecomers runtime={runtime} s={s} />
    </div>
  );
}

/**
 * "Latecomers may join" (ACCEPTANCE `latecomers`, on by default): phones may take a seat after the start, with 0 for
 * the questions already played. The host may close the door at any time before the end.
 */
function Latecomers({ runtime, s }: { runtime: HostRuntime; s: SessionState }) {
  return (
    <label class="check latecomers">
      <input
        type="checkbox"
        data-testid="latecomers"
        checked={s.latecomers}
        onChange={(e) => void runtime.host({ type: 'set_latecomers', allowed: (e.currentTarget as HTMLInputElement).checked })}
      />
      <span>
        Latecomers may join <span class="muted small">(0 points for the questions they missed)</span>
      </span>
    </label>
  );
}

/**
 * "End tasting" asks first (ACCEPTANCE `host-end` then `host-end-confirm`): a mis-tap mid-game must not end
 * everyone's evening. A modal dialog; Escape or "Keep playing" closes it.
 */
function EndTasting({ disabled, onEnd }: { disabled: boolean; onEnd: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = () => dialog.current?.close();
  return (
    <>
      <button type="button" class="btn btn-ghost" data-testid="host-end" disabled={disabled} onClick={() => dialog.current?.showModal()}>
        End tasting
      </button>
      <dialog ref={dialog} class="confirm card" aria-labelledby="end-title" aria-describedby="end-text">
        <h2 id="end-title">End the tasting for everyone?</h2>
        <p id="end-text">Every phone goes straight to the final results. The questions not played yet are skipped.</p>
        <div class="row-actions">
          <button type="button" class="btn btn-secondary" data-testid="host-end-cancel" autofocus onClick={close}>
            Keep playing
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
            End tasting
          </button>
        </div>
      </dialog>
    </>
  );
}

function Final({ s }: { s: SessionState }) {
  const rows = rankingRows(s);
  return (
    <div class="final">
      <h1 class="center">Final results</h1>
      <Leaderboard rows={rows} title="Final results" showTitle={false} />
      <div class="controls">
        <a class="btn btn-primary" href="/host">
          Create a new tasting
        </a>
      </div>
    </div>
  );
}
