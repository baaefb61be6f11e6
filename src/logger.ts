import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs go to stderr so that stdout carries only what a command prints for the user.
 * On an interactive terminal they are pretty-printed; elsewhere they stay JSON lines.
 */
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

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  // A destination of the caller's own (the terminal prompt prints log lines above what is being typed).
  if (destination) return pino({ level, redact: REDACT }, destination);
  if (process.stderr.isTTY && level !== 'silent') {
    return pino({
      level,
      redact: REDACT,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
      },
    });
  }
  return pino({ level, redact: REDACT }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
