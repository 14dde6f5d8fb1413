import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage, th } from '../i18n';
import { StorageError } from '../store/db';
import { NoFreeCodeError } from './active';
import { problemText } from './problem';

afterEach(() => setLanguage('en', false));

describe('problemText', () => {
  it('says a refused write and a lack of free codes in the host language, not in the error’s English', async () => {
    await setLanguage('fr', false);
    expect(problemText(new StorageError(new DOMException('QuotaExceededError')))).toBe(th().problem.storage);
    expect(th().problem.storage).toMatch(/navigateur a refusé/);
    expect(problemText(new NoFreeCodeError())).toBe(th().problem.noFreeCode);
  });

  it('keeps any other error’s own message', () => {
    expect(problemText(new Error('boom'))).toBe('boom');
    expect(problemText('plain')).toBe('plain');
  });
});
