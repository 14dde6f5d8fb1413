import { afterEach, describe, expect, it, vi } from 'vitest';
import { secureRandom } from './random';

afterEach(() => vi.restoreAllMocks());

describe('secureRandom', () => {
  it('draws from crypto.getRandomValues, never Math.random', () => {
    const math = vi.spyOn(Math, 'random');
    const csprng = vi.spyOn(crypto, 'getRandomValues');
    for (let i = 0; i < 100; i++) secureRandom();
    expect(math).not.toHaveBeenCalled();
    expect(csprng).toHaveBeenCalledTimes(100);
  });

  it('covers [0, 1) exactly: all-zero bits give 0, all-one bits give the largest double below 1', () => {
    const fill = (v: number) =>
      vi.spyOn(crypto, 'getRandomValues').mockImplementation((a) => {
        (a as Uint32Array).fill(v);
        return a;
      });
    fill(0);
    expect(secureRandom()).toBe(0);
    vi.restoreAllMocks();
    fill(0xffffffff);
    expect(secureRandom()).toBe(1 - 2 ** -53);
  });

  it('spreads evenly over ten buckets', () => {
    const buckets = Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[Math.floor(secureRandom() * 10)]!++;
    for (const b of buckets) expect(b).toBeGreaterThan(1700);
  });
});
