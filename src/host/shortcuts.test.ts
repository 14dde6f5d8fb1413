import { describe, expect, it } from 'vitest';
import { createSession } from '../engine';
import { lobby, run, T0, tastingOf } from '../../tests/support/engine';
import { shortcutAction } from './shortcuts';

describe('host keyboard shortcuts', () => {
  const { state: waiting } = lobby(1);

  it('Space starts, pauses and resumes; R reveals; → and N go on — only what the phase allows', () => {
    const open = run(waiting, ['start']);
    const paused = run(open, ['pause']);
    const revealed = run(open, ['reveal']);
    const standings = run(revealed, ['next']);
    expect(shortcutAction(waiting, ' ')).toBe('start');
    expect(shortcutAction(open, ' ')).toBe('pause');
    expect(shortcutAction(paused, ' ')).toBe('resume');
    for (const s of [open, paused]) expect(shortcutAction(s, 'r')).toBe('reveal');
    expect(shortcutAction(open, 'R')).toBe('reveal');
    for (const key of ['ArrowRight', 'n', 'N']) {
      expect(shortcutAction(revealed, key)).toBe('next');
      expect(shortcutAction(standings, key)).toBe('next');
      expect(shortcutAction(open, key)).toBeNull();
    }
    expect(shortcutAction(revealed, ' ')).toBeNull();
    expect(shortcutAction(waiting, 'r')).toBeNull();
  });

  it('nothing starts without a player, nothing happens after the end, and End has no key', () => {
    expect(shortcutAction(createSession('1234', tastingOf('one-wine'), T0), ' ')).toBeNull();
    const ended = run(waiting, ['end']);
    for (const key of [' ', 'r', 'ArrowRight', 'e', 'E', 'Escape', 'Enter']) expect(shortcutAction(ended, key)).toBeNull();
    for (const key of ['e', 'E', 'Escape', 'Delete', 'Enter']) expect(shortcutAction(run(waiting, ['start']), key)).toBeNull();
  });
});
