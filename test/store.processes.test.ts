import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticFeed } from '../src/bench/synthetic-feeds.ts';
import type { Item } from '../src/sources/item.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { redisAvailable, startRedis } from './helpers/redis-server.ts';
import { rssFeed } from './helpers/rss-feed.ts';
import { runCli, startCli } from './helpers/run-cli.ts';
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

function sourcesFile(name: string, path: string): string {
  const file = dir.file(`${name}.yaml`);
  writeFileSync(file, `sources:\n  - {id: cc, name: Community Care, kind: rss, url: "${server.url(path)}"}\n`);
  return file;
}

const story = (n: number, title: string) => ({
  title,
  url: `https://news.example.org/2026/11/${n}/`,
  published: new Date(Date.UTC(2026, 10, 20) + n * 3_600_000),
});

const backends: Array<[string, () => string]> = [
  ['SQLite', () => `sqlite://${dir.file('together.sqlite')}`],
  ['Redis', () => redis!.url],
];

describe.each(backends)('the bot and poll --once on one %s store', (name, storeUrl) => {
  it.skipIf(name === 'Redis' && !redisAvailable())(
    'a story stored by poll --once shows in the running bot’s /items within 10 seconds',
    async () => {
      const path = `/together-${name}/feed`;
      let entries = [story(1, 'Kinship carers win new rights to paid leave')];
      server.route(path, {
        handle: (_, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(entries)),
      });
      const env = { SOURCES_FILE: sourcesFile(`together-${name}`, path), STORE_URL: storeUrl() };

      const bot = startCli(['start'], env);
      try {
        await bot.waitFor(/Type \/help/);
        // The bot's own first poll must be over, or it may read the second story before poll --once does.
        for (let tries = 0; !bot.output.stdout.includes('Kinship carers win new rights'); tries++) {
          if (tries === 30) throw new Error(`the bot's first poll stored nothing\n${bot.output.stdout}`);
          bot.type('/items');
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        entries = [...entries, story(2, 'Foster carer recruitment drive doubles applications')];
        const poll = await runCli(['poll', '--once'], env);
        expect(poll.code).toBe(0);
        expect(poll.stdout).toContain('cc: 1 new item');
        const stored = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        bot.type('/items');
        await bot.waitFor(/Foster carer recruitment drive doubles applications/, 5_000);
        expect(Date.now() - stored).toBeLessThan(10_000);
        bot.type('exit');
        expect(await bot.exited).toBe(0);
      } finally {
        bot.kill('SIGKILL');
      }
    },
    60_000,
  );
});

describe('processes polling one store', () => {
  it('poll --once waits, saying so, while another process polls, and nothing is stored twice', async () => {
    const path = '/slow-shared/feed';
    server.route(path, {
      delayMs: 4_000,
      headers: { 'content-type': 'application/rss+xml' },
      body: rssFeed([
        story(1, 'Family help reaches every council'),
        story(2, 'Agency social worker rules come into force'),
      ]),
    });
    const env = {
      SOURCES_FILE: sourcesFile('slow-shared', path),
      STORE_URL: `sqlite://${dir.file('slow-shared.sqlite')}`,
    };
    const first = runCli(['poll', '--once'], env);
    // Once the feed is asked for, the first process holds the poll lock and is mid-poll.
    while (server.requestsTo(path).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await runCli(['poll', '--once'], env);
    expect(second.stdout).toMatch(/Another process is polling \(.+\); waiting for it to finish/);
    expect((await first).code).toBe(0);
    expect(second.code).toBe(0);
    const items = JSON.parse((await runCli(['items', '--json'], env)).stdout) as Item[];
    expect(items.map((i) => i.title).sort()).toEqual([
      'Agency social worker rules come into force',
      'Family help reaches every council',
    ]);
  }, 60_000);

  it('kill -9 during a poll of a large feed, then a restart once its lock expired: every story stored once', async () => {
    const path = '/large/feed';
    const body = syntheticFeed(7, 3_000);
    let served = 0;
    server.route(path, {
      handle(request, res) {
        served++;
        if (request.headers['if-none-match'] === '"large"') return void res.writeHead(304, { etag: '"large"' }).end();
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"large"' }).end(body);
      },
    });
    const env = { SOURCES_FILE: sourcesFile('large', path), STORE_URL: `sqlite://${dir.file('large.sqlite')}` };

    // The killed poll's lock lapses in 3 s, not 30; the restart keeps the default, to poll 3,000 stories on a busy machine.
    const victim = startCli(['poll', '--once'], { ...env, LOCK_TTL_MS: '3000' });
    while (served === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 400));
    victim.kill('SIGKILL');
    await victim.exited;

    const again = await runCli(['poll', '--once'], env);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const items = JSON.parse((await runCli(['items', '--json', '--limit', '10000'], env)).stdout) as Item[];
    expect(items).toHaveLength(3_000);
    expect(new Set(items.map((i) => i.url)).size).toBe(3_000);
    const third = await runCli(['poll', '--once'], env);
    expect(third.stdout).toContain('cc: not modified');
  }, 90_000);

  it.skipIf(!redisAvailable())(
    'poll --once against a stopped Redis ends with a message naming it and a non-zero exit',
    async () => {
      const stopped = await startRedis();
      await stopped.stop();
      const started = Date.now();
      const result = await runCli(
        ['poll', '--once'],
        { SOURCES_FILE: sourcesFile('no-redis', '/none'), STORE_URL: stopped.url },
        undefined,
        40_000,
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`store redis://127.0.0.1:${stopped.port}`);
      expect(Date.now() - started).toBeLessThan(10_000);
    },
    60_000,
  );
});
