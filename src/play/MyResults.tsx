/**
 * `/play/results`: the final results this phone kept (src/play/my-results.ts), newest first, each with its
 * leaderboard on a tap — for the guest who wants to see again, the next day, how the tasting went.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatInt, lang, loadPack, t, tHome } from '../i18n';
import { LangSwitch } from '../ui/LangSwitch';
import { myResults, type MyResult } from './my-results';

export function MyResults() {
  const m = tHome();
  useEffect(() => void (m ? undefined : loadPack('home')), [m]);
  const [open, setOpen] = useState<string | null>(null);
  if (!m) return <main class="page play" aria-busy="true" />;
  const results = myResults();
  const date = new Intl.DateTimeFormat(lang.value, { dateStyle: 'medium' });
  return (
    <main class="page play my-results" data-testid="my-results">
      <div class="top-bar">
        <LangSwitch />
      </div>
      <h1>{m.results.title}</h1>
      {results.length === 0 ? <p class="muted">{m.results.empty}</p> : null}
      <ul class="my-results-list">
        {results.map((r) => {
          const key = `${r.code}:${r.pseudonym}`;
          const shown = open === key;
          return (
            <li key={key} class="card" data-testid="my-result" data-code={r.code} data-rank={r.rank} data-score={r.score}>
              <button
                type="button"
                class="my-result-head"
                aria-expanded={shown}
                onClick={() => setOpen(shown ? null : key)}
              >
                <strong dir="auto">{r.title}</strong>
                <span class="muted">{m.results.line(r.rank, r.board.length, r.score, date.format(r.at))}</span>
                <span class="muted small">
                  {t().play.youAre} <bdi>{r.pseudonym}</bdi>
                </span>
                <span class="btn-ghost">{shown ? m.results.hide : m.results.show}</span>
              </button>
              {shown ? <Board result={r} /> : null}
            </li>
          );
        })}
      </ul>
      <p class="center">
        <a class="btn btn-secondary" href="/">
          {m.results.back}
        </a>
      </p>
    </main>
  );
}

/**
 * A kept final leaderboard, in the leaderboard's markup and test ids. Not the shared Leaderboard component: importing
 * it from this screen would split the chunk the phone shares with the host (docs/performance.md).
 */
function Board({ result }: { result: MyResult }) {
  const title = t().board.final;
  return (
    <section class="leaderboard" data-testid="leaderboard" aria-label={title}>
      <ol>
        {result.board.map((r) => {
          const me = r.pseudonym === result.pseudonym;
          return (
            <li
              key={r.pseudonym}
              data-testid="leaderboard-row"
              data-pseudonym={r.pseudonym}
              data-score={r.score}
              data-rank={r.rank}
              class={`row${r.rank <= 3 ? ` top top-${r.rank}` : ''}${me ? ' me' : ''}`}
              aria-current={me ? 'true' : undefined}
            >
              <span class="rank">#{formatInt(r.rank)}</span>
              <span class="name">
                <bdi>{r.pseudonym}</bdi>
                {me ? ` ${t().board.you}` : ''}
              </span>
              <span class="score">{formatInt(r.score)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
