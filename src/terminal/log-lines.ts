import { createRequire } from 'node:module';
import type PinoPretty from 'pino-pretty';
import { formatDateTime, isIsoInstant } from '../util/format.ts';

/** A log record as pino writes it. */
export interface LogRecord {
  level: number;
  msg?: string;
  reason?: unknown;
  err?: { message?: unknown; stack?: unknown };
  [field: string]: unknown;
}

const LEVEL_WORDS: Record<number, string> = { 10: 'trace: ', 20: 'debug: ', 40: 'warning: ' };
const NOT_CONTEXT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reason', 'err', 'ref']);

/**
 * A record as one line for the person who ran a one-shot command: its message, what went wrong,
 * and the plain facts it names (`care-review-bot: store unreachable; …: SQLITE_CANTOPEN: … (store
 * /srv/bot.sqlite)`), a time among them as a date and time in TZ. At debug and trace an error's
 * stack follows.
 */
export function messageLine(record: LogRecord, withStack = false): string {
  const reason =
    typeof record.reason === 'string'
      ? record.reason
      : typeof record.err?.message === 'string'
        ? record.err.message
        : '';
  const context = Object.entries(record)
    .filter(([key, value]) => !NOT_CONTEXT.has(key) && ['string', 'number', 'boolean'].includes(typeof value))
    // An instant reads as every time the bot shows does ("8 Dec 2026 00:21", in TZ), not as stored.
    .map(
      ([key, value]) =>
        `${key} ${typeof value === 'string' && isIsoInstant(value) ? formatDateTime(value) : String(value)}`,
    );
  const line = [
    `care-review-bot: ${LEVEL_WORDS[record.level] ?? ''}${record.msg ?? ''}`,
    reason ? `: ${reason}` : '',
    context.length > 0 ? ` (${context.join(', ')})` : '',
  ].join('');
  const stack = withStack && typeof record.err?.stack === 'string' ? `\n${record.err.stack}` : '';
  // One line: a reason quoted from elsewhere may hold line breaks.
  return `${line.replace(/\s*\n\s*/g, ' ')}${stack}\n`;
}

/** pino-pretty's form, as the long-running bot prints it at a terminal; loaded only when used. */
export function prettyLine(colorize: boolean): (record: LogRecord) => string {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const format = pretty.prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  return (record) => format(record);
}
