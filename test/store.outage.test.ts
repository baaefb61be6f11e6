import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness, rssSource } from './helpers/poll-harness.ts';
import { redisAvailable, startRedis } from './helpers/redis-server.ts';
import { rssFeed } from './helpers/rss-feed.ts';

const server = new FixtureServer();
beforeAll(async () => {
  await server.start();
});
afterAll(() => server.stop());

if (!redisAvailable()) console.warn('redis-server is not installed: the Redis outage test is skipped (CI installs it)');

describe('a store outage', () => {
  it.skipIf(!redisAvailable())(
    'ends a poll with a clear error in bounded time, logs the outage once, and recovers when Redis returns (case 18)',
    async () => {
      let redis = await startRedis();
      const lines: Array<{ msg: string; store?: string }> = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      let stories = 1;
      const entries = () =>
        Array.from({ length: stories }, (_, n) => ({
          title: `Family help story ${n}`,
          url: `https://news.example.org/${n}/`,
          published: new Date(Date.UTC(2026, 10, 1) + n * 3_600_000),
        }));
      server.route('/outage/feed', {
        handle: (_, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(entries())),
      });
      const harness = await openPollHarness(
        redis.url,
        [rssSource('cc', server.url('/outage/feed')), rssSource('cc2', server.url('/outage/feed'))],
        {},
        { timeoutMs: 1_000, logger },
      );
      expect((await harness.poll())[0]).toMatchObject({ status: 'fetched' });

      await redis.stop();
      stories = 2;
      const started = Date.now();
      const outcomes = await harness.poll({ force: true });
      expect(Date.now() - started).toBeLessThan(10_000);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('error');
        expect((outcome as { error: string }).error).toContain(`redis://127.0.0.1:${redis.port}`);
      }
      await harness.poll({ force: true });
      expect(lines.filter((l) => l.msg === 'store unreachable; retrying on each use')).toHaveLength(1);

      redis = await startRedis(redis.port);
      let recovered: Awaited<ReturnType<typeof harness.poll>> = [];
      for (let attempt = 0; attempt < 20 && recovered[0]?.status !== 'fetched'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        recovered = await harness.poll({ force: true });
      }
      expect(recovered[0]).toMatchObject({ status: 'fetched' });
      expect(lines.some((l) => l.msg === 'store reachable again')).toBe(true);
      await harness.close();
      await redis.stop();
    },
    60_000,
  );
});
