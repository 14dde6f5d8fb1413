// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Isolated, isolate } from './bidi';

const RLO = '\u202E';
afterEach(cleanup);

/** The rendered nodes: text as itself, a <bdi> as [its text]. */
function nodes(text: string): (string | [string])[] {
  const { container } = render(<p><Isolated text={text} /></p>);
  return [...container.firstChild!.childNodes].map((n) => (n.nodeName === 'BDI' ? [n.textContent!] : n.textContent!));
}

describe('bidi isolation', () => {
  it('renders each isolated part as a <bdi>, the sentence around as text in order', () => {
    expect(nodes(`Wine 1 — ${isolate(`Evil ${RLO}name`)}: results`)).toEqual(['Wine 1 — ', [`Evil ${RLO}name`], ': results']);
  });

  it('keeps the person\'s own isolates inside their part, and shows the text exactly as typed', () => {
    const name = 'a\u2067b\u2069c';
    expect(nodes(`x ${isolate(name)} y ${isolate('z')}`)).toEqual(['x ', [name], ' y ', ['z']]);
  });

  it('a sentence without isolates is plain text', () => {
    expect(nodes('Standings')).toEqual(['Standings']);
  });

  it('in a plain string (attribute, CSV) the part sits between FSI and PDI', () => {
    expect(isolate('שלום')).toBe('\u2068שלום\u2069');
  });
});
