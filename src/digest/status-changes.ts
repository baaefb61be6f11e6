import type { Theme } from '../classify/themes.ts';
import { PROGRESS_LABELS, RESPONSE_LABELS } from '../tracker/present.ts';
import type { Recommendation } from '../tracker/recommendations-schema.ts';
import type { DatedEntry } from '../tracker/tracker.ts';
import type { StatusChange } from './digest-model.ts';
import { dayInPeriod, inPeriod, type DigestPeriod } from './period.ts';

/** A recommendation and its timeline: a RecommendationStatus from the Tracker fits. */
export interface StatusSource {
  recommendation: Pick<Recommendation, 'key' | 'title' | 'theme'>;
  timeline: DatedEntry[];
}

// The data file opens each timeline with "no response" and "not started": a starting point, not a change.
const BASELINES = new Set<string>(['no-response', 'not-started']);

/**
 * The timeline entries dated in the period, oldest first, one per recommendation, axis and day (other
 * readings of that day named beside it), leaving out corrected entries and the data file's baseline
 * entries ("no formal response recorded") which record that nothing has changed. A moderator's update also counts in the
 * period it was recorded in, even when it is dated earlier: otherwise an update recorded late
 * would never reach any digest.
 */
export function statusChangesIn(period: DigestPeriod, statuses: Iterable<StatusSource>, theme?: Theme): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const { recommendation, timeline } of statuses) {
    if (theme && recommendation.theme !== theme) continue;
    // One change per day and axis: the timeline is newest first, so the first entry of a day is the one that stands.
    const byDay = new Map<string, StatusChange>();
    for (const entry of timeline) {
      if (entry.correctedBy) continue;
      if (!dayInPeriod(period, entry.date) && !(entry.edit && inPeriod(period, entry.edit.at))) continue;
      // "Nothing recorded" is never news, whether the file or a moderator's addition says it.
      if (BASELINES.has(entry.value)) continue;
      const label = entry.axis === 'response' ? RESPONSE_LABELS[entry.value] : PROGRESS_LABELS[entry.value];
      const day = `${entry.axis} ${entry.date}`;
      const standing = byDay.get(day);
      if (standing) {
        if (standing.value !== entry.value && !standing.otherReadings?.includes(label))
          standing.otherReadings = [...(standing.otherReadings ?? []), label];
        continue;
      }
      const change: StatusChange = {
        recommendation: { key: recommendation.key, title: recommendation.title, theme: recommendation.theme },
        date: entry.date,
        axis: entry.axis,
        value: entry.value,
        label,
        summary: entry.summary,
        source: entry.source,
        ...(entry.edit ? { recordedBy: { name: entry.edit.by.name, at: entry.edit.at } } : {}),
      };
      byDay.set(day, change);
      changes.push(change);
    }
  }
  return changes.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.recommendation.key.localeCompare(b.recommendation.key) ||
      a.axis.localeCompare(b.axis),
  );
}
