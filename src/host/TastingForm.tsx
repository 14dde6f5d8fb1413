/**
 * The tasting form (docs/tasting-format.md, docs/game-rules.md, docs/screens.md): title, timer, wines × 5 questions with answer
 * suggestions, import/export.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  CATEGORIES,
  checkTasting,
  defaultWine,
  MAX_TASTING_FILE_BYTES,
  MAX_TEXT_LENGTH,
  TastingError,
  TIMER_DEFAULT_S,
  TIMER_MAX_S,
  TIMER_MIN_S,
  TIMER_STEP_S,
  type TastingInput,
  type TastingIssue,
} from '../engine';
import { loadLearned, rememberAnswers, type LearnedAnswers } from '../store/catalogue';
import { t as common, th } from '../i18n';
import { Isolated, isolate } from '../ui/bidi';
import { AnswerCombobox } from './AnswerCombobox';
import { CURATED } from './catalogue-data';
import { suggestDistractors } from './distractors';
import { problemText } from './problem';
import { downloadFile } from './download';
import { secureRandom } from './random';
import { buildCatalogue, newAnswers } from './suggest';

/** The input a tasting issue points at (by test id, in wine order), to focus it. */
function fieldOf(form: HTMLFormElement | null, issue: TastingIssue): HTMLElement | null {
  if (!form || issue.wineIndex === undefined) return form?.querySelector<HTMLElement>('#tasting-title') ?? null;
  const testId =
    issue.field === 'name'
      ? 'wine-name'
      : issue.field === 'correct'
        ? `answer-${issue.category}`
        : issue.category
          ? `distractor-${issue.category}-${(issue.distractor ?? 0) + 1}`
          : 'wine-name';
  return form.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)[issue.wineIndex] ?? null;
}

/** `issue` with the answer it quotes (the host's own text) isolated for a sentence (src/ui/bidi.tsx). */
function isolatedIssue(issue: TastingIssue): TastingIssue {
  const text = issue.params?.text;
  return text === undefined ? issue : { ...issue, params: { ...issue.params, text: isolate(text) } };
}

/**
 * The first issue in words a host understands, in the current language: "Wine 1 — Wine name: correct answer is
 * required".
 */
export function formIssueMessage(found: TastingIssue): string {
  const h = th();
  const issue = isolatedIssue(found);
  if (issue.wineIndex === undefined) return h.issueAt(issue.field === 'timer' ? h.issueWhere.timer : h.issueWhere.title, h.issue(issue));
  const wine = h.issueWhere.wine(issue.wineIndex + 1);
  return h.issueAt(issue.category ? `${wine} — ${common().category[issue.category]}` : wine, h.issue(issue));
}

