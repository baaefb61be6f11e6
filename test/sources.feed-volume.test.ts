// A feed that sends 20,000 fresh items at every poll: each poll reads only its first items, says
// once how many it left, and nothing else of the flood is kept.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FEED_ENTRIES, readFeedEntries } from '../src/sources/parse-feed.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness, rssSource } from './helpers/poll-harness.ts';

const server = new FixtureServer();
beforeAll(async () => void (await server.start()));
afterAll(async () => server.stop());

it(`a feed of 20,000 items adds its first ${MAX_FEED_ENTRIES} a poll, and one log line says how many were left`, async () => {
  let round = 0;
  server.route('/flood', {
    handle(_request, response) {
      round++;
      const now = new Date().toUTCString();
      const items = Array.from(
        { length: 20_000 },
        (_, i) =>
          `<item><title>Kinship carers news ${round}-${i}</title><link>https://flood.example/${round}/${i}</link><pubDate>${now}</pubDate></item>`,
      ).join('');
      response
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>f</title><link>https://flood.example/</link><description>d</description>${items}</channel></rss>`,
        );
    },
  });
  const lines: Array<{ msg: string; source?: string; kept?: number; left?: number }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const harness = await openPollHarness(
    'memory:',
    [rssSource('flood', server.url('/flood'))],
    { timeoutMs: 20_000 },
    { logger },
  );
  for (let poll = 1; poll <= 2; poll++) {
    const [outcome] = await harness.poll({ force: true });
    expect(outcome!.status).toBe('fetched');
    if (outcome!.status !== 'fetched') return;
    expect(outcome!.added.map((item) => item.title)).toEqual(
      Array.from({ length: MAX_FEED_ENTRIES }, (_, i) => `Kinship carers news ${poll}-${i}`),
    );
    expect(outcome!.seen).toBe(20_000);
  }
  expect(harness.items.size).toBe(2 * MAX_FEED_ENTRIES);
  const leftLines = lines.filter((line) => line.left !== undefined);
  expect(leftLines).toHaveLength(2);
  expect(leftLines[0]).toMatchObject({ source: 'flood', kept: MAX_FEED_ENTRIES, left: 20_000 - MAX_FEED_ENTRIES });
  expect(leftLines[0]!.msg).toContain(`${20_000 - MAX_FEED_ENTRIES} were left`);
  await harness.close();
}, 120_000);

describe('a feed too large to parse in one go', () => {
  for (const file of [
    'feeds/community-care-wordpress.xml',
    'real-world-feeds/feedburner.atom',
    'real-world-feeds/rss-1.rss',
    'real-world-feeds/guardian.rss',
  ]) {
    it(`gives the same entries, read in batches, as the whole ${file} does`, async () => {
      const text = fixture(file).toString('utf8');
      // Padding after the XML declaration takes the text over the size read whole.
      const padded = text.replace(
        /^(<\?xml[^>]*\?>)?/,
        (declaration) => `${declaration}<!-- ${'pad '.repeat(100_000)} -->`,
      );
      expect(padded.length).toBeGreaterThan(300_000);
      const whole = await readFeedEntries(text);
      expect(whole.entries.length).toBeGreaterThan(0);
      expect(await readFeedEntries(padded)).toEqual(whole);
      const [first, second] = whole.entries;
      expect((await readFeedEntries(padded, 1)).entries).toEqual([first]);
      expect(second).toBeDefined();
    });
  }
});

it('lets other work run (an interaction, a timer) while it reads a feed of 20,000 items', async () => {
  const items = Array.from(
    { length: 20_000 },
    (_, i) => `<item><title>Story ${i}</title><link>https://flood.example/${i}</link></item>`,
  );
  const order: string[] = [];
  const reading = readFeedEntries(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>${items.join('')}</channel></rss>`,
  ).then(() => order.push('feed read'));
  // Scheduled once the read has begun: it runs only if the read gives the event loop a turn.
  setTimeout(() => order.push('other work'), 0);
  await reading;
  expect(order[0]).toBe('other work');
});
