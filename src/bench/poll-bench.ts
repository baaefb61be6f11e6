import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClassifier } from '../classify/classifier.ts';
import { classifyItem } from '../classify/classify-item.ts';
import { silentLogger } from '../logger.ts';
import { decodeBody } from '../sources/decode-body.ts';
import { defaultFetchOptions } from '../sources/fetch-source.ts';
import type { Item, RawEntry } from '../sources/item.ts';
import { normaliseEntry } from '../sources/normalise.ts';
import { parseFeed } from '../sources/parse-feed.ts';
import { pollAll } from '../sources/poll.ts';
import type { Source } from '../sources/source-config.ts';
import { FeedStateStore } from '../store/feed-state-store.ts';
import { ItemStore } from '../store/item-store.ts';
import { openStore } from '../store/open-store.ts';
import { measure, round } from './measure.ts';
import { serveSyntheticFeeds, syntheticFeed } from './synthetic-feeds.ts';

export interface PollBenchFigures {
  feeds: number;
  itemsPerFeed: number;
  allNewWallMs: number;
  allNewCpuMs: number;
  all304WallMs: number;
  all304CpuMs: number;
  all304ToAllNewWallRatio: number;
  all304ToAllNewCpuRatio: number;
  normaliseItemsPerSecond: number;
  hugeEntryNormaliseMs: number;
}

function hugeEntry(size: number): RawEntry {
  const text = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return {
    link: 'https://news.example.org/huge',
    title: text('<b>Care review</b> '),
    summary: text('<p>The post appeared first on Continue reading '),
    content: text('<div><p>Kinship care &amp; the review &#27;[2J'),
    author: text('Mithran Samuel '),
    categories: Array.from({ length: 1_000 }, (_, n) => `Category ${n} ${'x'.repeat(5_000)}`),
  };
}

/** A full poll cycle (fetch, parse, normalise, classify, store) over local feeds into a fresh SQLite store: all items new, then every feed answering 304. */
export async function runPollBench(
  feeds = 50,
  itemsPerFeed = 50,
  log: (line: string) => void = console.log,
): Promise<PollBenchFigures> {
  const server = await serveSyntheticFeeds(feeds, itemsPerFeed);
  const dir = mkdtempSync(join(tmpdir(), 'care-review-bot-bench-'));
  const connection = await openStore(`sqlite://${join(dir, 'bench.sqlite')}`, silentLogger);
  try {
    const items = await ItemStore.open(connection);
    const feedStates = new FeedStateStore(connection);
    const sources: Source[] = Array.from({ length: feeds }, (_, n) => ({
      id: `feed-${n}`,
      name: `Feed ${n}`,
      kind: 'rss',
      url: server.url(n),
      enabled: true,
    }));
    const classifier = loadClassifier();
    const deps = {
      items,
      feeds: feedStates,
      logger: silentLogger,
      fetchOptions: { ...defaultFetchOptions, allowPrivateAddresses: true },
      enrich: (item: Item) => classifyItem(classifier, item),
    };

    const allNew = await measure(() => pollAll(sources, deps));
    const stored = items.size;
    if (stored !== feeds * itemsPerFeed)
      throw new Error(`expected ${feeds * itemsPerFeed} items stored, got ${stored}`);
    log(
      `poll cycle, all new:  ${stored} items from ${feeds} feeds in ${round(allNew.wallMs, 0)} ms wall, ${round(allNew.cpuMs, 0)} ms CPU`,
    );

    const all304 = await measure(() => pollAll(sources, deps));
    if (!all304.result.every((o) => o.status === 'not-modified')) throw new Error('expected every feed to answer 304');
    log(`poll cycle, all 304:  ${round(all304.wallMs, 0)} ms wall, ${round(all304.cpuMs, 0)} ms CPU`);

    const texts = Array.from({ length: feeds }, (_, n) =>
      decodeBody(Buffer.from(syntheticFeed(n, itemsPerFeed)), 'application/rss+xml'),
    );
    const now = new Date();
    const normalise = await measure(async () => {
      let count = 0;
      for (const [n, text] of texts.entries()) {
        for (const entry of await parseFeed(text)) {
          normaliseEntry(entry, { sourceId: `feed-${n}`, baseUrl: 'https://news.example.org/feed/', now });
          count++;
        }
      }
      return count;
    });
    const normaliseItemsPerSecond = normalise.result / (normalise.wallMs / 1000);
    log(`parse + normalise:    ${round(normaliseItemsPerSecond, 0)} items/s (${normalise.result} items)`);

    // One entry with every field at the 5 MiB body cap: what a hostile feed costs the event loop.
    const huge = await measure(async () =>
      normaliseEntry(hugeEntry(defaultFetchOptions.maxBytes), {
        sourceId: 'huge',
        baseUrl: 'https://news.example.org/feed/',
        now,
      }),
    );
    log(`normalise one entry with 5 MiB fields: ${round(huge.wallMs, 1)} ms`);

    return {
      feeds,
      itemsPerFeed,
      allNewWallMs: round(allNew.wallMs),
      allNewCpuMs: round(allNew.cpuMs),
      all304WallMs: round(all304.wallMs),
      all304CpuMs: round(all304.cpuMs),
      all304ToAllNewWallRatio: round(all304.wallMs / allNew.wallMs, 4),
      all304ToAllNewCpuRatio: round(all304.cpuMs / allNew.cpuMs, 4),
      normaliseItemsPerSecond: round(normaliseItemsPerSecond, 0),
      hugeEntryNormaliseMs: round(huge.wallMs, 1),
    };
  } finally {
    await connection.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
