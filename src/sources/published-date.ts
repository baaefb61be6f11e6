import { DateTime } from 'luxon';
import { timeZone } from '../util/time-zone.ts';

// Zone names written after a time that luxon does not read by itself. RFC 822's own names
// (GMT, EST, PDT, …) are read by luxon in RFC 822 dates; they are listed for free text too.
const ZONE_OFFSETS: Record<string, string> = {
  Z: '+00:00',
  UT: '+00:00',
  UTC: '+00:00',
  GMT: '+00:00',
  BST: '+01:00',
  CET: '+01:00',
  CEST: '+02:00',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
};
const TRAILING_ZONE = new RegExp(`\\s+(${Object.keys(ZONE_OFFSETS).join('|')}|[+-]\\d{2}:?\\d{2})$`, 'i');

// Each layout of the date part, recognised by its shape so that only its own formats are tried.
const DATE_LAYOUTS: Array<[RegExp, string[]]> = [
  [/^\d{1,2}\/\d{1,2}\/\d{4}\b/, ['d/M/yyyy']],
  [/^\d{1,2}\.\d{1,2}\.\d{4}\b/, ['d.M.yyyy']],
  [/^\d{1,2}-\d{1,2}-\d{4}\b/, ['d-M-yyyy']],
  [/^\d{4}\/\d{1,2}\/\d{1,2}\b/, ['yyyy/M/d']],
  [/^\d{1,2} [a-z]+ \d{4}\b/i, ['d MMMM yyyy', 'd MMM yyyy']],
  [/^[a-z]+ \d{1,2} \d{4}\b/i, ['MMMM d yyyy', 'MMM d yyyy']],
];
const TIMES = ['', ' H:mm', ' H:mm:ss', ' h:mm a', ' h:mma', ' h a', ' ha'];

/**
 * The words a page prints before a date: "Published by Professional Social Work magazine, 2 November,
 * 2023" (PSW's article pages), "Published on …", "Posted: …". A publisher's name ends at its comma.
 */
export const BYLINE = /^(?:first\s+)?(?:published|posted|updated)\b(?:\s+(?:on\b|by\s+[^,\d]{1,100}?,))?\s*:?\s*/i;

/**
 * Free text as UK sites write dates: day before month ("08/06/2023" is 8 June), month names,
 * weekdays and ordinals, an optional time and zone. Weekday, "at", commas and ordinals are dropped
 * first; the rest must match one known layout exactly, so nothing is guessed.
 */
function fromText(text: string, zone: string): DateTime | undefined {
  let rest = text
    .replace(BYLINE, '')
    .replace(/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+/i, '')
    .replace(/(\d)(st|nd|rd|th)\b/gi, '$1')
    .replace(/\bSept\b/gi, 'Sep')
    .replace(/,|\bat\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let offset: string | undefined;
  const zoneMatch = TRAILING_ZONE.exec(rest);
  if (zoneMatch) {
    const name = zoneMatch[1]!.toUpperCase();
    offset = ZONE_OFFSETS[name] ?? name.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    rest = rest.slice(0, zoneMatch.index);
  }
  const dates = DATE_LAYOUTS.find(([shape]) => shape.test(rest))?.[1] ?? [];
  for (const format of dates.flatMap((date) => TIMES.map((time) => `${date}${time}`))) {
    const parsed = offset
      ? DateTime.fromFormat(`${rest} ${offset}`, `${format} ZZ`, { locale: 'en-US', setZone: true })
      : DateTime.fromFormat(rest, format, { locale: 'en-US', zone });
    if (parsed.isValid) return parsed;
  }
  return undefined;
}

/**
 * The moment a source says an item was published, as ISO 8601 UTC, or undefined when the text is not
 * a date. Text without a zone (including a bare date) is read in the configured time zone.
 */
export function parsePublishedDate(text: string | undefined, zone = timeZone()): string | undefined {
  const value = text?.trim();
  if (!value || value.length > 100) return undefined;
  // RFC 822 first: most feeds use it. `setZone` keeps an offset the text gives, which is cheaper
  // than converting into the configured zone and gives the same moment.
  const candidates = [
    () => DateTime.fromRFC2822(value, { setZone: true }),
    () => DateTime.fromISO(value, { zone, setZone: true }),
    () => DateTime.fromSQL(value, { zone, setZone: true }),
    () => DateTime.fromHTTP(value, { setZone: true }),
  ];
  for (const candidate of candidates) {
    const parsed = candidate();
    if (parsed.isValid) return new Date(parsed.toMillis()).toISOString();
  }
  const parsed = fromText(value, zone);
  return parsed ? new Date(parsed.toMillis()).toISOString() : undefined;
}
