/**
 * "My tastings": the tasting library on this device (src/store/tastings.ts). Serve one (a new session at once), edit,
 * rename in place, duplicate, export to a file, delete with undo.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TastingInput } from '../engine';
import { th } from '../i18n';
import { formatDateTime } from '../i18n/dates';
import { deleteTasting, newTastingId, saveTasting, type SavedTasting } from '../store/tastings';
import { isolate, Isolated } from '../ui/bidi';
import { downloadFile } from './download';
import { tastingFileName } from './TastingForm';
import { problemText } from './problem';

/** How a tasting is named in the library: its title, else its first wine's name (host eyes only), else "Untitled". */
export function libraryTitle(t: TastingInput): string {
  return t.title?.trim() || t.wines[0]?.name?.trim() || th().library.untitled;
}

/** A copy of `saved` under a new id, named "<title> (copy)", changed `now`. */
export function duplicateOf(saved: SavedTasting, now: number): SavedTasting {
  const tasting = structuredClone(saved.tasting);
  tasting.title = th().library.copyOf(libraryTitle(saved.tasting));
  return { id: newTastingId(), tasting, createdAt: now, updatedAt: now };
}

interface Props {
  items: SavedTasting[];
  /** Opens a session with this tasting. */
  onServe: (saved: SavedTasting) => Promise<void>;
  onEdit: (saved: SavedTasting) => void;
  /** The library changed: list it again. */
  onChanged: () => Promise<void>;
}

export function Library({ items, onServe, onEdit, onChanged }: Props) {
  const m = th().library;
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  const [deleted, setDeleted] = useState<SavedTasting | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The name field takes the focus when it opens (a keyboard user types the new name at once).
  const renamingId = renaming?.id;
  useEffect(() => {
    if (renamingId) (document.getElementById(`rename-${renamingId}`) as HTMLInputElement | null)?.select();
  }, [renamingId]);

  const act = async (id: string, work: () => Promise<void>) => {
    setBusy(id);
    setProblem(null);
    try {
      await work();
    } catch (e) {
      setProblem(problemText(e));
    } finally {
      setBusy(null);
    }
  };
  const rename = (saved: SavedTasting) =>
    act(saved.id, async () => {
      const title = renaming?.title.trim() ?? '';
      setRenaming(null);
      if (title === libraryTitle(saved.tasting)) return;
      await saveTasting({ ...saved, tasting: { ...saved.tasting, title }, updatedAt: Date.now() });
      await onChanged();
    });
  const duplicate = (saved: SavedTasting) =>
    act(saved.id, async () => {
      await saveTasting(duplicateOf(saved, Date.now()));
      await onChanged();
    });
  const remove = (saved: SavedTasting) =>
    act(saved.id, async () => {
      await deleteTasting(saved.id);
      setDeleted(saved);
      await onChanged();
    });
  const undo = () =>
    deleted &&
    act(deleted.id, async () => {
      await saveTasting(deleted);
      setDeleted(null);
      await onChanged();
    });

  if (items.length === 0 && !deleted) return null;
  return (
    <section aria-labelledby="library-title">
      <h2 id="library-title">{m.title}</h2>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      {deleted ? (
        <p class="notice undo" role="status">
          <Isolated text={m.deleted(isolate(libraryTitle(deleted.tasting)))} />{' '}
          <button type="button" class="btn btn-secondary" data-testid="library-undo" onClick={() => void undo()}>
            {th().dashboard.undo}
          </button>
        </p>
      ) : null}
      <ul class="session-list">
        {items.map((saved) => {
          const title = libraryTitle(saved.tasting);
          // For sentences and labels: the person's text isolated (src/ui/bidi.tsx).
          const named = isolate(title);
          const editingName = renaming?.id === saved.id;
          return (
            <li class="session-item card" key={saved.id} data-testid="library-item" data-id={saved.id}>
              <div class="session-main">
                {editingName ? (
                  <form
                    class="rename"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void rename(saved);
                    }}
                  >
                    <label for={`rename-${saved.id}`} class="visually-hidden">
                      {m.newName}
                    </label>
                    <input
                      id={`rename-${saved.id}`}
                      data-testid="library-rename-input"
                      dir="auto"
                      value={renaming.title}
                      maxLength={120}
                      onInput={(e) => setRenaming({ id: saved.id, title: (e.currentTarget as HTMLInputElement).value })}
                      onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                    />
                    <button type="submit" class="btn btn-primary" data-testid="library-rename-save">
                      {m.save}
                    </button>
                    <button type="button" class="btn btn-ghost" onClick={() => setRenaming(null)}>
                      {th().form.cancel}
                    </button>
                  </form>
                ) : (
                  <strong class="session-title" data-testid="library-title" dir="auto">
                    {title}
                  </strong>
                )}
                <span class="muted">{m.line(saved.tasting.wines.length, formatDateTime(saved.updatedAt))}</span>
              </div>
              <div class="session-actions">
                <button
                  type="button"
                  class="btn btn-primary"
                  data-testid="library-serve"
                  aria-label={m.serveLabel(named)}
                  disabled={busy !== null}
                  onClick={() => void act(saved.id, () => onServe(saved))}
                >
                  {m.serve}
                </button>
                <button type="button" class="btn btn-secondary" data-testid="library-edit" aria-label={m.editLabel(named)} onClick={() => onEdit(saved)}>
                  {m.edit}
                </button>
                <button
                  type="button"
                  class="btn btn-ghost"
                  data-testid="library-rename"
                  aria-label={m.renameLabel(named)}
                  onClick={() => setRenaming({ id: saved.id, title })}
                >
                  {m.rename}
                </button>
                <button
                  type="button"
                  class="btn btn-ghost"
                  data-testid="library-duplicate"
                  aria-label={m.duplicateLabel(named)}
                  onClick={() => void duplicate(saved)}
                >
                  {m.duplicate}
                </button>
                <button
                  type="button"
                  class="btn btn-ghost"
                  data-testid="library-export"
                  aria-label={m.exportLabel(named)}
                  onClick={() => downloadFile(tastingFileName(title), JSON.stringify(saved.tasting, null, 2), 'application/json')}
                >
                  {m.export}
                </button>
                <button
                  type="button"
                  class="btn btn-ghost"
                  data-testid="library-delete"
                  aria-label={m.deleteLabel(named)}
                  onClick={() => void remove(saved)}
                >
                  {th().dashboard.delete}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
