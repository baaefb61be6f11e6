import { writeFileSync } from 'node:fs';
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticFeed } from '../src/bench/synthetic-feeds.ts';
import { MAX_FEED_ENTRIES } from '../src/sources/parse-feed.ts';
import type { Item } from '../src/sources/item.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { redisAvailable, startRedis } from './helpers/redis-server.ts';
import { runCli, startCli, type RunningCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;

beforeAll(async () => {
  await server.start();
  if (redisAvailable()) redis = await startRedis();
});
afterAll(async () => {
  await server.stop();
  await redis?.stop();
  dir.remove();
});

if (!redisAvailable())
  console.warn('redis-server is not installed: the several-instances test is skipped (CI installs it)');

describe('several instances on one Redis', () => {
  it.skipIf(!redisAvailable())(
    'three instances: one polls at a time; kill -9 the one polling and another carries on, nothing lost or stored twice',
    async () => {
      const body = syntheticFeed(3, 2_000);
      server.route('/instances/feed', { delayMs: 1_500, headers: { 'content-type': 'application/rss+xml' }, body });
      const sources = dir.file('sources.yaml');
      writeFileSync(
        sources,
        `sources:\n  - {id: big, name: Big Feed, kind: rss, url: "${server.url('/instances/feed')}"}\n`,
      );
      // A short lock TTL: the killed instance's lock lapses in 15 s, not the default 30 s.
      const env = { SOURCES_FILE: sources, STORE_URL: redis!.url, POLL_CRON: '*/2 * * * * *', LOCK_TTL_MS: '15000' };
      const client = createClient({ url: redis!.url });
      await client.connect();
      const instances: RunningCli[] = [];
      try {
        for (let i = 0; i < 3; i++) instances.push(startCli(['poll'], env));
        // Wait until one of them holds the poll lock and is fetching, then kill that one.
        let holder: string | null = null;
        for (let i = 0; i < 200 && !holder; i++) {
          holder = await client.get('care-review-bot:lock:poll');
          if (!holder) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(holder).not.toBeNull();
        const pid = Number(holder!.split(':')[1]);
        const victim = instances.find((p) => p.pid === pid)!;
        expect(victim).toBeDefined();
        victim.kill('SIGKILL');
        await victim.exited;

        // Once the dead one's lock has expired, another instance takes it at its next tick and stores every story once.
        const started = Date.now();
        let stored: Item[] = [];
        while (Date.now() - started < 45_000) {
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          stored = JSON.parse((await runCli(['items', '--json', '--limit', '5000'], env)).stdout) as Item[];
          if (stored.length >= MAX_FEED_ENTRIES) break;
        }
        // A poll reads the feed's first MAX_FEED_ENTRIES stories: those, each once.
        expect(stored).toHaveLength(MAX_FEED_ENTRIES);
        expect(new Set(stored.map((i) => i.url)).size).toBe(MAX_FEED_ENTRIES);
      } finally {
        for (const p of instances) p.kill('SIGKILL');
        await client.quit();
      }
    },
    90_000,
  );
});
