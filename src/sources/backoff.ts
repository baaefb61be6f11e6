const BASE_MS = 5 * 60 * 1000;
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
/** The longest any source is left alone, whatever the server asks: a day. */
export const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

/** How long to leave a source alone after its n-th consecutive failure: 5 min, 10, 20, … up to 6 hours. */
export function backoffDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(MAX_BACKOFF_MS, BASE_MS * 2 ** Math.min(failures - 1, 30));
}

/**
 * The earliest next attempt: the backoff, or later if the server asked (Retry-After), never more than
 * a day ahead. A wait that is not a number counts as the full day, so the result is always a valid date.
 */
export function nextAttemptTime(now: Date, failures: number, retryAfterMs?: number): Date {
  const asked = retryAfterMs === undefined ? 0 : Number.isNaN(retryAfterMs) ? MAX_WAIT_MS : Math.max(0, retryAfterMs);
  const wait = Math.min(MAX_WAIT_MS, Math.max(backoffDelayMs(failures), asked));
  return new Date(now.getTime() + wait);
}
