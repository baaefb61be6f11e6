import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness, rssSource } from './helpers/poll-harness.ts';
import { rssFeed } from './helpers/rss-feed.ts';

const server = new FixtureServer();
beforeAll(async () => {
  await server.start();
});
afterAll(() => server.stop());

describe('a gzip-compressed feed', () => {
  it('is read like any other: the stories arrive whole and correctly decoded', async () => {
    const body = gzipSync(
      Buffer.from(
        rssFeed([
          {
            title: 'Kinship carers’ allowance: what changes in April',
            url: 'https://news.example.org/gz/',
            published: new Date('2026-11-20T09:00:00Z'),
          },
        ]),
      ),
    );
    server.route('/gz/feed', {
      headers: { 'content-type': 'application/rss+xml; charset=UTF-8', 'content-encoding': 'gzip' },
      body,
    });
    const harness = await openPollHarness('memory:', [rssSource('gz', server.url('/gz/feed'))]);
    const [outcome] = await harness.poll();
    expect(outcome).toMatchObject({ status: 'fetched' });
    expect(harness.items.list().map((i) => i.title)).toEqual(['Kinship carers’ allowance: what changes in April']);
    await harness.close();
  });
});
