/**
 * A text field with answer suggestions (docs/game-rules.md#answer-suggestions), following the ARIA 1.2 combobox pattern with list
 * autocomplete: typing filters, ↓/↑ move through the list, Enter picks, Escape closes, a tap picks. Free text
 * always stays; nothing is picked unless the host asks, so plain typing behaves exactly like a plain input.
 */
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { th } from '../i18n';
import { Isolated, isolate } from '../ui/bidi';
import { placeList, suggest, type CatalogueEntry } from './suggest';

interface Props {
  /** Visible label of the field ("Correct answer"). */
  label: string;
  value: string;
  onValue: (value: string) => void;
  entries: readonly CatalogueEntry[];
  /** Values never suggested here (the question's other answers). */
  exclude?: readonly string[];
  /** Accessible name of the list ("Region suggestions"). */
  listLabel: string;
  testId: string;
  maxLength?: number;
  /** Extra class of the wrapper. */
  class?: string;
  /** Selector of the closest ancestor the open list must stay inside (it flips above the field if needed). */
  within?: string;
}

/** One row of the list: a catalogue value (with the matched part) or "Add" for a new value. */
type Row = { kind: 'value'; value: string; match: [number, number] | null } | { kind: 'add'; value: string };

/** Gap between the field and the list, and the height the list keeps if it can (≈ 1.5 rows), in px. */
const GAP = 4;
const MIN_LIST_HEIGHT = 66;

/** The value with its matched part in a <mark>. */
function Highlighted({ value, match }: { value: string; match: [number, number] | null }) {
  if (!match) return <>{value}</>;
  const [from, to] = match;
  return (
    <>
      {value.slice(0, from)}
      <mark>{value.slice(from, to)}</mark>
      {value.slice(to)}
    </>
  );
}

/** The answer field: a labelled input (role combobox) and its suggestion list. */
export function AnswerCombobox({ label, value, onValue, entries, exclude, listLabel, testId, maxLength, class: cls, within }: Props) {
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  /** The rows listed for a field value: up to 10 matches, then "Add" if the value is new. */
  const rowsFor = (v: string): Row[] => {
    const { items, known } = suggest(v, entries, { exclude });
    const rows: Row[] = items.map((s) => ({ kind: 'value', value: s.value, match: s.match }));
    const typed = v.trim();
    if (typed !== '' && !known) rows.push({ kind: 'add', value: typed });
    return rows;
  };
  const rows = open ? rowsFor(value) : [];
  const expanded = open && rows.length > 0;
  const current = expanded && active >= 0 && active < rows.length ? active : -1;

  const close = () => {
    setOpen(false);
    setActive(-1);
  };
  const choose = (row: Row) => {
    onValue(row.value);
    close();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing) return;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        const n = open ? rows.length : rowsFor(value).length;
        const down = e.key === 'ArrowDown';
        if (!open) setOpen(true);
        // Alt+↓ only opens; otherwise move, wrapping around (from nothing: ↓ to the first, ↑ to the last).
        if (e.altKey) setActive(-1);
        else if (n) setActive(down ? (current + 1) % n : current <= 0 ? n - 1 : current - 1);
        break;
      }
      case 'Enter':
        // With a row highlighted, Enter picks it; otherwise the form submits as it always did.
        if (current >= 0) {
          e.preventDefault();
          choose(rows[current]!);
        } else close();
        break;
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          e.stopPropagation();
        }
        close();
        break;
      case 'Tab':
        close();
        break;
    }
  };

  // Place the open list where it fits: below, or above when the space below is short.
  useLayoutEffect(() => {
    const input = inputRef.current;
    const list = listRef.current;
    if (!expanded || !input || !list) return;
    const place = () => {
      list.style.maxHeight = '';
      const a = input.getBoundingClientRect();
      if (a.height === 0) return; // not laid out (hidden, or a DOM without layout)
      const cssMax = parseFloat(getComputedStyle(list).maxHeight);
      const wanted = Math.min(list.scrollHeight, Number.isFinite(cssMax) ? cssMax : Infinity);
      const box = within ? input.closest(within)?.getBoundingClientRect() : undefined;
      const vv = window.visualViewport;
      const softTop = vv ? vv.offsetTop : 0;
      const softBottom = softTop + (vv ? vv.height : window.innerHeight);
      const p = placeList({
        anchorTop: a.top,
        anchorBottom: a.bottom,
        hardTop: box?.top ?? -Infinity,
        hardBottom: box?.bottom ?? Infinity,
        softTop,
        softBottom,
        wanted,
        gap: GAP,
        minHeight: MIN_LIST_HEIGHT,
      });
      list.dataset.place = p.side;
      list.style.maxHeight = `${p.maxHeight}px`;
    };
    place();
    const vv = window.visualViewport;
    window.addEventListener('resize', place);
    vv?.addEventListener('resize', place);
    return () => {
      window.removeEventListener('resize', place);
      vv?.removeEventListener('resize', place);
    };
  }, [expanded, rows.length, value, within]);

  // Keep the highlighted row visible inside the list (without scrolling the page).
  useLayoutEffect(() => {
    const list = listRef.current;
    const el = current >= 0 ? (list?.children[current] as HTMLElement | undefined) : undefined;
    if (!list || !el) return;
    if (el.offsetTop < list.scrollTop) list.scrollTop = el.offsetTop;
    else if (el.offsetTop + el.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = el.offsetTop + el.offsetHeight - list.clientHeight;
  }, [current]);

  return (
    <div class={cls ? `combo-field ${cls}` : 'combo-field'}>
      <label for={inputId}>{label}</label>
      <div class="combo">
        <input
          ref={inputRef}
          id={inputId}
          data-testid={testId}
          dir="auto"
          value={value}
          maxLength={maxLength}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={current >= 0 ? optionId(current) : undefined}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => {
            const v = e.currentTarget.value;
            onValue(v);
            setOpen(v.trim() !== '');
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <ul
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label={listLabel}
          class="combo-list"
          hidden={!expanded}
          // Keep the focus in the field when the list (or its scrollbar) is pressed.
          onMouseDown={(e) => e.preventDefault()}
        >
          {expanded
            ? rows.map((row, i) => (
                <li
                  key={`${row.kind}:${row.value}`}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  class={`combo-option${row.kind === 'add' ? ' combo-add' : ''}`}
                  onClick={() => choose(row)}
                >
                  {row.kind === 'value' ? (
                    <span dir="auto">
                      <Highlighted value={row.value} match={row.match} />
                    </span>
                  ) : (
                    <>
                      <span>
                        <Isolated text={th().form.addValue(isolate(row.value))} />
                      </span>
                      <span class="combo-hint">{th().form.addHint}</span>
                    </>
                  )}
                </li>
              ))
            : null}
        </ul>
      </div>
    </div>
  );
}
