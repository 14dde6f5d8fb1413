import { describe, expect, it } from 'vitest';
import { foldText } from './answer-key';

describe('foldText', () => {
  it('drops case and accents, spells out ligatures', () => {
    expect(foldText('Rosé').text).toBe('rose');
    expect(foldText('CÔTE-RÔTIE').text).toBe('cote rotie');
    expect(foldText('Bœuf Æther Straße').text).toBe('boeuf aether strasse');
    expect(foldText('Rose\u0301').text).toBe('rose'); // decomposed input
  });

  it('drops apostrophes and turns dashes and punctuation into single spaces, trimmed', () => {
    expect(foldText("Château d'Yquem").text).toBe('chateau dyquem');
    expect(foldText('Château d’Yquem').text).toBe('chateau dyquem');
    expect(foldText('  Bordeaux — Saint-Émilion (France)  ').text).toBe('bordeaux saint emilion (france)');
  });

  it('maps every folded character back to its original index', () => {
    const f = foldText('Œil-de-Perdrix');
    expect(f.text).toBe('oeil de perdrix');
    expect(f.map.length).toBe(f.text.length);
    expect(f.map.slice(0, 4)).toEqual([0, 0, 1, 2]); // "oe" both come from "Œ"
    expect(f.map[f.text.indexOf('perdrix')]).toBe('Œil-de-'.length);
  });

});
