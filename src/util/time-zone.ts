import { DateTime, IANAZone } from 'luxon';

let zone = 'Europe/London';

/**
 * The one zone dates are read in (when a source gives none) and shown in: the TZ setting, set once
 * at start-up. Kept here rather than passed down so that every date shown anywhere uses the same one.
 */
export function setTimeZone(name: string): void {
  if (!IANAZone.isValidZone(name)) throw new Error(`unknown time zone "${name}"`);
  zone = name;
}

export function timeZone(): string {
  return zone;
}

const CALENDAR_DATE = /^\d{4}(-\d{2}){0,2}$/;

/**
 * The calendar day (YYYY-MM-DD) of an ISO time in the configured zone: 23:30 UTC on 1 June is
 * 2 June in London. A calendar date ("2026-06-02", or a partial one) is already a day and is kept
 * as given; text that is no time at all is returned unchanged, for the caller's checks to refuse.
 */
export function dayOf(iso: string, inZone: string = zone): string {
  if (CALENDAR_DATE.test(iso)) return iso;
  const time = DateTime.fromISO(iso, { zone: 'utc' });
  return time.isValid ? time.setZone(inZone).toISODate()! : iso;
}
