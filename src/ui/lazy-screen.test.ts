import { describe, expect, it } from 'vitest';
import { loadScreen, SCREEN_RETRY_MS } from './lazy-screen';

describe('loadScreen', () => {
  const waits: number[] = [];
  const wait = async (ms: number) => void waits.push(ms);

  it('gives the screen when its code loads', async () => {
    expect(await loadScreen(async () => 'screen', 'fallback', wait)).toBe('screen');
  });

  it('tries once more after a failure, and gives the screen if that works', async () => {
    let calls = 0;
    const load = async () => {
      if (++calls === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return 'screen';
    };
    waits.length = 0;
    expect(await loadScreen(load, 'fallback', wait)).toBe('screen');
    expect(waits).toEqual([SCREEN_RETRY_MS]);
  });

  // Regression (issue 9.3): a failed import rejected forever and the old screen stayed up.
  it('gives the fallback after two failures, never a rejection', async () => {
    let calls = 0;
    const load = async (): Promise<string> => {
      calls++;
      throw new TypeError('Failed to fetch dynamically imported module');
    };
    expect(await loadScreen(load, 'fallback', wait)).toBe('fallback');
    expect(calls).toBe(2);
  });
});
