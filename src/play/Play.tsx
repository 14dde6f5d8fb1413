/** The participant's screens (docs/screens.md): join, lobby, question, reveal, standings, final. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
// Direct imports, not the engine barrel: the barrel would pull the host's rules into the phone's bundle.
import { isCode } from '../engine/code';
import { OPTION_LABELS } from '../engine/types';
import type { ParticipantView } from '../engine/view';
import { Isolated, isolate } from '../ui/bidi';
import { Leaderboard } from '../ui/Leaderboard';
import { formatInt, t, useRare } from '../i18n';
import { LangSwitch } from '../ui/LangSwitch';
import { joinPath, joinUrl, seatFromHash, seatUrl } from '../ui/links';
import { QrCode } from '../ui/QrCode';
import { errorSentence, rare, unsupportedSentence } from '../ui/strings';
import { holdUpdatesWhile, updateApp } from '../ui/sw';
import { Timer } from '../ui/Timer';
import { useWakeLock } from '../ui/wake-lock';
import { PlayRuntime } from './runtime';

export function Play() {
  const { query, route } = useLocation();
  const runtime = useMemo(() => new PlayRuntime(), []);
  const [code, setCode] = useState(() => (isCode(query.code ?? '') ? query.code! : ''));

  // The seat's game holds app updates back as long as this page plays it, whatever this screen shows.
  useEffect(() => holdUpdatesWhile(runtime.inGame), [runtime]);
  useEffect(() => {
    if (isCode(query.code ?? '')) {
      // A "continue on another device" link carries the seat in the fragment (never sent to any server).
      const seat = seatFromHash(location.hash);
      if (seat) history.replaceState(null, '', joinPath(query.code!));
      void runtime.start(query.code!, seat);
    }
    const wake = () => {
      if (document.visibilityState === 'visible') runtime.wake();
    };
    // Hiding for good (closed, put in the back-forward cache, frozen) frees the seat for another open tab.
    const hide = () => runtime.suspend();
    const show = (e: Event) => {
      if (e.type === 'resume' || (e as PageTransitionEvent).persisted) runtime.resume();
    };
    const listeners: [EventTarget, string, (e: Event) => void][] = [
      [window, 'online', wake],
      [window, 'focus', wake],
      [document, 'visibilitychange', wake],
      [window, 'pagehide', hide],
      [window, 'pageshow', show],
      [document, 'freeze', hide],
      [document, 'resume', show],
    ];
    for (const [target, type, fn] of listeners) target.addEventListener(type, fn);
    return () => {
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn);
      runtime.stop();
    };
  }, [runtime, query.code]);

  const status = runtime.status.value;
  const view = runtime.view.value;
  const error = runtime.error.value;
  const sessionCode = view?.code ?? (isCode(query.code ?? '') ? query.code! : code);
  /** The participant phases of docs/screens.md#phases: the game's own once seated, else where the link stands. */
  const phase =
    status === 'failed'
      ? 'refused'
      : status === 'moved'
        ? 'moved'
        : status === 'connected' && view
          ? view.phase
          : status === 'reconnecting'
            ? 'reconnecting'
            : 'joining';

  const m = t().play;
  const join = (e: Event) => {
    e.preventDefault();
    if (!isCode(code)) return;
    if (query.code === code) void runtime.start(code);
    else route(joinPath(code));
  };

  let body;
  if (status === 'failed' && error === 'BROWSER_UNSUPPORTED') {
    body = <Unsupported runtime={runtime} code={sessionCode} />;
  } else if (status === 'idle' || status === 'failed') {
    body = (
      <form class="card join" onSubmit={join}>
        <h1>{m.joinTitle}</h1>
        <label for="join-code">{m.codeLabel}</label>
        <input
          id="join-code"
          data-testid="join-code"
          class="code-input"
          inputMode="numeric"
          pattern="[0-9]{4}"
          autoComplete="off"
          autoFocus
          value={code}
          onInput={(e) => {
            // Keep digits only (typed or pasted, e.g. "12 34"); write back so a stray letter never stays visible.
            const input = e.currentTarget as HTMLInputElement;
            const digits = input.value.replace(/\D/g, '').slice(0, 4);
            input.value = digits;
            setCode(digits);
          }}
        />
        {error ? (
          <p class="error" role="alert" data-testid="join-error" data-error-code={error}>
            {errorSentence(error, sessionCode, runtime.appOutdated.value)}
          </p>
        ) : query.code && !isCode(query.code) ? (
          <p class="notice" role="status">
            {rare()?.screen.badLinkCode(query.code.slice(0, 12))}
          </p>
        ) : null}
        {error === 'PROTOCOL_MISMATCH' && runtime.appOutdated.value ? (
          <button type="button" class="btn btn-primary btn-xl" data-testid="update-app" onClick={() => void updateApp()}>
            {rare()?.updateApp}
          </button>
        ) : (
          <button type="submit" class="btn btn-primary btn-xl" data-testid="join-submit" disabled={!isCode(code)}>
            {m.join}
          </button>
        )}
      </form>
    );
  } else if (status === 'choosing' && runtime.seatChoice.value) {
    body = <SeatChoice runtime={runtime} />;
  } else if (status === 'moved') {
    body = <Moved runtime={runtime} />;
  } else if (status === 'joining' || status === 'reconnecting' || !view) {
    body = (
      <div class="card center" aria-live="polite">
        <div class="spinner" aria-hidden="true" />
        <h1>{status === 'reconnecting' ? m.reconnecting : m.joining(query.code ?? code)}</h1>
        {view ? (
          <p>
            {m.youAre} <strong data-testid="my-pseudonym" dir="auto">{view.pseudonym}</strong> · {m.score}{' '}
            <strong data-testid="my-score">{formatInt(view.score)}</strong>
          </p>
        ) : null}
        {status === 'reconnecting' ? <p class="muted">{reconnectHint(error)}</p> : null}
        {error && status !== 'reconnecting' ? (
          <p class="error" role="alert" data-testid="join-error" data-error-code={error}>
            {errorSentence(error, query.code ?? code)}
          </p>
        ) : null}
      </div>
    );
  } else {
    body = <Game runtime={runtime} view={view} />;
  }

  return (
    <main class="page play" data-testid="play" data-phase={phase}>
      {status === 'connected' && view ? null : (
        <div class="top-bar">
          <LangSwitch />
        </div>
      )}
      {body}
    </main>
  );
}

