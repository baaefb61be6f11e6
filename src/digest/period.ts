import { DateTime } from 'luxon';
import { UserFacingError } from '../errors.ts';
import { escapeText } from '../render/markdown.ts';

/** What a digest covers, as asked for: a calendar week (Monday to Sunday), the last N days, or dates. */
export type PeriodSpec =
  | { kind: 'last-week' }
  | { kind: 'this-week' }
  | { kind: 'last-days'; days: number }
  /** Whole days, both included; `until` defaults to today. */
  | { kind: 'range'; since: string; until?: string };

export interface DigestPeriod {
  kind: PeriodSpec['kind'];
  zone: string;
  /** The first instant of the period (ISO, UTC). */
  start: string;
  /** The first instant after it (ISO, UTC): the period is [start, end). */
  end: string;
  /** The first and last calendar days, in the zone (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
  /** "Mon 20 – Sun 26 Oct 2025". */
  label: string;
  /** Names the period and nothing else: "2025-W43" for a calendar week, "2025-10-20..2025-10-26" otherwise. */
  key: string;
}

export const DEFAULT_ZONE = 'Europe/London';
const MAX_DAYS = 366;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(text: string, zone: string, what: string): DateTime {
  const parsed = ISO_DAY.test(text) ? DateTime.fromISO(text, { zone }) : DateTime.invalid('not YYYY-MM-DD');
  if (!parsed.isValid)
    throw new UserFacingError(
      `${what} "${escapeText(text, 40)}" is not a date: give it as YYYY-MM-DD, e.g. 2025-10-20.`,
    );
  return parsed.startOf('day');
}

function label(first: DateTime, last: DateTime): string {
  const format = (d: DateTime, withMonth: boolean, withYear: boolean) =>
    d.toFormat(`ccc d${withMonth ? ' LLL' : ''}${withYear ? ' yyyy' : ''}`);
  if (first.hasSame(last, 'day')) return format(first, true, true);
  const sameYear = first.hasSame(last, 'year');
  const sameMonth = first.hasSame(last, 'month');
  return `${format(first, !sameMonth, !sameYear)} – ${format(last, true, true)}`;
}

/**
 * The instants a digest covers, in the configured time zone. Days start at local midnight, so the
 * week in which the clocks go back runs 169 hours and the one in which they go forward 167.
 */
export function resolvePeriod(spec: PeriodSpec, now: Date, zone = DEFAULT_ZONE): DigestPeriod {
  const today = DateTime.fromJSDate(now, { zone }).setLocale('en-GB').startOf('day');
  if (!today.isValid) throw new UserFacingError(`"${zone}" is not a time zone.`);
  let first: DateTime;
  let afterLast: DateTime;
  switch (spec.kind) {
    case 'last-week':
      first = today.startOf('week').minus({ weeks: 1 });
      afterLast = first.plus({ weeks: 1 });
      break;
    case 'this-week':
      first = today.startOf('week');
      afterLast = first.plus({ weeks: 1 });
      break;
    case 'last-days':
      if (!Number.isInteger(spec.days) || spec.days < 1 || spec.days > MAX_DAYS)
        throw new UserFacingError(`The number of days must be from 1 to ${MAX_DAYS}.`);
      first = today.minus({ days: spec.days - 1 });
      afterLast = today.plus({ days: 1 });
      break;
    case 'range': {
      first = day(spec.since, zone, 'since').setLocale('en-GB');
      const last = spec.until ? day(spec.until, zone, 'until').setLocale('en-GB') : today;
      if (last < first)
        throw new UserFacingError(`The period ends (${last.toISODate()}) before it starts (${first.toISODate()}).`);
      if (last.diff(first, 'days').days >= MAX_DAYS)
        throw new UserFacingError(`A digest covers at most ${MAX_DAYS} days.`);
      afterLast = last.plus({ days: 1 });
      break;
    }
  }
  const last = afterLast.minus({ days: 1 });
  const isCalendarWeek = spec.kind === 'last-week' || spec.kind === 'this-week';
  return {
    kind: spec.kind,
    zone,
    start: first.toUTC().toISO()!,
    end: afterLast.toUTC().toISO()!,
    firstDay: first.toISODate()!,
    lastDay: last.toISODate()!,
    label: label(first, last),
    key: isCalendarWeek
      ? `${first.weekYear}-W${String(first.weekNumber).padStart(2, '0')}`
      : `${first.toISODate()}..${last.toISODate()}`,
  };
}

/**
 * A period as typed: "last-week" (or "last week"), "this-week", "7d" / "7 days" / "last 7 days",
 * or "2025-10-20..2025-10-26". Anything else gets a message listing these forms.
 */
export function parsePeriodSpec(text: string): PeriodSpec {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (value === 'last-week' || value === 'last week') return { kind: 'last-week' };
  if (value === 'this-week' || value === 'this week') return { kind: 'this-week' };
  const days = /^(?:last )?(\d{1,3}) ?(?:d|days?)$/.exec(value);
  if (days) return { kind: 'last-days', days: Number(days[1]) };
  const range = /^(\d{4}-\d{2}-\d{2}) ?(?:\.\.|to) ?(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (range) return { kind: 'range', since: range[1]!, until: range[2]! };
  throw new UserFacingError(
    `"${escapeText(text, 40)}" is not a period. Use last-week, this-week, a number of days (7d) or dates (2025-10-20..2025-10-26).`,
  );
}

const bounds = new WeakMap<object, { start: number; end: number; canonical: boolean }>();

/** toISOString's one shape ("2025-10-19T23:00:00.000Z"), which sorts as text. */
function isCanonical(iso: string): boolean {
  return iso.length === 24 && iso.charCodeAt(23) === 90 && iso.charCodeAt(10) === 84 && iso.charCodeAt(19) === 46;
}

/** Whether an ISO instant falls in the period. */
export function inPeriod(period: Pick<DigestPeriod, 'start' | 'end'>, iso: string): boolean {
  let range = bounds.get(period);
  if (!range)
    bounds.set(
      period,
      (range = {
        start: Date.parse(period.start),
        end: Date.parse(period.end),
        canonical: isCanonical(period.start) && isCanonical(period.end),
      }),
    );
  // Stored times are all in that shape: compared as text, a scan of every stored item stays cheap.
  if (range.canonical && isCanonical(iso)) return iso >= period.start && iso < period.end;
  const time = Date.parse(iso);
  return time >= range.start && time < range.end;
}

/** Whether a calendar date (YYYY-MM-DD, as timelines record them) falls in the period; partial dates never do. */
export function dayInPeriod(period: Pick<DigestPeriod, 'firstDay' | 'lastDay'>, date: string): boolean {
  return ISO_DAY.test(date) && date >= period.firstDay && date <= period.lastDay;
}
