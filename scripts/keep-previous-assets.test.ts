import { describe, expect, it } from 'vitest';
import { KEEP_ASSETS_MS, retire } from './keep-previous-assets';

const DAY = 24 * 60 * 60 * 1000;

describe('retire (which previous builds\' files a build keeps)', () => {
  it('keeps the files the previous build had and this one lacks', () => {
    const kept = retire([], ['Dashboard-a.js', 'index-a.js', 'shared-x.js'], new Set(['Dashboard-b.js', 'index-b.js', 'shared-x.js']), 1000);
    expect(kept).toEqual([{ at: 1000, files: ['Dashboard-a.js', 'index-a.js'] }]);
  });

  it('drops files older than the grace period, and builds beyond the newest three', () => {
    const ledger = [
      { at: 10 * DAY, files: ['c.js'] },
      { at: 9 * DAY, files: ['b.js'] },
      { at: 8 * DAY, files: ['a.js'] },
    ];
    const now = 8 * DAY + KEEP_ASSETS_MS + 1;
    expect(retire(ledger, ['a.js', 'b.js', 'c.js', 'd.js'], new Set(['e.js']), now)).toEqual([
      { at: now, files: ['d.js'] },
      { at: 10 * DAY, files: ['c.js'] },
      { at: 9 * DAY, files: ['b.js'] },
    ]);
    expect(retire(ledger, ['a.js', 'b.js', 'c.js', 'd.js'], new Set(['e.js']), 11 * DAY).map((r) => r.files)).toEqual([
      ['d.js'],
      ['c.js'],
      ['b.js'],
    ]);
  });

  it('a file the new build has again is current, not retired', () => {
    expect(retire([{ at: 5, files: ['a.js', 'b.js'] }], ['a.js', 'b.js'], new Set(['a.js']), 6)).toEqual([{ at: 5, files: ['b.js'] }]);
  });
});
