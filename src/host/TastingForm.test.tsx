// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CATEGORIES, DEFAULT_ANSWERS, DEFAULT_TITLE, defaultTastingInput, MAX_TASTING_FILE_BYTES, type TastingInput } from '../engine';

const store = vi.hoisted(() => ({
  learned: {} as Record<string, string[]>,
  remembered: [] as unknown[],
}));
vi.mock('../store/catalogue', () => ({
  loadLearned: async () => store.learned,
  rememberAnswers: async (added: unknown) => void store.remembered.push(added),
}));

const { TastingForm } = await import('./TastingForm');

beforeEach(() => {
  store.learned = {};
  store.remembered = [];
});
afterEach(cleanup);

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe('TastingForm answer fields', () => {
  it('keeps every answer test id, pre-filled with the defaults, and plain typing', () => {
    render(<TastingForm initial={defaultTastingInput()} submitLabel="Create tasting" onSubmit={async () => {}} />);
    for (const cat of CATEGORIES) {
      const [correct, ...distractors] = DEFAULT_ANSWERS[cat];
      expect(field(`answer-${cat}`).value).toBe(correct);
      distractors.forEach((d, i) => expect(field(`distractor-${cat}-${i + 1}`).value).toBe(d));
    }
    fireEvent.input(field('distractor-region-2'), { target: { value: 'Jura' } });
    expect(field('distractor-region-2').value).toBe('Jura');
    expect(screen.getAllByRole('combobox')).toHaveLength(20);
    expect(screen.getAllByLabelText('Correct answer')).toHaveLength(5);
  });

  it('suggests the values this device remembered', async () => {
    store.learned = { grape_variety: ['Fer Servadou'] };
    render(<TastingForm initial={defaultTastingInput()} submitLabel="Create tasting" onSubmit={async () => {}} />);
    await waitFor(() => {
      fireEvent.input(field('answer-grape_variety'), { target: { value: 'serva' } });
      expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Fer Servadou', 'Add “serva”new answer, suggested next time']);
    });
  });

  it('remembers the new answers once the tasting is saved, not before', async () => {
    let saved: TastingInput | undefined;
    let release = () => {};
    const onSubmit = vi.fn((t: TastingInput) => {
      saved = t;
      return new Promise<void>((resolve) => (release = resolve));
    });
    render(<TastingForm initial={defaultTastingInput()} submitLabel="Create tasting" onSubmit={onSubmit} />);
    fireEvent.input(field('answer-wine_name'), { target: { value: ' Domaine X ' } });
    fireEvent.input(field('distractor-grape_variety-3'), { target: { value: 'Négrette' } });
    fireEvent.submit(screen.getByTestId('tasting-submit').closest('form')!);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(saved!.wines[0]!.questions[4]!.correct).toBe(' Domaine X ');
    expect(store.remembered).toEqual([]);
    release();
    await waitFor(() => expect(store.remembered).toEqual([{ grape_variety: ['Négrette'], wine_name: ['Domaine X'] }]));
  });

  it('remembers nothing when saving fails', async () => {
    render(
      <TastingForm
        initial={defaultTastingInput()}
        submitLabel="Create tasting"
        onSubmit={() => Promise.reject(new Error('Cannot reach the signaling server'))}
      />,
    );
    fireEvent.input(field('answer-wine_name'), { target: { value: 'Domaine X' } });
    fireEvent.submit(screen.getByTestId('tasting-submit').closest('form')!);
    await screen.findByText('Cannot reach the signaling server');
    expect(store.remembered).toEqual([]);
  });
});

describe('TastingForm import and what players see', () => {
  /** Picks `file` in the import input. */
  const pick = (file: File) => {
    const input = screen.getByTestId('tasting-import') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
  };

  it('refuses a file bigger than any tasting without reading it', async () => {
    render(<TastingForm initial={defaultTastingInput()} submitLabel="Create tasting" onSubmit={async () => {}} />);
    const huge = new File(['{"wines":[' + '{},'.repeat(MAX_TASTING_FILE_BYTES / 3) + '{}]}'], 'huge.json', { type: 'application/json' });
    const read = vi.spyOn(huge, 'text');
    pick(huge);
    expect((await screen.findByRole('alert')).textContent).toMatch(/huge\.json is too big to be a tasting file/);
    expect(read).not.toHaveBeenCalled();
    expect(screen.getAllByTestId('wine-name')).toHaveLength(1);
  });

  it('names the wine limit for a small file with too many wines', async () => {
    render(<TastingForm initial={defaultTastingInput()} submitLabel="Create tasting" onSubmit={async () => {}} />);
    pick(new File([JSON.stringify({ wines: Array.from({ length: 5000 }, () => ({})) })], 'many.json'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/wines: at most 30 wines$/);
  });

  it('never suggests a wine name as the title: players see the title before any wine is revealed', () => {
    render(<TastingForm initial={defaultTastingInput()} submitLabel="Create tasting" onSubmit={async () => {}} />);
    fireEvent.input(field('wine-name'), { target: { value: 'Château Secret' } });
    expect(field('tasting-title').placeholder).toBe(DEFAULT_TITLE);
    expect(screen.getByText(/Players see the title as soon as they join/)).toBeTruthy();
    expect(screen.getByLabelText(/players see it only after its 5 questions/)).toBe(field('wine-name'));
  });
});
