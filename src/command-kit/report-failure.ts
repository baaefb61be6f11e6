import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.ts';
import { StoreError } from '../store/store-guard.ts';

/**
 * Logs an unexpected failure under a fresh reference and returns the brief words for the user. The
 * error's own text never reaches the user: it can name files, hosts and queries (SQLite, Redis).
 */
export function reportFailure(
  logger: Logger,
  error: unknown,
  what: string,
  context: Record<string, unknown> = {},
): string {
  if (error instanceof StoreError) {
    // The outage itself is logged once by the store; each refused call needs no stack of its own.
    logger.warn({ reason: error.message, ...context }, `${what} could not reach the store`);
    return `Sorry, ${what} could not be answered: the bot's database is unreachable just now. Try again in a minute.`;
  }
  const ref = randomBytes(4).toString('hex');
  logger.error({ err: error, ref, ...context }, `${what} failed`);
  return `Sorry, ${what} failed. It was logged with reference ${ref}.`;
}
