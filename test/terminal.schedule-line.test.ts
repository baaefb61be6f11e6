import { describe, expect, it } from 'vitest';
import { scheduleLine } from '../src/terminal/schedule-line.ts';
import { describeCron } from '../src/util/describe-cron.ts';

const now = new Date('2026-12-07T15:00:00Z');

describe('the schedule in words', () => {
  it.each([
    ['*/15 * * * *', 'every 15 min'],
    ['* * * * *', 'every minute'],
    ['0 * * * *', 'hourly'],
    ['5 * * * *', 'hourly at :05'],
    ['0 9 * * 1', 'Mon 09:00'],
    ['30 16 * * 5', 'Fri 16:30'],
    ['0 7 * * *', 'daily 07:00'],
    ['0 9 * * 0', 'Sun 09:00'],
  ])('says %s as "%s"', (cron, words) => {
    expect(describeCron(cron, 'Europe/London', now)).toBe(words);
  });

  it('shows any other schedule as written, with when it next falls due in the zone', () => {
    expect(describeCron('0 9 1 * *', 'Europe/London', now)).toBe('on "0 9 1 * *" (next Fri 1 Jan 09:00)');
    expect(describeCron('0 9 * * 1-5', 'America/New_York', now)).toBe('on "0 9 * * 1-5" (next Tue 8 Dec 09:00)');
  });

  it('puts polling, the digest, the zone and the alerts in one line', () => {
    const base = { pollCron: '*/15 * * * *', digestCron: '0 9 * * 1', zone: 'Europe/London' };
    expect(scheduleLine({ ...base, watches: 2 }, now)).toBe(
      'Polling every 15 min; digest Mon 09:00 (Europe/London); alerts on (2 watches).',
    );
    expect(scheduleLine({ ...base, watches: 0 }, now)).toBe(
      'Polling every 15 min; digest Mon 09:00 (Europe/London); no alerts set (/watch).',
    );
  });
});
