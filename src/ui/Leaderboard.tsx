import { formatInt, t } from '../i18n';
import { Isolated } from './bidi';

/** One row to show. `me` highlights the viewer's own row. */
export interface BoardRow {
  pseudonym: string;
  score: number;
  rank: number;
  /** Points won at the last reveal, shown as "+100" / "—" on the host's reveal screen. */
  delta?: number | null;
  offline?: boolean;
}

/**
 * A ranked list; the top 3 are highlighted, ties share a rank (docs/game-rules.md). `title` is a sentence whose
 * person-given parts (a wine's name) are marked with `isolate()` (src/ui/bidi.tsx).
 */
export function Leaderboard({ rows, me, title, showTitle = true }: { rows: BoardRow[]; me?: string; title: string; showTitle?: boolean }) {
  const m = t().board;
  return (
    <section class="leaderboard" data-testid="leaderboard" aria-label={title}>
      {showTitle ? (
        <h2>
          <Isolated text={title} />
        </h2>
      ) : null}
      {rows.length === 0 ? (
        <p class="muted">{m.noPlayers}</p>
      ) : (
        <ol>
          {rows.map((r) => (
            <li
              key={r.pseudonym}
              data-testid="leaderboard-row"
              data-pseudonym={r.pseudonym}
              data-score={r.score}
              data-rank={r.rank}
              class={`row${r.rank <= 3 ? ` top top-${r.rank}` : ''}${r.pseudonym === me ? ' me' : ''}${r.offline ? ' offline' : ''}`}
              aria-current={r.pseudonym === me ? 'true' : undefined}
            >
              <span class="rank">#{formatInt(r.rank)}</span>
              <span class="name">
                <bdi>{r.pseudonym}</bdi>
                {r.pseudonym === me ? ` ${m.you}` : ''}
                {r.offline ? <span class="badge">{m.offline}</span> : null}
              </span>
              {r.delta !== undefined ? <span class="delta">{r.delta ? `+${formatInt(r.delta)}` : '—'}</span> : null}
              <span class="score">{formatInt(r.score)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
