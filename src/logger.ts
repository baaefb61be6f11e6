import { pino, type DestinationStream, type Logger } from 'pino';
import { messageLine, prettyLine, type LogRecord } from './terminal/log-lines.ts';

export type { Logger };

/** LOG_FORMAT: `json` lines, readable `text`, or `auto`: see createLogger. */
export const LOG_FORMATS = ['auto', 'json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  format?: LogFormat;
  /** A command that runs once and ends (not `start` or `poll`): its log lines are for the person who ran it. */
  oneShot?: boolean;
  /** Called with each record a readable log has just shown (a one-shot command keeps its last). */
  onShown?: (record: LogRecord) => void;
}

// A token must never reach a log line, whichever object carried it there.
const REDACT = {
  paths: [
    'DISCORD_TOKEN',
    '*.DISCORD_TOKEN',
    'token',
    '*.token',
    'headers.authorization',
    '*.headers.authorization',
    'authorization',
    '*.authorization',
  ],
  censor: '[redacted]',
};

/**
 * Structured logs go to stderr so that stdout carries only what a command prints for the user. The
 * long-running bot writes JSON lines (pino), pretty-printed when stderr is a terminal; a one-shot
 * command writes each as one readable line. LOG_FORMAT=json gives JSON lines, and LOG_FORMAT=text
 * readable ones, wherever the process runs. Every record is shown: a failure that recurs (another
 * feed, the next hour) is told each time.
 */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
  options: LoggerOptions = {},
): Logger {
  // A destination of the caller's own (the terminal prompt prints log lines above what is being typed).
  if (destination) return pino({ level, redact: REDACT }, destination);
  const format = options.format ?? 'auto';
  const json = format === 'json' || (format === 'auto' && !options.oneShot && !process.stderr.isTTY);
  if (json || level === 'silent') return pino({ level, redact: REDACT }, pino.destination(2));
  const withStack = level === 'debug' || level === 'trace';
  const show = options.oneShot
    ? (record: LogRecord) => messageLine(record, withStack)
    : prettyLine(Boolean(process.stderr.isTTY));
  return pino(
    { level, redact: REDACT },
    {
      write(line: string) {
        const record = JSON.parse(line) as LogRecord;
        process.stderr.write(show(record));
        options.onShown?.(record);
      },
    },
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
