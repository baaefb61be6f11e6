import { DateTime } from 'luxon';
import { nextSlot } from './cron-slots.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const isNumber = (field: string) => /^\d+$/.test(field);
const clock = (hour: string, minute: string) => `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;

/**
 * A five-field cron schedule in words ("every 15 min", "Mon 09:00", "daily 07:30"); one of any other
 * shape is shown as written, with the next time it falls due in `zone`.
 */
export function describeCron(expression: string, zone: string, now = new Date()): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 5) {
    const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
    const everyDay = dayOfMonth === '*' && month === '*';
    const step = /^\*\/(\d+)$/.exec(minute);
    // Only a step that divides the hour keeps polls evenly apart: "*/45" runs at :00 and :45.
    if (step && 60 % Number(step[1]) === 0 && hour === '*' && everyDay && dayOfWeek === '*')
      return `every ${step[1]} min`;
    if (minute === '*' && hour === '*' && everyDay && dayOfWeek === '*') return 'every minute';
    if (isNumber(minute) && hour === '*' && everyDay && dayOfWeek === '*')
      return minute === '0' ? 'hourly' : `hourly at :${minute.padStart(2, '0')}`;
    if (isNumber(minute) && isNumber(hour) && everyDay) {
      if (dayOfWeek === '*') return `daily ${clock(hour, minute)}`;
      if (isNumber(dayOfWeek) && Number(dayOfWeek) <= 7) return `${DAYS[Number(dayOfWeek)]} ${clock(hour, minute)}`;
    }
  }
  const next = DateTime.fromJSDate(nextSlot(expression, zone, now), { zone }).toFormat('ccc d LLL HH:mm');
  return `on "${expression}" (next ${next})`;
}