/** A spinner while an exceptional screen's sentences load (src/i18n `useRare`). */
function Waiting() {
  return (
    <div class="card center" aria-busy="true">
      <div class="spinner" />
    </div>
  );
}

/**
 * A seat link (`#seat=`) opened on a phone that already has its own, different seat in that tasting: keep it, or take
 * the link's seat. A link someone sent must never silently take a phone out of its seat.
 */
function SeatChoice({ runtime }: { runtime: PlayRuntime }) {
  const m = useRare()?.screen;
  const current = runtime.seatChoice.value?.current ?? '';
  if (!m) return <Waiting />;
  return (
    <div class="card center">
      <h1>{m.seatTitle}</h1>
      <p>
        <Isolated text={m.seatText(current && isolate(current))} />
      </p>
      <button type="button" class="btn btn-primary btn-xl" data-testid="seat-keep" onClick={() => void runtime.chooseSeat(false)}>
        {m.seatKeep}
      </button>
      <button type="button" class="btn btn-ghost" data-testid="seat-take" onClick={() => void runtime.chooseSeat(true)}>
        {m.seatTake}
      </button>
    </div>
  );
}

/**
 * The seat plays elsewhere: in another tab of this browser (this tab takes it back by itself when that one closes)
 * or on another device. One tap brings it here.
 */
