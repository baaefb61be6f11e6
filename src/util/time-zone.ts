import { IANAZone } from 'luxon';

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
