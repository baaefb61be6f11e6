import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import type { Item } from '../src/sources/item.ts';
import { FeedStateStore } from '../src/store/feed-state-store.ts';
import { ItemStore } from '../src/store/item-store.ts';
import { openStore } from '../src/store/open-store.ts';
import { redisAvailable, startRedis } from './helpers/redis-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

function makeItem(n: number, overrides: Partial<Item> = {}): Item {
  const day = String((n % 28) + 1).padStart(2, '0');
  return {
    id: `id-${n}`,
    sourceId: 'community-care',
    guid: `https://www.communitycare.co.uk/?p=${n}`,
    url: `https://www.communitycare.co.uk/2024/05/${day}/story-${n}/`,
    title: `Story number ${n} about kinship care`,
    summary: 'Summary',
    categories: [],
    published: `2024-05-${day}T09:00:00.000Z`,
    publishedKnown: true,
    firstSeen: '2026-11-23T12:00:00.000Z',
    backfill: false,
    ...overrides,
  };
}

const dir = tempDir();
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
if (!redisAvailable())
  console.warn('redis-server is not installed: the Redis store tests are skipped (CI installs it)');

beforeAll(async () => {
  if (redisAvailable()) redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  dir.remove();
});

const backends: Array<[string, () => string]> = [
  ['memory', () => 'memory:contract'],
  ['sqlite', () => `sqlite://${dir.file('contract.sqlite')}`],
  ['redis', () => redis!.url],
];

describe.each(backends)('the %s store', (name, url) => {
  it.skipIf(name === 'redis' && !redisAvailable())(
    'keeps items and their order across a reopen, and knows a story under any of its keys',
    async () => {
      const first = await openStore(url(), silentLogger);
      const items = await ItemStore.open(first);
      const added = await items.addNew([makeItem(1), makeItem(2), makeItem(3)]);
      expect(added.map((i) => i.id)).toEqual(['id-1', 'id-2', 'id-3']);

      // Same guid; same URL under another guid; same title (case and punctuation aside) under another URL.
      const again = await items.addNew([
        makeItem(99, { guid: 'https://www.communitycare.co.uk/?p=1', url: 'https://example.org/other' }),
        makeItem(98, { url: makeItem(2).url, guid: 'other-guid' }),
        makeItem(97, {
          title: 'STORY NUMBER 3 — about kinship care!',
          url: 'https://example.org/third',
          guid: 'g-97',
          published: makeItem(3).published,
        }),
        makeItem(4),
        makeItem(4),
      ]);
      expect(again.map((i) => i.id)).toEqual(['id-4']);
      await first.close();

      const second = await openStore(url(), silentLogger);
      const reopened = await ItemStore.open(second);
      expect(reopened.size).toBe(4);
      expect(reopened.list().map((i) => i.id)).toEqual(['id-4', 'id-3', 'id-2', 'id-1']);
      expect(reopened.list({ limit: 2 }).map((i) => i.id)).toEqual(['id-4', 'id-3']);
      expect(await reopened.addNew([makeItem(1, { id: 'new-id-same-story' })])).toEqual([]);

      const feeds = new FeedStateStore(second);
      await feeds.set({ sourceId: 'community-care', etag: '"abc"', failures: 2, lastError: 'HTTP 503' });
      expect(await feeds.get('community-care')).toEqual({
        sourceId: 'community-care',
        etag: '"abc"',
        failures: 2,
        lastError: 'HTTP 503',
      });
      await second.close();
    },
  );
});

describe('ItemStore updates', () => {
  it('moves an item between tag lists when its classification changes, keeping the order', async () => {
    const connection = await openStore('memory:updates', silentLogger);
    const items = await ItemStore.open(connection);
    const tagged = (n: number, theme: 'fostering' | 'workforce') =>
      makeItem(n, {
        classification: { aboutReform: true, themes: [{ key: theme, score: 3, evidence: [] }], recommendations: [] },
      });
    await items.addNew([tagged(1, 'fostering'), tagged(2, 'fostering'), tagged(3, 'fostering')]);
    expect(items.tagged('theme', 'fostering', 10).map((i) => i.id)).toEqual(['id-3', 'id-2', 'id-1']);
    await items.update([tagged(2, 'workforce')]);
    expect(items.tagged('theme', 'fostering', 10).map((i) => i.id)).toEqual(['id-3', 'id-1']);
    expect(items.tagged('theme', 'workforce', 10).map((i) => i.id)).toEqual(['id-2']);
    expect(items.list().map((i) => i.id)).toEqual(['id-3', 'id-2', 'id-1']);
    expect(items.get('id-2')!.classification!.themes[0]!.key).toBe('workforce');
    await connection.close();
  });
});