function Moved({ runtime }: { runtime: PlayRuntime }) {
  const m = useRare()?.screen;
  const tab = runtime.movedTo.value === 'tab';
  const name = runtime.view.value?.pseudonym;
  if (!m) return <Waiting />;
  return (
    <div class="card center moved" aria-live="polite">
      <h1>{tab ? m.movedTabTitle : m.movedTitle}</h1>
      <p>
        <Isolated text={m.moved(name ? isolate(name) : '', tab)} />
      </p>
      <button type="button" class="btn btn-primary btn-xl" data-testid="play-here" onClick={() => void runtime.playHere()}>
        {m.playHere}
      </button>
    </div>
  );
}

/** A browser that cannot play: what it lacks, where to open the link instead, and the code to type there. */
function Unsupported({ runtime, code }: { runtime: PlayRuntime; code: string }) {
  const m = useRare()?.screen;
  // The link to open in another browser (a long press copies it; in-app browsers also offer "open in browser").
  const url = joinUrl(location.origin, code);
  if (!m) return <Waiting />;
  return (
    <div class="card center unsupported">
      <h1>{m.unsupportedTitle}</h1>
      <p class="error" role="alert" data-testid="join-error" data-error-code="BROWSER_UNSUPPORTED">
        {unsupportedSentence(runtime.missing.value)}
      </p>
      <p>{m.tastingCode}</p>
      <p class="big-code" aria-label={m.codeAria(code.split('').join(' '))}>
        {code}
      </p>
      <p>
        <a class="join-link" href={url}>
          {url}
        </a>
      </p>
    </div>
  );
}

/**
 * "Continue on another device": a link and QR code carrying this seat's rejoin token in the URL fragment.
 * The device that opens it takes the seat; this one is told it moved. QR code library and sentences load when asked.
 */
function MoveSeat({ runtime, code }: { runtime: PlayRuntime; code: string }) {
  const m = t().play;
  const [open, setOpen] = useState(false);
  // The panel's sentences are the exceptional screens' pack, asked for when it opens.
  const words = open ? rare()?.screen : undefined;
  const token = runtime.seatToken();
  if (!token) return null;
  const url = seatUrl(location.origin, code, token);
  return (
    <div class="move-seat">
      <button type="button" class="btn btn-ghost small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? m.moveClose : m.moveOpen}
      </button>
      {!open ? null : words ? (
        <div class="card move-seat-panel">
          <p>{words.moveText}</p>
          <QrCode text={url} label={words.moveQr} />
          <a data-testid="seat-link" href={url} class="join-link">
            {url}
          </a>
        </div>
      ) : (
        <Waiting />
      )}
    </div>
  );
}

/** A calm line while getting back in: never an error screen for someone who has a seat (docs/game-rules.md#nothing-lost). */
function reconnectHint(error: string | null): string {
  const m = t().play;
  if (!navigator.onLine) return m.hintOffline;
  if (error === 'SESSION_NOT_FOUND' || error === 'HOST_UNREACHABLE') return m.hintHostAway;
  if (error === 'SIGNALING_UNREACHABLE') return m.hintNoNetwork;
  return m.hintCalm;
}

/** Short buzzes where phones support them: a question opens, an answer is revealed. */
const VIBRATE_OPEN = 80;
const VIBRATE_REVEAL = [40, 60, 40];

