/**
 * `/host/<code>/results`: the results of a session as a page to print or save as PDF (docs/screens.md): title, date,
 * the final ranking with each player's points per wine, and the wines with their correct answers. Read-only, from the
 * session saved on this device; the print stylesheet (host.css) leaves out everything but the results.
 */
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { CATEGORIES, isCode, toTastingInput, type SessionState } from '../engine';
import { formatInt, t, th } from '../i18n';
import { formatLongDate } from '../i18n/dates';
import { loadSession } from '../store/sessions';
import { Isolated, isolate } from '../ui/bidi';
import { LangSwitch } from '../ui/LangSwitch';
import { downloadFile } from './download';
import { resultsCsv, resultsLines } from './results';

export function ResultsPage() {
  const code = useRoute().params.code ?? '';
  const [state, setState] = useState<SessionState | null | undefined>(undefined);
  useEffect(() => {
    if (!isCode(code)) return setState(null);
    loadSession(code).then(
      (record) => setState(record ? record.state : null),
      () => setState(null),
    );
  }, [code]);
  const m = th().results;
  useEffect(() => {
    if (state) document.title = `${state.tasting.title} — ${m.title}`;
  }, [state, m]);

  if (state === undefined) return <main class="page center" aria-busy="true"><div class="spinner" /></main>;
  if (state === null)
    return (
      <main class="page center">
        <h1>{th().session.notHereTitle(code)}</h1>
        <p>{th().session.notHereText}</p>
        <a class="btn btn-primary" href="/host">
          {th().session.yourTastings}
        </a>
      </main>
    );

  const { category } = t();
  const lines = resultsLines(state);
  const answers = toTastingInput(state.tasting);
  return (
    <main class="page results-page" data-testid="results-page" data-code={state.code}>
      <div class="results-actions no-print">
        <a class="btn btn-ghost" href="/host">
          {th().session.yourTastings}
        </a>
        <button type="button" class="btn btn-primary" data-testid="results-print" onClick={() => window.print()}>
          {m.print}
        </button>
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => downloadFile(`sommelier-${state.code}-results.csv`, resultsCsv(state), 'text/csv')}
        >
          {th().dashboard.exportCsv}
        </button>
        <LangSwitch />
      </div>
      <header class="results-head">
        <p class="results-brand">Sommelier Arena · {m.title}</p>
        <h1 dir="auto" data-testid="results-title">
          {state.tasting.title}
        </h1>
        <p class="muted" data-testid="results-date">
          {m.meta(formatLongDate(state.createdAt), state.code, state.participants.length)}
        </p>
        {state.phase === 'ended' ? null : (
          <p class="notice" role="status">
            {m.notOver}
          </p>
        )}
      </header>

      <section>
        <h2>{m.ranking}</h2>
        {lines.length === 0 ? (
          <p class="muted">{t().board.noPlayers}</p>
        ) : (
          <table class="results-table" data-testid="results-ranking">
            <thead>
              <tr>
                <th scope="col">{m.rank}</th>
                <th scope="col">{m.player}</th>
                {state.tasting.wines.map((w, wi) => (
                  <th scope="col" key={wi} class="num">
                    <Isolated text={m.wineColumn(wi + 1, isolate(w.name))} />
                  </th>
                ))}
                <th scope="col" class="num">
                  {m.total}
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((r) => (
                <tr key={r.pseudonym} data-testid="results-row" data-pseudonym={r.pseudonym} data-rank={r.rank} data-score={r.score}>
                  <td>{formatInt(r.rank)}</td>
                  <th scope="row" dir="auto">
                    {r.pseudonym}
                  </th>
                  {r.perWine.map((p, wi) => (
                    <td class="num" key={wi} data-testid="results-wine-points">
                      {formatInt(p)}
                    </td>
                  ))}
                  <td class="num total">{formatInt(r.score)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section>
        <h2>{m.wines}</h2>
        <div class="results-wines">
          {answers.wines.map((w, wi) => (
            <section class="results-wine" key={wi} data-testid="results-wine">
              <h3>
                <Isolated text={m.wineColumn(wi + 1, isolate(w.name))} />
              </h3>
              <dl>
                {CATEGORIES.map((cat, qi) => (
                  <div key={cat}>
                    <dt>{category[cat]}</dt>
                    <dd dir="auto" data-testid="results-answer" data-category={cat}>
                      {w.questions[qi]?.correct}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </section>
    </main>
  );
}
