import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.ts';

/**
 * Logs an unexpected failure under a fresh reference and returns the brief words for the user. The
 * error's own text never reaches the user: it can name files, hosts and queries (SQLite, Redis).
 */
export function reportFailure(logger: Logger, error: unknown, what: string, context: Record<string, unknown> = {}): string {
  const ref = randomBytes(4).toString('hex');
  logger.error({ err: error, ref, ...context }, `${what} failed`);
  return `Sorry, ${what} failed. It was logged with reference ${ref}.`;
}
