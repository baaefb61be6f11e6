const BASE_MS = 5 * 60 * 1000;
const MAX_MS = 6 * 60 * 60 * 1000;

/** How long to leave a source alone after its n-th consecutive failure: 5 min, 10, 20, … up to 6 hours. */
export function backoffDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(MAX_MS, BASE_MS * 2 ** (failures - 1));
}

/** The earliest next attempt: the backoff, or later if the server asked (Retry-After). */
export function nextAttemptTime(now: Date, failures: number, retryAfterMs?: number): Date {
  const wait = Math.max(backoffDelayMs(failures), retryAfterMs ?? 0);
  return new Date(now.getTime() + wait);
}
