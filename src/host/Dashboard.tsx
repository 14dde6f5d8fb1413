/** The host's dashboard (docs/screens.md): sessions on this device, newest first, and "New tasting". */
import './host.css';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { defaultTastingInput, toTastingInput, type TastingInput } from '../engine';
import {
  discardUnreadable,
  listSessions,
  listUnreadable,
  saveSession,
  type HostRecord,
  type UnreadableSession,
} from '../store/sessions';
import { Isolated, isolate } from '../ui/bidi';
import { BrowserGate } from '../ui/BrowserGate';
import { th } from '../i18n';
import { formatDateTime } from '../i18n/dates';
import { LangSwitch } from '../ui/LangSwitch';
import { Leaderboard } from '../ui/Leaderboard';
import { listTastings, newTastingId, saveTasting, type SavedTasting } from '../store/tastings';
import './hosting';
import { createHostSession, deleteHostSession } from './active';
import { Library, libraryTitle } from './Library';
import { downloadFile } from './download';
import { listStatus, rankingRows, resultsCsv } from './results';
import { TastingForm } from './TastingForm';
import { problemText } from './problem';

/** `/host`, in a browser that can host (else what it lacks: BrowserGate). */
export function Dashboard() {
  return (
    <BrowserGate>
      <DashboardScreen />
    </BrowserGate>
  );
}

