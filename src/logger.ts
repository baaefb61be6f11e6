import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs go to stderr so that stdout carries only what a command prints for the user.
 * On an interactive terminal they are pretty-printed; elsewhere they stay JSON lines.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  if (process.stderr.isTTY && level !== 'silent') {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
    });
  }
  return pino({ level }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
