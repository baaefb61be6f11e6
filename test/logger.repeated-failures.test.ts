import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger.ts';

afterEach(() => vi.restoreAllMocks());

/** What the logger wrote to stderr while `work` ran. */
function stderrOf(work: () => void): string {
  const written: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  work();
  return written.join('');
}

// The long-running bot with LOG_FORMAT=text (or at a terminal) tells the operator every failure:
// two feeds failing the same way, or one feed failing again at the next poll, are separate events.
describe('readable logs of the long-running bot', () => {
  it('show a second feed that fails with the same reason as the first', () => {
    const logger = createLogger('info', undefined, { format: 'text' });
    const out = stderrOf(() => {
      logger.warn({ source: 'community-care', reason: 'fetch failed: ETIMEDOUT' }, 'feed poll failed');
      logger.warn({ source: 'cypnow', reason: 'fetch failed: ETIMEDOUT' }, 'feed poll failed');
    });
    expect(out).toContain('community-care');
    expect(out).toContain('cypnow');
  });

  it('show that a source is paused after it failed the same way at the polls before', () => {
    const logger = createLogger('info', undefined, { format: 'text' }).child({ source: 'psw-basw' });
    const out = stderrOf(() => {
      logger.warn({ reason: 'HTTP 503 Service Unavailable', failures: 4, paused: false }, 'source failed');
      logger.warn(
        { reason: 'HTTP 503 Service Unavailable', failures: 5, paused: true },
        'source failed too often in a row and is paused',
      );
    });
    expect(out).toContain('is paused');
  });

  it('show a failure again when it happens again an hour later', () => {
    const logger = createLogger('info', undefined, { format: 'text' });
    const out = stderrOf(() => {
      logger.error({ reason: 'connect ECONNREFUSED 127.0.0.1:6379', at: '10:00' }, 'store unreachable');
      logger.error({ reason: 'connect ECONNREFUSED 127.0.0.1:6379', at: '11:00' }, 'store unreachable');
    });
    expect(out.match(/store unreachable/g)?.length).toBe(2);
  });
});

// A one-shot command leaves out only the error line it ends with, when its last log line told it
// (test/cli.failure-lines.test.ts); its log lines are all shown.
describe('readable logs of a one-shot command', () => {
  it('show both feeds that failed the same way', () => {
    const logger = createLogger('info', undefined, { format: 'text', oneShot: true });
    const out = stderrOf(() => {
      logger.warn({ source: 'feed-one', reason: 'certificate has expired' }, 'feed poll failed');
      logger.warn({ source: 'feed-two', reason: 'certificate has expired' }, 'feed poll failed');
    });
    expect(out).toContain('feed-one');
    expect(out).toContain('feed-two');
  });

  it("show a command's own failure after the store's outage with the same reason", () => {
    const logger = createLogger('info', undefined, { format: 'text', oneShot: true });
    const out = stderrOf(() => {
      logger.error({ store: 'bot.sqlite', reason: 'SQLITE_BUSY: database is locked' }, 'store unreachable');
      logger.warn({ reason: 'SQLITE_BUSY: database is locked' }, 'the weekly digest could not reach the store');
    });
    expect(out).toContain('store unreachable');
    expect(out).toContain('the weekly digest could not reach the store');
  });
});

describe('a failure reference given to a Discord user', () => {
  it('is in the log each time, however often the same error recurs', async () => {
    const { reportFailure } = await import('../src/command-kit/report-failure.ts');
    const logger = createLogger('info', undefined, { format: 'text' });
    let second = '';
    const out = stderrOf(() => {
      reportFailure(logger, new Error('Missing Access'), '/digest', { command: 'digest' });
      second = reportFailure(logger, new Error('Missing Access'), '/digest', { command: 'digest' });
    });
    const ref = /reference (\w+)/.exec(second)![1]!;
    expect(out).toContain(ref);
  });
});
