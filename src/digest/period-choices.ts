import { truncate } from '../util/format.ts';
import { parsePeriodSpec, resolvePeriod } from './period.ts';

/** The periods /digest suggests, as the README names them; the first is the default. */
export const SUGGESTED_PERIODS = ['this week', 'last week', 'last 14 days'] as const;

/**
 * Periods to suggest as one is typed, each with the days it covers: a period typed in full
 * ("last 30 days", "2026-11-01..2026-11-15") first, then the suggested ones that contain what is
 * typed, or all of them when none does.
 */
export function periodChoices(typed: string, now: Date, zone: string): Array<{ name: string; value: string }> {
  const named = (value: string) => {
    try {
      return { name: truncate(`${value} (${resolvePeriod(parsePeriodSpec(value), now, zone).label})`, 100), value };
    } catch {
      return undefined;
    }
  };
  const text = typed.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  const fitting = SUGGESTED_PERIODS.filter((p) => p.includes(lower));
  const own = text && !(SUGGESTED_PERIODS as readonly string[]).includes(lower) ? named(text) : undefined;
  const suggested = fitting.length > 0 || own ? fitting : SUGGESTED_PERIODS;
  return [own, ...suggested.map(named)].filter((c) => c !== undefined);
}
