// What the operator reads after a poll names its times as the rest of the bot does ("8 Dec 2026",
// "8 Dec 2026 09:21" in TZ), never as raw ISO instants.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PAUSE_AFTER_FAILURES } from '../src/sources/pause.ts';
import { pollLines } from '../src/terminal/poll-lines.ts';
import { setTimeZone } from '../src/util/time-zone.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { openTestApp, writeSourcesFile } from './helpers/feeds-app.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

beforeAll(async () => {
  await server.start();
  server.route('/flaky/feed', { status: 500, body: 'boom' });
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});
afterEach(() => setTimeZone('Europe/London'));

describe('poll --once on a source that keeps failing', () => {
  it('prints its next try, then its pause, as dates in TZ, in the poll lines and the warnings beside them', async () => {
    const sources = writeSourcesFile(dir.file('sources.yaml'), { flaky: server.url('/flaky/feed') });
    const storeUrl = `sqlite://${dir.file('bot.sqlite')}`;
    const app = await openTestApp(sources, { storeUrl });
    for (let n = 1; n < PAUSE_AFTER_FAILURES - 1; n++) await app.poll({ force: true, wait: true });
    await app.close();
    const env = { SOURCES_FILE: sources, STORE_URL: storeUrl, TZ: 'Asia/Tokyo', LOG_LEVEL: 'info' };

    const failing = await runCli(['poll', '--once', '--force'], env);
    expect(failing.stdout).toMatch(
      /^flaky: error: HTTP 500 Internal Server Error \(failure 9; next try after \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}\)$/m,
    );
    expect(failing.stderr).toMatch(/source failed: HTTP 500 .*nextAttemptAt \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}/);
    expect(failing.stdout + failing.stderr).not.toMatch(ISO_INSTANT);

    const pausing = await runCli(['poll', '--once', '--force'], env);
    expect(pausing.stdout).toContain('paused after 10 failures in a row');
    expect(pausing.stdout + pausing.stderr).not.toMatch(ISO_INSTANT);

    const paused = await runCli(['poll', '--once'], env);
    expect(paused.stdout).toMatch(
      /^flaky: paused since \d{1,2} [A-Z][a-z]{2} \d{4} after 10 failures in a row \(last: HTTP 500 Internal Server Error\); not polled until \/feeds resume flaky$/m,
    );
    expect(paused.stdout + paused.stderr).not.toMatch(ISO_INSTANT);
  }, 60_000);
});

describe('the poll lines of the running bot at the terminal', () => {
  it('are stamped with the time in TZ, as every other time it shows', () => {
    setTimeZone('Asia/Tokyo');
    const at = new Date('2026-12-08T00:16:57.564Z');
    expect(
      pollLines(
        [
          {
            sourceId: 'community-care',
            status: 'paused',
            pausedAt: at.toISOString(),
            failures: 10,
            lastError: 'host not found',
            noticePending: false,
          },
        ],
        at,
      ),
    ).toBe(
      '[09:16] community-care: paused since 8 Dec 2026 after 10 failures in a row (last: host not found); not polled until /feeds resume community-care',
    );
  });
});