function DashboardScreen() {
  const m = th().dashboard;
  const { route } = useLocation();
  const [records, setRecords] = useState<HostRecord[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  /** The form on screen: a new tasting, or one of the library being edited. */
  const [form, setForm] = useState<{ kind: 'new' } | { kind: 'edit'; saved: SavedTasting } | null>(null);
  const creating = form !== null;
  const setCreating = (on: boolean) => setForm(on ? { kind: 'new' } : null);
  const [library, setLibrary] = useState<SavedTasting[]>([]);
  /** A short confirmation ("… is in your tastings"), or a problem with the last action. */
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [openResults, setOpenResults] = useState<string | null>(null);
  /** Saved sessions this version cannot open (set aside, or saved by a newer version). */
  const [unreadable, setUnreadable] = useState<UnreadableSession[]>([]);
  /** The last deleted session, kept in memory so "Undo" can put it back. */
  const [deleted, setDeleted] = useState<HostRecord | null>(null);

  const refresh = () =>
    Promise.all([listSessions(), listTastings().catch(() => [] as SavedTasting[])])
      .then(([r, saved]) => {
        setRecords(r);
        setLibrary(saved);
        // Nothing on this device yet: the form is the screen.
        if (r.length === 0 && saved.length === 0) setForm((f) => f ?? { kind: 'new' });
        return listUnreadable();
      })
      .then(setUnreadable, (e: unknown) => setLoadError(problemText(e)));
  const refreshLibrary = () => listTastings().then(setLibrary);
  const discard = async (entry: UnreadableSession) => {
    await discardUnreadable(entry);
    await refresh();
  };
  useEffect(() => void refresh(), []);

  const create = async (input: TastingInput) => {
    const runtime = await createHostSession(input);
    route(`/host/${runtime.code}`);
  };
  /** Keeps `input` in the library as a new entry, and says so. */
  const keep = async (input: TastingInput) => {
    const now = Date.now();
    await saveTasting({ id: newTastingId(), tasting: input, createdAt: now, updatedAt: now });
    setNotice({ ok: true, text: th().library.saved(isolate(libraryTitle(input))) });
    await refreshLibrary();
  };
  const saveNew = async (input: TastingInput) => {
    await keep(input);
    setForm(null);
  };
  const saveEdit = (saved: SavedTasting) => async (input: TastingInput) => {
    await saveTasting({ ...saved, tasting: input, updatedAt: Date.now() });
    setForm(null);
    await refreshLibrary();
  };
  /** Serves a tasting again (from the library or a past session): a new session, straight to its lobby. */
  const serve = async (input: TastingInput) => {
    try {
      await create(input);
    } catch (e) {
      setNotice({ ok: false, text: problemText(e) });
    }
  };

  const remove = async (code: string) => {
    setDeleted((await deleteHostSession(code)) ?? null);
    await refresh();
  };
  const undo = async () => {
    if (!deleted) return;
    await saveSession(deleted);
    setDeleted(null);
    setCreating(false);
    await refresh();
  };

  const active = records?.filter((r) => listStatus(r.state) !== 'ended') ?? [];
  const past = records?.filter((r) => listStatus(r.state) === 'ended') ?? [];

  const item = (r: HostRecord) => {
    const s = r.state;
    const status = listStatus(s);
    return (
      <li
        class="session-item card"
        key={s.code}
        data-testid="session-list-item"
        data-code={s.code}
        data-status={status}
        data-players={s.participants.length}
      >
        <div class="session-main">
          <strong class="session-title" dir="auto">
            {s.tasting.title}
          </strong>
          <span class={`badge badge-${status}`}>{m.status[status]}</span>
          <span class="muted">{m.line(s.code, s.participants.length, formatDateTime(s.createdAt))}</span>
        </div>
        <div class="session-actions">
          {status === 'ended' ? (
            <>
              <button
                type="button"
                class="btn btn-primary"
                data-testid="session-serve-again"
                aria-label={m.serveAgainLabel(isolate(s.tasting.title))}
                onClick={() => void serve(toTastingInput(s.tasting))}
              >
                {m.serveAgain}
              </button>
              <button
                type="button"
                class="btn btn-ghost"
                data-testid="session-keep"
                aria-label={m.keepLabel(isolate(s.tasting.title))}
                onClick={() => void keep(toTastingInput(s.tasting)).catch((e: unknown) => setNotice({ ok: false, text: problemText(e) }))}
              >
                {m.keep}
              </button>
              <button type="button" class="btn btn-secondary" onClick={() => setOpenResults(openResults === s.code ? null : s.code)}>
                {m.results}
              </button>
              <a class="btn btn-ghost" data-testid="session-print" href={`/host/${s.code}/results`} aria-label={th().results.openLabel(isolate(s.tasting.title))}>
                {th().results.open}
              </a>
              <button
                type="button"
                class="btn btn-ghost"
                data-testid="session-export-csv"
                onClick={() => downloadFile(`sommelier-${s.code}-results.csv`, resultsCsv(s), 'text/csv')}
              >
                {m.exportCsv}
              </button>
            </>
          ) : null}
          <a class={`btn ${status === 'ended' ? 'btn-secondary' : 'btn-primary'}`} data-testid="session-open" href={`/host/${s.code}`}>
            {m.open}
          </a>
          <button type="button" class="btn btn-ghost" data-testid="session-delete" aria-label={m.deleteLabel(s.code)} onClick={() => remove(s.code)}>
            {m.delete}
          </button>
        </div>
        {openResults === s.code ? (
          <Leaderboard
            title={m.finalResults}
            rows={rankingRows(s)}
          />
        ) : null}
      </li>
    );
  };

  return (
    <main class="page dashboard">
      <header class="page-header">
        <a href="/" class="home-link" aria-label={m.home}>
          <img src="/icons/icon.svg" alt="" width="28" height="28" /> Sommelier Arena
        </a>
        <span class="header-actions">
          {records !== null && !creating ? (
            <button type="button" class="btn btn-primary" data-testid="tasting-new" onClick={() => setCreating(true)}>
              {m.newTasting}
            </button>
          ) : null}
          <LangSwitch class="on-dark" />
        </span>
      </header>
      {loadError ? <p class="error" role="alert">{m.cannotStore(loadError)}</p> : null}
      {unreadable.length > 0 ? (
        <section class="notice" role="status" data-testid="sessions-unreadable">
          <p>{m.unreadableNote}</p>
          <ul class="unreadable-list">
            {unreadable.map((u) => (
              <li key={`${u.code}@${u.setAsideAt}`} data-testid="session-unreadable" data-code={u.code}>
                <span>{m.unreadable(u.code, u.newer)}</span>
                <span class="unreadable-actions">
                  <button
                    type="button"
                    class="btn btn-ghost small"
                    aria-label={m.downloadSavedLabel(u.code)}
                    onClick={() => downloadFile(`sommelier-${u.code}-saved.json`, JSON.stringify(u, null, 2), 'application/json')}
                  >
                    {m.download}
                  </button>
                  {u.newer ? null : (
                    <button
                      type="button"
                      class="btn btn-ghost small"
                      aria-label={m.discardSavedLabel(u.code)}
                      onClick={() => void discard(u)}
                    >
                      {m.discard}
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {deleted ? (
        <p class="notice undo" role="status">
          <Isolated text={m.deleted(isolate(deleted.state.tasting.title), deleted.state.code)} />{' '}
          <button type="button" class="btn btn-secondary" onClick={() => void undo()}>
            {m.undo}
          </button>
        </p>
      ) : null}
      {notice ? (
        <p class={notice.ok ? 'notice' : 'error'} role={notice.ok ? 'status' : 'alert'} data-testid="dashboard-notice">
          <Isolated text={notice.text} />
        </p>
      ) : null}
      {form?.kind === 'new' ? (
        <section>
          <h1>{m.newTitle}</h1>
          <TastingForm
            initial={defaultTastingInput(th().form.defaultWineName(1))}
            submitLabel={m.create}
            onSubmit={create}
            onSave={saveNew}
            onCancel={(records && records.length > 0) || library.length > 0 ? () => setForm(null) : undefined}
          />
        </section>
      ) : form?.kind === 'edit' ? (
        <section>
          <h1>{th().library.editTitle}</h1>
          <TastingForm
            key={form.saved.id}
            initial={form.saved.tasting}
            submitLabel={th().form.save}
            onSubmit={saveEdit(form.saved)}
            onCancel={() => setForm(null)}
          />
        </section>
      ) : null}
      {records && records.length === 0 && library.length === 0 && !creating ? <p class="muted">{m.empty}</p> : null}
      {form?.kind === 'edit' ? null : (
        <Library
          items={library}
          onServe={(saved) => serve(saved.tasting)}
          onEdit={(saved) => {
            setNotice(null);
            setForm({ kind: 'edit', saved });
            window.scrollTo({ top: 0 });
          }}
          onChanged={refreshLibrary}
        />
      )}
      {active.length > 0 ? (
        <section>
          <h2>{m.active}</h2>
          <ul class="session-list">{active.map(item)}</ul>
        </section>
      ) : null}
      {past.length > 0 ? (
        <section>
          <h2>{m.past}</h2>
          <ul class="session-list">{past.map(item)}</ul>
        </section>
      ) : null}
    </main>
  );
}
