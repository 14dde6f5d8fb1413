/**
 * `/host/<code>/screen`: the projector view (docs/screens.md, "Projector view and keyboard shortcuts"), for a second window, tab or cast tab of
 * the host's device. Read-only: it shows the session as the running tab publishes it (screen-feed.ts), from the saved
 * session at first, and keeps its last picture while the host's tab reloads. Huge type, readable across a room.
 */
import './host.css';
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import {
  joinsClosed,
  answeredCount,
  currentQuestion,
  isCode,
  leaderboard,
  OPTION_LABELS,
  remainingMs,
  winePoints,
  type SessionState,
} from '../engine';
import { formatInt, t, th } from '../i18n';
import { loadSession } from '../store/sessions';
import { isolate } from '../ui/bidi';
import { Leaderboard, type BoardRow } from '../ui/Leaderboard';
import { QrCode } from '../ui/QrCode';
import { Timer } from '../ui/Timer';
import { useWakeLock } from '../ui/wake-lock';
import { joinAddress, joinUrl } from './join-link';
import { isScreenMessage, screenChannel, type ScreenMessage } from './screen-feed';

/**
 * The session as this screen knows it: `undefined` while loading, `null` when this device has no such session.
 * `live` is true while a tab of this browser runs the session and publishes it.
 */
function useFollowedSession(code: string): { state: SessionState | null | undefined; live: boolean } {
  const [state, setState] = useState<SessionState | null | undefined>(undefined);
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!isCode(code)) return setState(null);
    let heard = false;
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(screenChannel(code));
    if (channel) {
      channel.onmessage = (e: MessageEvent) => {
        if (!isScreenMessage(e.data)) return;
        if (e.data.type === 'gone') return setLive(false);
        if (e.data.type === 'state') {
          heard = true;
          setState(e.data.state);
          setLive(true);
        }
      };
      channel.postMessage({ type: 'hello' } satisfies ScreenMessage);
    }
    // The saved session shows at once (and is all there is while no tab runs it); never over a newer live one.
    loadSession(code).then(
      (record) => {
        if (!heard) setState(record ? record.state : null);
      },
      () => {
        if (!heard) setState(null);
      },
    );
    return () => channel?.close();
  }, [code]);
  return { state, live };
}

export function ProjectorPage() {
  const code = useRoute().params.code ?? '';
  const { state, live } = useFollowedSession(code);
  const m = th().screen;
  useWakeLock(!!state && state.phase !== 'ended');
  useEffect(() => {
    document.title = `${m.title(code)} — Sommelier Arena`;
  }, [code, m]);

  if (state === undefined) return <main class="projector center" aria-busy="true"><div class="spinner" /></main>;
  if (state === null)
    return (
      <main class="projector center" data-testid="projector">
        <h1>{th().session.notHereTitle(code)}</h1>
        <p>{th().session.notHereText}</p>
      </main>
    );
  // No tab runs the session (the host's tab closed): that is the news, and the join invitation would be a lie.
  const stopped = !live && state.phase !== 'ended';
  return (
    <main class={`projector${stopped ? ' screen-stopped' : ''}`} data-testid="projector" data-phase={state.phase}>
      <Corner s={state} live={live || stopped} />
      {stopped ? (
        <section class="screen-waiting" role="status" data-testid="projector-waiting">
          <h1>{m.waitingHost}</h1>
          <p>{m.waitingHostText}</p>
        </section>
      ) : null}
      {stopped && state.phase === 'waiting' ? null : state.phase === 'waiting' ? (
        <Lobby s={state} />
      ) : state.phase === 'ended' ? (
        <Leaderboard rows={rows(state)} title={t().board.final} />
      ) : state.phase === 'question_leaderboard' ? (
        <Leaderboard rows={rows(state)} title={t().board.standings} />
      ) : state.phase === 'round_leaderboard' ? (
        <WineResults s={state} />
      ) : (
        <Question s={state} />
      )}
    </main>
  );
}

const rows = (s: SessionState): BoardRow[] =>
  leaderboard(s).map((r) => ({ pseudonym: r.participantId, score: r.score, rank: r.rank }));

