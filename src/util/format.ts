import { timeZone } from './time-zone.ts';

/** Cuts text to at most `max` characters on a word boundary, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return wholeCharacters(text.slice(0, max));
  const slice = wholeCharacters(text.slice(0, max - 1));
  const lastSpace = slice.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? slice.slice(0, lastSpace) : slice).trimEnd()}…`;
}

/** Drops a trailing high surrogate left by a cut, so no half of an emoji is ever sent. */
function wholeCharacters(slice: string): string {
  const last = slice.charCodeAt(slice.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? slice.slice(0, -1) : slice;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(zone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone });
    dateFormats.set(zone, format);
  }
  return format;
}

/**
 * "23 May 2022" from an ISO date or time. A time is shown on its day in the configured time zone; a
 * calendar date ("2022-05-23", as the data files write them) is that date everywhere; partial dates
 * ("2023-09", "2023") are shown as given.
 */
export function formatDate(iso: string): string {
  if (/^\d{4}$/.test(iso)) return iso;
  const calendar = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (calendar) {
    const [, year, month, day] = calendar;
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day ?? 1)));
    if (Number.isNaN(date.getTime())) return iso;
    return day
      ? dateFormat('UTC').format(date)
      : new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
  }
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateFormat(timeZone()).format(time);
}

/**
 * When a story was published, as `format` writes it, or "undated" when its source gave no date: its
 * stored time is then only when it was first fetched, and must not read as a publication date.
 */
export function storyDate(
  story: { published: string; publishedKnown: boolean },
  format: (iso: string) => string = formatDate,
): string {
  return story.publishedKnown ? format(story.published) : 'undated';
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** "20:43": the time of day of an instant in the configured time zone. */
export function formatClock(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: timeZone() }).format(at);
}

/** "23 Nov 2026 20:43" in the configured time zone, for times a user may act on. */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${formatDate(iso)} ${formatClock(new Date(time))}`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether text is an ISO instant as the store keeps them ("2026-12-08T00:16:57.564Z"). */
export function isIsoInstant(text: string): boolean {
  return ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text));
}