function Game({ runtime, view }: { runtime: PlayRuntime; view: ParticipantView }) {
  const { play: m, board, category, prompt } = t();
  const q = view.question;
  const selected = runtime.selected.value;
  const questionLive = view.phase === 'question_open' || view.phase === 'question_paused';
  useWakeLock(questionLive);
  const moment = view.phase === 'question_open' || view.phase === 'question_revealed' ? `${view.phase}:${q?.id}` : null;
  useEffect(() => {
    if (!moment || !('vibrate' in navigator)) return;
    navigator.vibrate(moment.startsWith('question_open') ? VIBRATE_OPEN : VIBRATE_REVEAL);
  }, [moment]);
  return (
    <div class="game">
      <header class="play-header">
        <span class="pseudo" data-testid="my-pseudonym" dir="auto">
          {view.pseudonym}
        </span>
        <span class="score-pill">
          <span data-testid="my-score">{formatInt(view.score)}</span> {m.points}
        </span>
        <LangSwitch class="on-dark" />
      </header>
      {view.phase === 'waiting' ? (
        <section class="card center lobby">
          <p>{m.youAre}</p>
          <p class="big-name" dir="auto">
            {view.pseudonym}
          </p>
          <p>{m.waitingStart}</p>
          <p class="muted">
            <Isolated text={m.lobbyLine(view.players, view.maxPlayers, isolate(view.title))} />
          </p>
        </section>
      ) : null}
      {q && (view.phase === 'question_open' || view.phase === 'question_paused' || view.phase === 'question_revealed') ? (
        <section class="question">
          <div class="question-meta">
            <span class="chip">{category[q.category]}</span>
            <span class="progress">{m.progress(view.wineIndex + 1, view.wineCount, q.index + 1, q.count)}</span>
            {view.phase !== 'question_revealed' ? (
              <Timer remainingMs={q.remainingMs} at={runtime.viewAt.value} paused={view.phase === 'question_paused'} />
            ) : null}
          </div>
          <h1 class="prompt">{prompt[q.category]}</h1>
          {view.phase === 'question_paused' ? <p class="badge badge-paused">{m.paused}</p> : null}
          <div class="options" role="group" aria-label={m.answers}>
            {q.options.map((o, i) => {
              const isCorrect = q.correctOptionId === o.id;
              const isMine = selected === o.id;
              const revealed = q.correctOptionId !== null;
              return (
                <button
                  key={o.id}
                  type="button"
                  class={`option option-${i}${isMine ? ' selected' : ''}${revealed && isCorrect ? ' correct' : ''}${revealed && isMine && !isCorrect ? ' wrong' : ''}`}
                  data-testid="option"
                  data-option-id={o.id}
                  data-correct={revealed && isCorrect ? 'true' : undefined}
                  aria-pressed={isMine ? 'true' : 'false'}
                  disabled={revealed}
                  onClick={() => runtime.answer(o.id)}
                >
                  <span class="option-label">{OPTION_LABELS[i]}</span>
                  <span class="option-text" dir="auto">
                    {o.text}
                  </span>
                  {revealed && isCorrect ? <span class="mark" aria-label={m.correct}>✓</span> : null}
                  {revealed && isMine && !isCorrect ? <span class="mark" aria-label={m.wrongPick}>✗</span> : null}
                </button>
              );
            })}
          </div>
          {view.phase === 'question_revealed' ? (
            <div class={`result ${view.lastPoints ? 'result-win' : 'result-miss'}`} aria-live="polite">
              <span data-testid="my-points">{view.lastPoints ? `+${formatInt(view.lastPoints)}` : formatInt(0)}</span>
              <span>{view.lastPoints === null ? ` ${m.points} · ${m.noAnswer}` : ` ${m.points}`}</span>
            </div>
          ) : (
            <p class="hint">
              {view.phase === 'question_paused' ? m.hintPaused : selected ? m.hintChange : m.hintTap}
            </p>
          )}
        </section>
      ) : null}
      {view.phase === 'question_leaderboard' || view.phase === 'round_leaderboard' ? (
        <section>
          <Leaderboard
            rows={view.leaderboard.map((r) => ({ ...r, delta: r.winePoints }))}
            me={view.pseudonym}
            title={
              view.phase === 'round_leaderboard'
                ? board.wine(view.wineIndex + 1, view.wineName === null ? null : isolate(view.wineName))
                : board.standings
            }
          />
          <p class="muted center">{m.waitingHost}</p>
        </section>
      ) : null}
      {view.phase === 'ended' ? (
        <section>
          <h1 class="center">{m.finished(view.rank)}</h1>
          <Leaderboard rows={view.leaderboard} me={view.pseudonym} title={board.final} />
          <p class="center">
            <a class="btn btn-secondary" href="/play">
              {m.again}
            </a>
          </p>
        </section>
      ) : null}
      <MoveSeat runtime={runtime} code={view.code} />
    </div>
  );
}
