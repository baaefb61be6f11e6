import { DateTime } from 'luxon';
import type { ProgressValue, Recommendation, ResponseValue, TimelineEntry } from './recommendations-schema.ts';
import { timeZone } from '../util/time-zone.ts';

/** Who recorded an entry in Discord, for entries that came from the store rather than the data file. */
export interface EditMark {
  id: string;
  by: { id: string; name: string };
  at: string;
}

export type DatedEntry = TimelineEntry & {
  edit?: EditMark;
  /** Set on an entry that a later entry of the data file corrects: the correcting entry. */
  correctedBy?: DatedEntry;
};

export interface AxisState<V extends string> {
  value: V;
  /** The entry that set it; undefined when nothing has been recorded on this axis. */
  entry?: DatedEntry;
}

export interface RecommendationStatus {
  recommendation: Recommendation;
  /** The newest government decision; `no-response` when none was found. */
  response: AxisState<ResponseValue>;
  /** The newest progress entry; `not-started` without an entry when none was recorded. */
  progress: AxisState<ProgressValue>;
  /** Newest first: the data file's entries and moderators' edits together, corrected ones included. */
  timeline: DatedEntry[];
  /** The date of the newest evidence of any kind (corrected entries aside). */
  newestEvidence: string;
  /** When our sources were last searched for a decision: the data's check, or a newer "none found" entry. */
  lastChecked?: string;
  /** Set when a moderator added the recommendation in Discord. */
  addedBy?: { name: string; at: string };
}

/** Progress values that mean government has done something. */
const ACTION: ReadonlySet<ProgressValue> = new Set(['planned', 'piloting', 'in-progress', 'legislated', 'implemented']);

export function hasDecision(status: RecommendationStatus): boolean {
  return status.response.value !== 'no-response';
}

export function hasAction(status: RecommendationStatus): boolean {
  return ACTION.has(status.progress.value) && status.progress.entry !== undefined;
}

const TURNED_DOWN: ReadonlySet<ResponseValue> = new Set(['rejected', 'not-taken-forward']);

export function isTurnedDown(value: ResponseValue): boolean {
  return TURNED_DOWN.has(value);
}

/** The decision in force on `date`: the newest standing decision dated on or before it. */
function decisionOn(timeline: DatedEntry[], date: string): DatedEntry | undefined {
  return timeline.find(
    (e) => e.axis === 'response' && e.value !== 'no-response' && !e.correctedBy && e.date.localeCompare(date) <= 0,
  );
}

/**
 * True when a progress entry records action taken while the recommendation stood turned down: that
 * action was on what government did in its place (a profit cap, not the windfall tax), whatever was
 * decided later. Progress made before a turn-down was on the recommendation itself.
 */
export function isProgressInstead(timeline: DatedEntry[], entry: DatedEntry): boolean {
  if (entry.axis !== 'progress' || !ACTION.has(entry.value)) return false;
  const decision = decisionOn(timeline, entry.date);
  return decision !== undefined && isTurnedDown(decision.value as ResponseValue);
}

/** True when the current progress is on what was done instead of the recommendation. */
export function progressIsInstead(status: RecommendationStatus): boolean {
  return status.progress.entry !== undefined && isProgressInstead(status.timeline, status.progress.entry);
}

/** Partial dates sort as the start of their period: "2023-09" is before "2023-09-14". */
function newestFirst(a: { entry: DatedEntry; order: number }, b: { entry: DatedEntry; order: number }): number {
  const byDate = b.entry.date.localeCompare(a.entry.date);
  if (byDate !== 0) return byDate;
  // On one date, the later record is the newer: file entries in file order, then moderators' edits by time.
  return b.order - a.order || (b.entry.edit?.at ?? '').localeCompare(a.entry.edit?.at ?? '');
}

function maxDate(dates: Array<string | undefined>): string | undefined {
  return dates.reduce<string | undefined>((max, d) => (d && (!max || d.localeCompare(max) > 0) ? d : max), undefined);
}

/**
 * What is known of one recommendation: the data file's timeline plus moderators' edits. The
 * timeline only grows. The current response is the newest decision (an entry recording that no
 * decision was found is a check, not a decision); the current progress is the newest progress
 * entry; an entry the file later corrects counts for neither.
 */
export function computeStatus(
  recommendation: Recommendation,
  edits: DatedEntry[],
  context: { sourcesChecked?: string } = {},
): RecommendationStatus {
  // Entries a moderator recorded in Discord keep their mark once merged into the file, so they read the same.
  const fileEntries: DatedEntry[] = recommendation.timeline.map((entry) =>
    entry.recorded
      ? {
          ...entry,
          edit: {
            id: entry.recorded.id,
            by: { id: entry.recorded.by_id, name: entry.recorded.by },
            at: entry.recorded.at,
          },
        }
      : { ...entry },
  );
  fileEntries.forEach((entry, index) => {
    if (!entry.corrects) return;
    for (const earlier of fileEntries.slice(0, index)) {
      if (earlier.axis === entry.axis && earlier.date === entry.corrects.date && earlier.value === entry.corrects.value)
        earlier.correctedBy ??= entry;
    }
  });
  const ordered = [
    ...fileEntries.map((entry, order) => ({ entry, order })),
    ...edits.map((entry) => ({ entry, order: fileEntries.length })),
  ];
  const timeline = ordered.sort(newestFirst).map((o) => o.entry);
  const standing = timeline.filter((e) => !e.correctedBy);
  const decision = standing.find((e) => e.axis === 'response' && e.value !== 'no-response');
  const progress = standing.find((e) => e.axis === 'progress');
  const noneFound = standing.find((e) => e.axis === 'response' && e.value === 'no-response');
  return {
    recommendation,
    response: decision ? { value: decision.value as ResponseValue, entry: decision } : { value: 'no-response' },
    progress: progress ? { value: progress.value, entry: progress } : { value: 'not-started' },
    timeline,
    newestEvidence: standing[0]?.date ?? timeline[0]!.date,
    lastChecked: maxDate([context.sourcesChecked, noneFound?.date]),
    ...(recommendation.added ? { addedBy: { name: recommendation.added.by, at: recommendation.added.at } } : {}),
  };
}

export const STALE_AFTER_MONTHS = 6;

/** The first day of the period an ISO date names, as YYYY-MM-DD: "2026-05" is "2026-05-01". */
function startOf(date: string): string {
  return `${date}-01-01`.slice(0, 10);
}

let cutoff: { at: number; date: string } | undefined;

/** The date six months before `now`, in the configured zone; evidence older than it is stale. */
function staleBefore(now: Date): string {
  if (cutoff?.at !== now.getTime())
    cutoff = {
      at: now.getTime(),
      date: DateTime.fromJSDate(now, { zone: timeZone() }).minus({ months: STALE_AFTER_MONTHS }).toISODate()!,
    };
  return cutoff.date;
}

/**
 * True when the newest evidence is older than six months. A partial date counts from the start of
 * its period, so an entry dated only "2026-05" is checked sooner rather than later.
 */
export function isStale(status: RecommendationStatus, now: Date): boolean {
  return startOf(status.newestEvidence) < staleBefore(now);
}
