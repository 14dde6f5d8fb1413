import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_PATTERN, generateCode, isCode } from './code';

describe('session codes', () => {
  it('are 4 digits with no leading zero, across the whole random range', () => {
    expect(generateCode(() => 0)).toBe('1000');
    expect(generateCode(() => 0.99999999)).toBe('9999');
    expect(generateCode(() => 1)).toBe('9999');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (r) => {
        const code = generateCode(() => r);
        expect(code).toMatch(/^[1-9]\d{3}$/);
        expect(isCode(code)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('spread over many values', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const codes = new Set(Array.from({ length: 500 }, () => generateCode(random)));
    expect(codes.size).toBeGreaterThan(450);
  });

  it('isCode accepts exactly 4 ASCII digits', () => {
    for (const good of ['1234', '0000', '9999']) expect(isCode(good)).toBe(true);
    for (const bad of ['', '123', '12345', 'abcd', '12a4', ' 1234', '1234 ', '١٢٣٤', '12.4', '-123'])
      expect(isCode(bad)).toBe(false);
    expect(CODE_PATTERN.test('1234\n')).toBe(false);
  });
});
