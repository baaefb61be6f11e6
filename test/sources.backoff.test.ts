import { describe, expect, it } from 'vitest';
import { MAX_WAIT_MS, nextAttemptTime } from '../src/sources/backoff.ts';
import { parseRetryAfter } from '../src/sources/fetch-source.ts';

const DAY_MS = 24 * 3600 * 1000;
const now = Date.parse('2026-11-23T10:00:00Z');

describe('Retry-After', () => {
  it('reads seconds and HTTP dates as the server meant them', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(3600_000);
    expect(parseRetryAfter('Monday, 23-Nov-26 11:00:00 GMT', now)).toBe(3600_000);
    // A date already past means "now".
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('never asks for more than a day, and treats nonsense as a day', () => {
    expect(MAX_WAIT_MS).toBe(DAY_MS);
    for (const value of [
      '999999999',
      '99999999999999999999999',
      'Fri, 31 Dec 9999 23:59:59 GMT',
      'soon',
      '-5',
      '1.5',
      'Mon, 99 Nov 2026 11:00:00 GMT',
      '',
    ]) {
      expect(parseRetryAfter(value, now), JSON.stringify(value)).toBe(DAY_MS);
    }
  });
});

describe('nextAttemptTime', () => {
  it('is always a valid date at most a day ahead, whatever it is given', () => {
    const t0 = new Date(now);
    for (const retryAfterMs of [Infinity, Number.NaN, 1e30, -1, 999999999 * 1000]) {
      const next = nextAttemptTime(t0, 1, retryAfterMs);
      expect(Number.isNaN(next.getTime()), String(retryAfterMs)).toBe(false);
      expect(next.getTime() - now, String(retryAfterMs)).toBeLessThanOrEqual(DAY_MS);
      expect(next.getTime() - now, String(retryAfterMs)).toBeGreaterThanOrEqual(5 * 60_000);
    }
    expect(nextAttemptTime(t0, 1000).getTime() - now).toBeLessThanOrEqual(DAY_MS);
  });
});
