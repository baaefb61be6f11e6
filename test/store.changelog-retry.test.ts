// A change-log write that fails after the items were written is retried, so another process's cache
// (its /items, its weekly digest) learns of the stories: at once when the store answers the second
// time, at the next poll when it refuses both.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { ChangeWatcher } from '../src/store/change-log.ts';
import { ItemStore } from '../src/store/item-store.ts';
import { memoryNamespaceMap, openStore } from '../src/store/open-store.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness, rssSource } from './helpers/poll-harness.ts';
import { rssFeed } from './helpers/rss-feed.ts';

const server = new FixtureServer();
beforeAll(async () => void (await server.start()));
afterAll(async () => server.stop());

it.each([1, 2])('stories whose change-log entry failed %i time(s) reach another running process', async (times) => {
  const url = `memory:changelog-gap-${times}-${Date.now()}`;
  const entries = [0].map((n) => ({
    title: `Kinship carers story number ${n}`,
    url: `https://news.example.org/2026/11/story-${n}/`,
    published: new Date(Date.UTC(2026, 10, 1) + n * 3_600_000),
  }));
  server.route('/gap/feed', {
    handle(request, response) {
      const body = rssFeed(entries);
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 12)}"`;
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
      response.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body);
    },
  });

  // Process B: the running bot, following the change log.
  const botConnection = await openStore(url, silentLogger);
  const botItems = await ItemStore.open(botConnection);
  const watcher = new ChangeWatcher(
    botConnection.changes,
    { items: (ids) => botItems.applyChanges(ids) },
    () => botItems.reload(),
    silentLogger,
  );
  await watcher.prime();

  // Process A: `poll --once` from a shell. Its one journal write fails (a store timeout, or the
  // process is killed between the two writes): the items and dedup keys are already written.
  const poller = await openPollHarness(url, [rssSource('cc', server.url('/gap/feed'))]);
  // A first, clean poll: the bot follows it through the change log, as designed.
  await poller.poll();
  await watcher.check();
  expect(botItems.size).toBe(1);
  entries.push(
    ...[1, 2].map((n) => ({
      title: `Kinship carers story number ${n}`,
      url: `https://news.example.org/2026/11/story-${n}/`,
      published: new Date(Date.UTC(2026, 10, 1) + n * 3_600_000),
    })),
  );
  const journal = memoryNamespaceMap(url, 'changes');
  const realSet = journal.set.bind(journal);
  let failures = times;
  journal.set = (key: string, value: unknown) => {
    if (failures-- > 0) throw new Error('store timeout');
    return realSet(key, value);
  };
  const [first] = await poller.poll();
  console.log('first poll:', first);
  const [second] = await poller.poll({ force: true });
  console.log('second poll:', second);

  await watcher.check();
  const ids = poller.items.all().map((i) => i.id);
  const inStore = await botItems.fetch(ids);
  console.log('in the store:', inStore.length, "· in the running bot's cache (its /items, its digest):", botItems.size);
  expect(inStore).toHaveLength(3);
  expect(botItems.size).toBe(3);
  await poller.close();
  await botConnection.close();
});
