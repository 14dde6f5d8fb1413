import { describe, expect, it } from 'vitest';
import { createSession } from '../engine';
import { T0, tastingOf } from '../../tests/support/engine';
import { upgradeRecord, type HostRecord } from './sessions';

describe('upgradeRecord', () => {
  it('gives a session saved before the latecomers setting existed the default (latecomers may join)', () => {
    const { latecomers: _, ...old } = createSession('1234', tastingOf('one-wine'), T0);
    const record = { state: old, peerToken: 'x' } as unknown as HostRecord;
    expect(upgradeRecord(record).state.latecomers).toBe(true);
    expect(upgradeRecord(record).state).toEqual({ ...old, latecomers: true });
  });

  it('keeps a current record as it is (the host may have closed the door)', () => {
    const state = { ...createSession('1234', tastingOf('one-wine'), T0), latecomers: false };
    const record = { state, peerToken: 'x' };
    expect(upgradeRecord(record)).toBe(record);
  });
});