/** File name for an exported tasting: the title in lower-case ASCII words, `.json`. */
export function tastingFileName(title: string): string {
  const slug = title.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${slug || 'tasting'}.json`;
}

interface Props {
  initial: TastingInput;
  submitLabel: string;
  /** Called with a valid tasting; reject with an Error to show its message. */
  onSubmit: (input: TastingInput) => Promise<void>;
  onCancel?: () => void;
  /** A second way out, "Save to library" (`tasting-save`): called with a valid tasting, like `onSubmit`. */
  onSave?: (input: TastingInput) => Promise<void>;
}

/** The form for a new tasting or an edit; new answers join this device's suggestions once it is saved. */
export function TastingForm({ initial, submitLabel, onSubmit, onCancel, onSave }: Props) {
  const h = th();
  const { category } = common();
  const [t, setT] = useState<TastingInput>(() => structuredClone(initial));
  const [error, setError] = useState<string | null>(null);
  /** Result of the last file import, shown beside the import button. */
  const [imported, setImported] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [learned, setLearned] = useState<LearnedAnswers>({});
  const catalogue = useMemo(() => buildCatalogue(CURATED, learned), [learned]);
  const timer = t.timerSeconds ?? TIMER_DEFAULT_S;

  // Answers remembered on this device join the suggestions; without storage the built-in catalogue still works.
  useEffect(() => {
    loadLearned().then(setLearned, () => undefined);
  }, []);

  const update = (fn: (draft: TastingInput) => void) =>
    setT((prev) => {
      const draft = structuredClone(prev);
      fn(draft);
      return draft;
    });

  /** Checks the tasting, then hands it to `done` (create, save changes, save to library). */
  const finish = async (done: (input: TastingInput) => Promise<void>) => {
    const issues = checkTasting(t);
    if (issues.length) {
      setError(formIssueMessage(issues[0]!));
      fieldOf(formRef.current, issues[0]!)?.focus();
      return;
    }
    setError(null);
    setBusy(true);
    try {
      // A session's blank title becomes the neutral default in the host's language, never a wine's name (players
      // see the title first); a tasting saved to the library keeps its blank.
      await done(done === onSubmit && !t.title?.trim() ? { ...t, title: h.form.defaultTitle } : t);
      // Created or saved: remember the answers the catalogue lacks (best effort, never blocks the host).
      rememberAnswers(newAnswers(t, catalogue)).catch(() => undefined);
    } catch (err) {
      setError(err instanceof TastingError ? formIssueMessage(err.issues[0]!) : problemText(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    void finish(onSubmit);
  };

  /** Fills the three distractors of question `qi` of wine `wi` with plausible catalogue values (editable after). */
  const suggestFor = (wi: number, qi: number) =>
    update((d) => {
      const wine = d.wines[wi]!;
      const q = wine.questions[qi]!;
      const picks = suggestDistractors({
        category: q.category,
        correct: q.correct,
        wine: { color: wine.questions[0]?.correct, region: wine.questions[1]?.correct },
        learned: learned[q.category],
        thisYear: new Date().getFullYear(),
        random: secureRandom,
      });
      picks.forEach((value, i) => (q.distractors[i] = value));
    });

  const importFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    // Stop at the first limit: a file bigger than any real tasting is refused before it is read or parsed.
    if (file.size > MAX_TASTING_FILE_BYTES) {
      setImported({ ok: false, text: h.form.fileTooBig(file.name, MAX_TASTING_FILE_BYTES) });
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      setImported({ ok: false, text: h.form.notJson(isolate(file.name)) });
      return;
    }
    const issues = checkTasting(data);
    if (issues.length) {
      setImported({ ok: false, text: h.form.cannotImport(isolate(file.name), issues[0]!.path, h.issue(isolatedIssue(issues[0]!))) });
      return;
    }
    const d = data as TastingInput;
    setT({ title: d.title ?? '', timerSeconds: d.timerSeconds ?? TIMER_DEFAULT_S, wines: d.wines });
    setError(null);
    const n = d.wines.length;
    setImported({ ok: true, text: h.form.imported(n, isolate(file.name)) });
  };

  return (
    <form class="tasting-form" onSubmit={submit} noValidate ref={formRef}>
      <div class="form-row file-row">
        <label class="btn btn-secondary file-btn">
          {h.form.import}
          <input type="file" accept="application/json,.json" data-testid="tasting-import" onChange={importFile} />
        </label>
        <button
          type="button"
          class="btn btn-ghost"
          onClick={() => downloadFile(tastingFileName(t.title || t.wines[0]?.name || ''), JSON.stringify(t, null, 2), 'application/json')}
        >
          {h.form.export}
        </button>
      </div>
      {imported ? (
        <p class={imported.ok ? 'notice' : 'error'} role={imported.ok ? 'status' : 'alert'}>
          <Isolated text={imported.text} />
        </p>
      ) : null}
      <div class="form-row">
        <label for="tasting-title">{h.form.title}</label>
        <input
          id="tasting-title"
          data-testid="tasting-title"
          dir="auto"
          value={t.title ?? ''}
          placeholder={h.form.defaultTitle}
          maxLength={120}
          aria-describedby="tasting-title-hint"
          onInput={(e) => update((d) => void (d.title = (e.currentTarget as HTMLInputElement).value))}
        />
        <p id="tasting-title-hint" class="muted small field-hint">
          {h.form.titleHint}
        </p>
      </div>
      <div class="form-row">
        <label for="timer-seconds">
          {h.form.timer} <strong>{h.form.seconds(timer)}</strong>
        </label>
        <input
          id="timer-seconds"
          data-testid="timer-seconds"
          type="range"
          min={TIMER_MIN_S}
          max={TIMER_MAX_S}
          step={TIMER_STEP_S}
          value={timer}
          onInput={(e) => update((d) => void (d.timerSeconds = Number((e.currentTarget as HTMLInputElement).value)))}
        />
      </div>
      {t.wines.map((wine, wi) => (
        <fieldset class="wine card" key={wi}>
          <legend>{h.form.wine(wi + 1)}</legend>
          <div class="form-row">
            <label for={`wine-name-${wi}`}>{h.form.wineName}</label>
            <input
              id={`wine-name-${wi}`}
              data-testid="wine-name"
              dir="auto"
              value={wine.name}
              maxLength={120}
              onInput={(e) => update((d) => void (d.wines[wi]!.name = (e.currentTarget as HTMLInputElement).value))}
            />
          </div>
          <div class="wine-questions">
            {CATEGORIES.map((cat, qi) => {
              const q = wine.questions[qi] ?? { category: cat, correct: '', distractors: ['', '', ''] };
              const answers = [q.correct, q.distractors[0] ?? '', q.distractors[1] ?? '', q.distractors[2] ?? ''];
              const setAnswer = (ai: number, value: string) =>
                update((d) => {
                  const dq = d.wines[wi]!.questions[qi]!;
                  if (ai === 0) dq.correct = value;
                  else dq.distractors[ai - 1] = value;
                });
              return (
                <div class="question-fields" key={cat}>
                  <div class="question-head">
                    <h3>{category[cat]}</h3>
                    <button
                      type="button"
                      class="btn btn-ghost small"
                      data-testid={`suggest-${cat}`}
                      aria-label={h.form.suggestLabel(category[cat], wi + 1)}
                      onClick={() => suggestFor(wi, qi)}
                    >
                      {h.form.suggest}
                    </button>
                  </div>
                  <div class="answers-grid">
                    {answers.map((value, ai) => (
                      <AnswerCombobox
                        key={ai}
                        class={ai === 0 ? 'correct-field' : undefined}
                        label={ai === 0 ? h.form.correct : h.form.distractor(ai)}
                        testId={ai === 0 ? `answer-${cat}` : `distractor-${cat}-${ai}`}
                        value={value}
                        maxLength={MAX_TEXT_LENGTH}
                        onValue={(v) => setAnswer(ai, v)}
                        entries={catalogue[cat]}
                        exclude={answers.filter((_, j) => j !== ai)}
                        listLabel={h.form.suggestions(category[cat])}
                        within=".wine-questions"
                      />
                    ))}
                  </div>
                </div>
              );
            })}
          </div>
          {t.wines.length > 1 ? (
            <button type="button" class="btn btn-ghost" onClick={() => update((d) => void d.wines.splice(wi, 1))}>
              {h.form.removeWine(wi + 1)}
            </button>
          ) : null}
        </fieldset>
      ))}
      <button
        type="button"
        class="btn btn-secondary"
        data-testid="wine-add"
        onClick={() => update((d) => void d.wines.push(defaultWine(d.wines.length + 1, h.form.defaultWineName(d.wines.length + 1))))}
      >
        {h.form.addWine}
      </button>
      <div class="form-actions">
        {error ? (
          <p class="error form-error" role="alert">
            <Isolated text={error} />
          </p>
        ) : null}
        {onCancel ? (
          <button type="button" class="btn btn-ghost" onClick={onCancel}>
            {h.form.cancel}
          </button>
        ) : null}
        {onSave ? (
          <button type="button" class="btn btn-secondary" data-testid="tasting-save" disabled={busy} onClick={() => void finish(onSave)}>
            {h.form.saveToLibrary}
          </button>
        ) : null}
        <button type="submit" class="btn btn-primary btn-xl" data-testid="tasting-submit" disabled={busy}>
          {busy ? h.form.wait : submitLabel}
        </button>
      </div>
    </form>
  );
}
