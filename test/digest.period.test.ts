import { describe, expect, it } from 'vitest';
import { dayInPeriod, inPeriod, parsePeriodSpec, resolvePeriod } from '../src/digest/period.ts';
import { UserFacingError } from '../src/errors.ts';

const hours = (p: { start: string; end: string }) => (Date.parse(p.end) - Date.parse(p.start)) / 3_600_000;

describe('the period a digest covers', () => {
  it('is the previous Monday to Sunday in London, across the clocks going back (BST to GMT)', () => {
    // Monday 27 October 2025, 09:00 GMT: the clocks went back at 02:00 BST on Sunday 26 October.
    const week = resolvePeriod({ kind: 'last-week' }, new Date('2025-10-27T09:00:00Z'));
    expect([week.firstDay, week.lastDay]).toEqual(['2025-10-20', '2025-10-26']);
    expect(week.start).toBe('2025-10-19T23:00:00.000Z'); // midnight BST
    expect(week.end).toBe('2025-10-27T00:00:00.000Z'); // midnight GMT
    expect(hours(week)).toBe(169);
    expect(week.label).toBe('Mon 20 – Sun 26 Oct 2025');
    expect(week.key).toBe('2025-W43');
    // Monday 00:30 BST is still Sunday in UTC; Sunday 23:30 GMT is the last half hour of the week.
    expect(inPeriod(week, '2025-10-19T23:30:00Z')).toBe(true);
    expect(inPeriod(week, '2025-10-19T22:59:59Z')).toBe(false);
    expect(inPeriod(week, '2025-10-26T23:30:00Z')).toBe(true);
    expect(inPeriod(week, '2025-10-27T00:00:00Z')).toBe(false);
    // Stored times, as toISOString writes them.
    expect(inPeriod(week, '2025-10-19T22:59:59.999Z')).toBe(false);
    expect(inPeriod(week, '2025-10-19T23:00:00.000Z')).toBe(true);
    expect(inPeriod(week, '2025-10-26T23:59:59.999Z')).toBe(true);
    expect(inPeriod(week, '2025-10-27T00:00:00.000Z')).toBe(false);
  });

  it('runs 167 hours in the week the clocks go forward', () => {
    const week = resolvePeriod({ kind: 'last-week' }, new Date('2026-03-30T08:00:00Z'));
    expect([week.firstDay, week.lastDay, hours(week)]).toEqual(['2026-03-23', '2026-03-29', 167]);
  });

  it('takes "now" in London: just after midnight on Monday (still Sunday in UTC) the week just ended is last week', () => {
    const week = resolvePeriod({ kind: 'last-week' }, new Date('2025-06-15T23:30:00Z'));
    expect([week.firstDay, week.lastDay]).toEqual(['2025-06-09', '2025-06-15']);
    const inUtc = resolvePeriod({ kind: 'last-week' }, new Date('2025-06-15T23:30:00Z'), 'UTC');
    expect([inUtc.firstDay, inUtc.lastDay]).toEqual(['2025-06-02', '2025-06-08']);
  });

  it('covers this week, the last N days (today included) and a range of dates', () => {
    const now = new Date('2025-11-05T12:00:00Z'); // a Wednesday
    expect(resolvePeriod({ kind: 'this-week' }, now)).toMatchObject({
      firstDay: '2025-11-03',
      lastDay: '2025-11-09',
      label: 'Mon 3 – Sun 9 Nov 2025',
      key: '2025-W45',
    });
    expect(resolvePeriod({ kind: 'last-days', days: 7 }, now)).toMatchObject({
      firstDay: '2025-10-30',
      lastDay: '2025-11-05',
      label: 'Thu 30 Oct – Wed 5 Nov 2025',
      key: '2025-10-30..2025-11-05',
    });
    expect(resolvePeriod({ kind: 'range', since: '2025-12-29', until: '2026-01-04' }, now).label).toBe(
      'Mon 29 Dec 2025 – Sun 4 Jan 2026',
    );
    expect(resolvePeriod({ kind: 'range', since: '2025-11-01' }, now)).toMatchObject({
      firstDay: '2025-11-01',
      lastDay: '2025-11-05',
    });
    expect(resolvePeriod({ kind: 'last-days', days: 1 }, now).label).toBe('Wed 5 Nov 2025');
  });

  it('reads what people type, and says what it accepts when it cannot', () => {
    expect(parsePeriodSpec('last week')).toEqual({ kind: 'last-week' });
    expect(parsePeriodSpec('This-Week')).toEqual({ kind: 'this-week' });
    expect(parsePeriodSpec('last 14 days')).toEqual({ kind: 'last-days', days: 14 });
    expect(parsePeriodSpec('7d')).toEqual({ kind: 'last-days', days: 7 });
    expect(parsePeriodSpec('2025-10-20..2025-10-26')).toEqual({
      kind: 'range',
      since: '2025-10-20',
      until: '2025-10-26',
    });
    expect(() => parsePeriodSpec('fortnight')).toThrow(/Use last-week, this-week, a number of days \(7d\) or dates/);
    const now = new Date('2025-11-05T12:00:00Z');
    expect(() => resolvePeriod({ kind: 'range', since: '2025-02-30' }, now)).toThrow(UserFacingError);
    expect(() => resolvePeriod({ kind: 'range', since: '2025-11-05', until: '2025-11-01' }, now)).toThrow(
      /ends \(2025-11-01\) before it starts/,
    );
    expect(() => resolvePeriod({ kind: 'last-days', days: 0 }, now)).toThrow(/from 1 to 366/);
    expect(() => resolvePeriod({ kind: 'last-week' }, now, 'Mars/Olympus')).toThrow(/not a time zone/);
  });

  it('places timeline dates by calendar day; a month-only date belongs to no week', () => {
    const week = resolvePeriod({ kind: 'last-week' }, new Date('2025-10-27T09:00:00Z'));
    expect(dayInPeriod(week, '2025-10-26')).toBe(true);
    expect(dayInPeriod(week, '2025-10-27')).toBe(false);
    expect(dayInPeriod(week, '2025-10')).toBe(false);
  });
});
