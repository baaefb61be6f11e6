import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import type { SourceOutcome } from '../src/sources/poll.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { openTestApp, run, writeSourcesFile } from './helpers/feeds-app.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
let first: App;
let second: App;

beforeAll(async () => {
  await server.start();
  server
    .route('/cc/feed/', {
      headers: { 'content-type': 'application/rss+xml' },
      body: fixture('feeds/community-care-wordpress.xml'),
    })
    .route('/psw/articles', { headers: { 'content-type': 'text/html' }, body: fixture('feeds/advertises-feed.html') })
    .route('/about-social-work/psw-magazine/articles/feed', {
      headers: { 'content-type': 'application/rss+xml' },
      body: fixture('feeds/psw-articles-feed.xml'),
    });
  const sourcesFile = writeSourcesFile(dir.file('sources.yaml'), { 'community-care': server.url('/cc/feed/') });
  const storeUrl = `sqlite://${dir.file('shared.sqlite')}`;
  first = await openTestApp(sourcesFile, { storeUrl });
  second = await openTestApp(sourcesFile, { storeUrl });
});
afterAll(async () => {
  await first.close();
  await second.close();
  await server.stop();
  dir.remove();
});

async function pollIn(app: App): Promise<Record<string, SourceOutcome>> {
  const outcome = await app.poll({ wait: true });
  return Object.fromEntries((outcome.ran ? outcome.value : []).map((o) => [o.sourceId, o]));
}

describe('two bots on one SQLite store', () => {
  it('a feed added in one is polled by the other at its next poll, and named in its answers soon after', async () => {
    expect(
      await run(first, 'feeds', {
        subcommand: 'add',
        options: { url: server.url('/psw/articles'), name: 'PSW magazine' },
      }),
    ).toContain('Added PSW magazine as psw-magazine');

    // The other process's next poll reads the list from the store.
    const outcomes = await pollIn(second);
    expect(outcomes['psw-magazine']).toMatchObject({ status: 'fetched', backfill: true, seen: 3 });
    expect(outcomes['community-care']).toMatchObject({ status: 'fetched' });
    expect(second.items.list({ sourceId: 'psw-magazine' })).toHaveLength(3);

    // And the first sees the stories the second stored, under the feed's name.
    await first.watcher.check();
    expect(await run(first, 'items', { options: { source: 'psw-magazine', limit: 1 } })).toContain(
      'Latest from PSW magazine',
    );
  });

  it('a source removed in one is no longer polled by the other; its list follows the change without a poll', async () => {
    await second.watcher.check();
    expect(await run(second, 'feeds', { subcommand: 'remove', options: { id: 'community-care' } })).toContain(
      "disabled in the bot's store",
    );
    await first.watcher.check();
    expect(first.sources.find((s) => s.id === 'community-care')).toMatchObject({ enabled: false });
    const requests = server.requestsTo('/cc/feed/').length;
    const outcomes = await pollIn(first);
    expect(outcomes['community-care']).toBeUndefined();
    expect(outcomes['psw-magazine']).toMatchObject({ status: 'fetched', added: [] });
    expect(server.requestsTo('/cc/feed/').length).toBe(requests);
  });
});
