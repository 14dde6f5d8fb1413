// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnswerCombobox } from './AnswerCombobox';
import { CURATED } from './catalogue-data';
import { toEntries } from './suggest';

afterEach(cleanup);

const regions = toEntries(CURATED.region);

/** A field holding its own value, as the tasting form does; reports every value it receives. */
function Field({ initial = '', exclude, onValue }: { initial?: string; exclude?: string[]; onValue?: (v: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <form onSubmit={(e) => e.preventDefault()}>
      <AnswerCombobox
        label="Correct answer"
        value={value}
        onValue={(v) => {
          onValue?.(v);
          setValue(v);
        }}
        entries={regions}
        exclude={exclude}
        listLabel="Region suggestions"
        testId="answer-region"
        maxLength={120}
      />
    </form>
  );
}

const input = () => screen.getByTestId('answer-region') as HTMLInputElement;
const type = (text: string) => fireEvent.input(input(), { target: { value: text } });
const key = (k: string, init: KeyboardEventInit = {}) => fireEvent.keyDown(input(), { key: k, ...init });
const options = () => screen.queryAllByRole('option');
const listbox = () => document.getElementById(input().getAttribute('aria-controls')!)!;

describe('AnswerCombobox', () => {
  it('is a labelled combobox that starts closed', () => {
    render(<Field initial="Bordeaux" />);
    const el = screen.getByRole<HTMLInputElement>('combobox', { name: 'Correct answer' });
    expect(el).toBe(input());
    expect(el.value).toBe('Bordeaux');
    expect(el.getAttribute('aria-expanded')).toBe('false');
    expect(el.getAttribute('aria-autocomplete')).toBe('list');
    expect(el.getAttribute('autocomplete')).toBe('off');
    expect(el.maxLength).toBe(120);
    expect(listbox().getAttribute('role')).toBe('listbox');
    expect(listbox().hidden).toBe(true);
    expect(options()).toHaveLength(0);
  });

  it('keeps plain typing: every keystroke is the value, nothing is picked', () => {
    const seen: string[] = [];
    render(<Field onValue={(v) => seen.push(v)} />);
    type('Bord');
    type('Bordeaux Supérieur');
    key('Tab');
    fireEvent.blur(input());
    expect(seen).toEqual(['Bord', 'Bordeaux Supérieur']);
    expect(input().value).toBe('Bordeaux Supérieur');
    expect(input().getAttribute('aria-expanded')).toBe('false');
  });

  it('lists at most 10 matches while typing, accent- and case-insensitive, plus "Add" for a new value', () => {
    render(<Field />);
    type('france');
    expect(input().getAttribute('aria-expanded')).toBe('true');
    const list = screen.getByRole('listbox', { name: 'Region suggestions' });
    expect(list.hidden).toBe(false);
    const opts = options();
    expect(opts).toHaveLength(11);
    expect(opts[0]!.textContent).toBe('Bordeaux — Médoc (France)');
    expect(opts[0]!.querySelector('mark')!.textContent).toBe('France');
    expect(opts[10]!.textContent).toContain('Add “france”');

    type('SAINT EMIL');
    expect(options().map((o) => o.textContent)).toEqual(['Bordeaux — Saint-Émilion (France)', 'Add “SAINT EMIL”new answer, suggested next time']);
  });

  it('offers no "Add" for a value already in the catalogue, and hides the question\'s other answers', () => {
    render(<Field exclude={['Loire — Chinon (France)']} />);
    type('loire — vouvray (france)');
    expect(options().map((o) => o.textContent)).toEqual(['Loire — Vouvray (France)']);
    type('chinon');
    expect(options().map((o) => o.textContent)).toEqual(['Add “chinon”new answer, suggested next time']);
  });

  it('closes when the field is cleared or has nothing to show', () => {
    render(<Field />);
    type('pauil');
    expect(options()).toHaveLength(2);
    type('   ');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    expect(options()).toHaveLength(0);
  });

  it('moves with ↓/↑ (wrapping), exposes the active option, and picks it with Enter', () => {
    const seen: string[] = [];
    render(<Field onValue={(v) => seen.push(v)} />);
    type('côte');
    const n = options().length;
    expect(input().hasAttribute('aria-activedescendant')).toBe(false);
    key('ArrowDown');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[0]!.id);
    expect(options()[0]!.getAttribute('aria-selected')).toBe('true');
    key('ArrowDown');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[1]!.id);
    key('ArrowUp');
    key('ArrowUp');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[n - 1]!.id);
    key('ArrowDown');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[0]!.id);
    const first = options()[0]!.textContent!;
    const enter = fireEvent.keyDown(input(), { key: 'Enter', cancelable: true });
    expect(enter).toBe(false); // default prevented: the form does not submit
    expect(input().value).toBe(first);
    expect(seen.at(-1)).toBe(first);
    expect(input().getAttribute('aria-expanded')).toBe('false');
    expect(input().hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('leaves Enter alone when no option is active (the form submits as before)', () => {
    render(<Field />);
    type('bord');
    const enter = fireEvent.keyDown(input(), { key: 'Enter', cancelable: true });
    expect(enter).toBe(true);
    expect(input().value).toBe('bord');
    expect(input().getAttribute('aria-expanded')).toBe('false');
  });

  it('opens with ↓ on a closed field (Alt+↓ opens without choosing) and closes with Escape, keeping the text', () => {
    render(<Field initial="Pomerol" />);
    key('ArrowDown', { altKey: true });
    expect(options().map((o) => o.textContent)).toEqual(['Bordeaux — Pomerol (France)', 'Add “Pomerol”new answer, suggested next time']);
    expect(input().hasAttribute('aria-activedescendant')).toBe(false);
    const esc = fireEvent.keyDown(input(), { key: 'Escape', cancelable: true });
    expect(esc).toBe(false);
    expect(input().getAttribute('aria-expanded')).toBe('false');
    expect(input().value).toBe('Pomerol');
    key('ArrowUp');
    expect(options()).toHaveLength(2);
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[1]!.id);
  });

  it('picks an option on tap without taking the focus from the field', () => {
    render(<Field />);
    input().focus();
    type('barolo');
    const opt = screen.getByRole('option', { name: 'Piemonte — Barolo (Italy)' });
    expect(fireEvent.mouseDown(opt, { cancelable: true })).toBe(false);
    fireEvent.click(opt);
    expect(input().value).toBe('Piemonte — Barolo (Italy)');
    expect(document.activeElement).toBe(input());
    expect(options()).toHaveLength(0);
  });

  it('"Add" keeps the typed value, trimmed', () => {
    const seen: string[] = [];
    render(<Field onValue={(v) => seen.push(v)} />);
    type('  Côtes de Bourg ');
    // By text, not accessible name: happy-dom puts spaces around the <bdi> that isolates the value (no browser does).
    const add = screen.getAllByRole('option').find((o) => o.textContent?.startsWith('Add “Côtes de Bourg”'));
    fireEvent.click(add!);
    expect(input().value).toBe('Côtes de Bourg');
    expect(seen).toEqual(['  Côtes de Bourg ', 'Côtes de Bourg']);
  });

  it('closes on blur', () => {
    render(<Field />);
    type('loire');
    expect(options().length).toBeGreaterThan(0);
    fireEvent.blur(input());
    expect(options()).toHaveLength(0);
  });

  it('ignores keys during IME composition', () => {
    const onValue = vi.fn();
    render(<Field onValue={onValue} />);
    type('lo');
    onValue.mockClear();
    key('ArrowDown', { isComposing: true });
    expect(input().hasAttribute('aria-activedescendant')).toBe(false);
    key('Enter', { isComposing: true });
    expect(onValue).not.toHaveBeenCalled();
  });

  it('gives every field its own ids', () => {
    render(
      <>
        <Field />
        <Field />
      </>,
    );
    const [a, b] = screen.getAllByRole('combobox') as HTMLInputElement[];
    expect(a!.id).not.toBe(b!.id);
    expect(a!.getAttribute('aria-controls')).not.toBe(b!.getAttribute('aria-controls'));
  });
});
