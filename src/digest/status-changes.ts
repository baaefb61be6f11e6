import type { Theme } from '../classify/themes.ts';
import { PROGRESS_LABELS, RESPONSE_LABELS } from '../tracker/present.ts';
import type { Recommendation } from '../tracker/recommendations-schema.ts';
import { isProgressInstead } from '../tracker/status.ts';
import type { DatedEntry } from '../tracker/tracker.ts';
import type { StatusChange } from './digest-model.ts';
import { dayInPeriod, inPeriod, type DigestPeriod } from './period.ts';

/** A recommendation and its timeline: a RecommendationStatus from the Tracker fits. */
export interface StatusSource {
  recommendation: Pick<Recommendation, 'key' | 'title' | 'theme'>;
  timeline: DatedEntry[];
}

/** A progress value that records nothing done: never news, whether the file or a moderator's addition says it. */
const NOTHING_DONE = new Set<string>(['not-started']);

function labelOf(entry: DatedEntry): string {
  return entry.axis === 'response' ? RESPONSE_LABELS[entry.value] : PROGRESS_LABELS[entry.value];
}

/** Standing entries by axis and day, each day newest first (the timeline's order), so its first entry is the one that stands. */
function entriesByDay(timeline: DatedEntry[]): Map<string, DatedEntry[]> {
  const days = new Map<string, DatedEntry[]>();
  for (const entry of timeline) {
    if (entry.correctedBy) continue;
    // "No decision found" is a check, not a decision, as the tracker reads it: it never stands over one.
    if (entry.axis === 'response' && entry.value === 'no-response') continue;
    const day = `${entry.axis} ${entry.date}`;
    const list = days.get(day);
    if (list) list.push(entry);
    else days.set(day, [entry]);
  }
  return days;
}

/**
 * The timeline entries dated in the period, oldest first, one per recommendation, axis and day: the
 * one the tracker stands by, with the other readings of that day named beside it. Corrected entries
 * and entries that record nothing done are left out, and so is a day whose standing entry records
 * nothing done. A moderator's update also counts in the period it was recorded in, even when it is
 * dated earlier: otherwise an update recorded late would never reach any digest.
 */
export function statusChangesIn(period: DigestPeriod, statuses: Iterable<StatusSource>, theme?: Theme): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const { recommendation, timeline } of statuses) {
    if (theme && recommendation.theme !== theme) continue;
    for (const entries of entriesByDay(timeline).values()) {
      const [standing] = entries as [DatedEntry, ...DatedEntry[]];
      if (NOTHING_DONE.has(standing.value)) continue;
      const due = dayInPeriod(period, standing.date) || entries.some((e) => e.edit && inPeriod(period, e.edit.at));
      if (!due) continue;
      const others = new Map<string, { label: string; sameSource: boolean }>();
      for (const other of entries.slice(1)) {
        if (other.value === standing.value || NOTHING_DONE.has(other.value)) continue;
        const label = labelOf(other);
        const sameSource = other.source.url === standing.source.url;
        const seen = others.get(label);
        others.set(label, { label, sameSource: sameSource && (seen?.sameSource ?? true) });
      }
      changes.push({
        recommendation: { key: recommendation.key, title: recommendation.title, theme: recommendation.theme },
        date: standing.date,
        axis: standing.axis,
        value: standing.value,
        label: labelOf(standing),
        summary: standing.summary,
        source: standing.source,
        ...(standing.edit ? { recordedBy: { name: standing.edit.by.name, at: standing.edit.at } } : {}),
        ...(others.size > 0 ? { otherReadings: [...others.values()] } : {}),
        ...(isProgressInstead(timeline, standing) ? { instead: true } : {}),
      });
    }
  }
  return changes.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.recommendation.key.localeCompare(b.recommendation.key) ||
      a.axis.localeCompare(b.axis),
  );
}
