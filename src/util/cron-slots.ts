import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';

/**
 * When a cron schedule falls due in a time zone, clock changes included. A schedule names wall-clock
 * times ("30 1 * * 0": Sundays 01:30); each such time is one moment:
 *
 * - a time the clocks skip (01:30 on the spring-forward night in London) falls due at the first
 *   minute that exists after it (02:00 BST), as classic cron does, instead of never;
 * - a time the clocks show twice (01:30 on the autumn night) falls due once, at its first showing,
 *   unless the schedule runs every hour, which then also runs in the repeated hour.
 *
 * cron-parser matches the wall-clock times (read in UTC, which has no clock changes); this module
 * maps them to moments in the zone. cron-parser's own time-zone handling is not used: on the
 * spring-forward night its next() and prev() disagree, and prev() skips the slot.
 */

const HOUR_MS = 3_600_000;
/** Wider than any clock change, so a wall time this far from now can map to a moment on the other side. */
const SHIFT_MS = 3 * HOUR_MS;
/** Bounds the search for one slot (a schedule that never matches, such as 30 Feb, ends it). */
const MAX_STEPS = 50_000;

interface Parsed {
  expression: string;
  /** The schedule runs every hour: a repeated hour at the autumn change runs too. */
  hourly: boolean;
}

const parsedCache = new Map<string, Parsed>();

function parse(expression: string): Parsed {
  let parsed = parsedCache.get(expression);
  if (!parsed) {
    const fields = CronExpressionParser.parse(expression, { tz: 'UTC' }).fields;
    parsed = { expression, hourly: fields.hour.values.length === 24 };
    parsedCache.set(expression, parsed);
  }
  return parsed;
}

/** Wall-clock times matching the schedule, as UTC milliseconds of those wall times, from `fromWall` on. */
function* wallTimes(expression: string, fromWall: number, direction: 'next' | 'prev'): Generator<number> {
  const iterator = CronExpressionParser.parse(expression, { currentDate: new Date(fromWall), tz: 'UTC' });
  for (let step = 0; step < MAX_STEPS; step++) {
    const hasMore = direction === 'next' ? iterator.hasNext() : iterator.hasPrev();
    if (!hasMore) return;
    yield (direction === 'next' ? iterator.next() : iterator.prev()).getTime();
  }
}

const offsetMs = (zone: IANAZone, at: number) => zone.offset(at) * 60_000;

/** The wall-clock time of a moment in the zone, as UTC milliseconds of that wall time. */
function wallOf(zone: IANAZone, at: number): number {
  return at + offsetMs(zone, at);
}

/** The moments a wall-clock time falls due in the zone, earliest first (see the module's rules). */
function momentsOf(zone: IANAZone, wall: number, hourly: boolean): number[] {
  const guess = wall - offsetMs(zone, wall);
  const offsets = new Set([offsetMs(zone, guess - SHIFT_MS), offsetMs(zone, guess), offsetMs(zone, guess + SHIFT_MS)]);
  const moments = [...offsets]
    .map((offset) => wall - offset)
    .filter((at) => wallOf(zone, at) === wall)
    .sort((a, b) => a - b);
  if (moments.length > 0) return hourly ? moments : moments.slice(0, 1);
  // Skipped by the clocks: the first moment after the change, found between the two readings of the wall time.
  let before = wall - offsetMs(zone, guess + SHIFT_MS);
  let after = wall - offsetMs(zone, guess - SHIFT_MS);
  const changedOffset = offsetMs(zone, after);
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (offsetMs(zone, middle) === changedOffset) after = middle;
    else before = middle;
  }
  return [after];
}

function zoneOf(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new Error(`unknown time zone "${name}"`);
  return zone;
}

/** Whether a clock change may lie within SHIFT_MS of `at`: only then can wall times and moments cross over. */
function nearChange(zone: IANAZone, at: number): boolean {
  return offsetMs(zone, at - SHIFT_MS) !== offsetMs(zone, at + SHIFT_MS);
}

/** The first moment after `after` (strictly) at which the schedule falls due. */
export function nextSlot(expression: string, zoneName: string, after: Date): Date {
  const zone = zoneOf(zoneName);
  const { hourly } = parse(expression);
  const t = after.getTime();
  const wallNow = wallOf(zone, t);
  const start = nearChange(zone, t) ? wallNow - SHIFT_MS : wallNow;
  let best: number | undefined;
  // cron-parser's next() is strictly after its start; a millisecond back includes a slot at the start itself.
  for (const wall of wallTimes(expression, start - 1, 'next')) {
    for (const at of momentsOf(zone, wall, hourly)) if (at > t && (best === undefined || at < best)) best = at;
    if (best !== undefined && wall > wallNow + SHIFT_MS) break;
    if (best !== undefined && !nearChange(zone, t)) break;
  }
  if (best === undefined) throw new Error(`the schedule "${expression}" never falls due`);
  return new Date(best);
}

/** The last moment at or before `atOrBefore` at which the schedule fell due. */
export function lastSlot(expression: string, zoneName: string, atOrBefore: Date): Date {
  const zone = zoneOf(zoneName);
  const { hourly } = parse(expression);
  const t = atOrBefore.getTime();
  const wallNow = wallOf(zone, t);
  const start = nearChange(zone, t) ? wallNow + SHIFT_MS : wallNow;
  let best: number | undefined;
  for (const wall of wallTimes(expression, start + 1, 'prev')) {
    for (const at of momentsOf(zone, wall, hourly)) if (at <= t && (best === undefined || at > best)) best = at;
    if (best !== undefined && wall < wallNow - SHIFT_MS) break;
    if (best !== undefined && !nearChange(zone, t)) break;
  }
  if (best === undefined) throw new Error(`the schedule "${expression}" never fell due`);
  return new Date(best);
}

/** The slots after `since` and at or before `now`, oldest first: at most the last `max` of them. */
export function slotsBetween(expression: string, zoneName: string, since: Date, now: Date, max: number): Date[] {
  const slots: Date[] = [];
  let at = now;
  while (slots.length < max) {
    const slot = lastSlot(expression, zoneName, at);
    if (slot.getTime() <= since.getTime()) break;
    slots.unshift(slot);
    at = new Date(slot.getTime() - 1);
  }
  return slots;
}