/** The session code in a corner, with the way in while latecomers may still join; and a word when no tab runs it. */
function Corner({ s, live }: { s: SessionState; live: boolean }) {
  const m = th().screen;
  const joinable = !joinsClosed(s);
  return (
    <header class="screen-corner">
      <span class="screen-title" dir="auto">
        {s.tasting.title}
      </span>
      {s.phase !== 'waiting' ? (
        <span class="screen-code">
          {joinable ? `${joinAddress()} · ` : ''}
          {th().session.code} <strong data-testid="session-code">{s.code}</strong>
        </span>
      ) : null}
      {live ? null : (
        <span class="screen-offline" role="status">
          {m.notLive}
        </span>
      )}
    </header>
  );
}

function Lobby({ s }: { s: SessionState }) {
  const m = th().screen;
  return (
    <section class={s.joinsLocked ? 'screen-lobby locked' : 'screen-lobby'}>
      <div class="screen-join">
        <p class="screen-address">{s.joinsLocked ? m.locked : m.joinAt(joinAddress())}</p>
        {s.joinsLocked ? null : (
          <p class="screen-big-code" data-testid="session-code" aria-label={th().session.codeAria(s.code.split('').join(' '))}>
            {s.code}
          </p>
        )}
        <p class="screen-players">{m.players(s.participants.length)}</p>
        <ul class="players screen-names">
          {s.participants.map((p) => (
            <li key={p.id}>{p.id}</li>
          ))}
        </ul>
      </div>
      {s.joinsLocked ? null : <QrCode text={joinUrl(s.code)} label={th().session.qrLabel} testId="join-qr" class="qr screen-qr" />}
    </section>
  );
}

function Question({ s }: { s: SessionState }) {
  const { category, prompt, play } = t();
  const m = th().screen;
  const q = currentQuestion(s)!;
  const wine = s.tasting.wines[s.wineIndex]!;
  const revealed = s.phase === 'question_revealed';
  const { answered, total } = answeredCount(s);
  const right = revealed ? Object.values(s.points[q.id] ?? {}).filter((p) => p > 0).length : 0;
  return (
    <section class="screen-question">
      <div class="question-meta">
        <span class="chip">{category[q.category]}</span>
        <span class="progress">{th().session.progress(s.wineIndex + 1, s.tasting.wines.length, s.questionIndex + 1, wine.questions.length)}</span>
        {s.phase === 'question_paused' ? <span class="badge badge-paused">{play.paused}</span> : null}
        {revealed ? null : <Timer remainingMs={remainingMs(s, s.updatedAt)} at={s.updatedAt} paused={s.phase === 'question_paused'} />}
      </div>
      <h1 class="prompt" data-testid="question-text">
        {prompt[q.category]}
      </h1>
      <ol class="options screen-options">
        {q.options.map((o, i) => {
          const correct = revealed && o.id === q.correctOptionId;
          return (
            <li
              key={o.id}
              class={`option option-${i}${correct ? ' correct' : ''}${revealed && !correct ? ' dim' : ''}`}
              data-correct={correct ? 'true' : undefined}
            >
              <span class="option-label">{OPTION_LABELS[i]}</span>
              <span class="option-text" dir="auto">
                {o.text}
              </span>
              {correct ? <span class="mark" aria-label={play.correct}>✓</span> : null}
            </li>
          );
        })}
      </ol>
      <p class="screen-answered">
        {revealed ? (
          m.right(right, total)
        ) : (
          <>
            <strong data-testid="answered-count">
              {formatInt(answered)}/{formatInt(total)}
            </strong>{' '}
            {th().session.answered}
          </>
        )}
      </p>
    </section>
  );
}

function WineResults({ s }: { s: SessionState }) {
  const wine = s.tasting.wines[s.wineIndex]!;
  const won = winePoints(s, s.wineIndex);
  return (
    <Leaderboard
      rows={rows(s).map((r) => ({ ...r, delta: won.get(r.pseudonym) ?? 0 }))}
      title={t().board.wine(s.wineIndex + 1, isolate(wine.name))}
    />
  );
}
