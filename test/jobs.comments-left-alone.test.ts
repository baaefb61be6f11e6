// A source that is backing off or paused is left alone: its readers' comments too (the site-wide
// comment feed and its articles' comment feeds), until its backoff ends or a moderator resumes it.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { PAUSE_AFTER_FAILURES } from '../src/sources/pause.ts';
import type { SourceOutcome } from '../src/sources/poll.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { openTestApp, run } from './helpers/feeds-app.ts';
import { rssFeed } from './helpers/rss-feed.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
let app: App;
let broken = false;

const SITE_COMMENTS = '/cc/comments/feed/';
const ARTICLE_COMMENTS = '/cc/story/feed/';
const emptyCommentFeed =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Comments</title><link>https://news.example.org/</link><description>c</description></channel></rss>';

beforeAll(async () => {
  await server.start();
  // One recent story whose source counts 3 comments while its comment feed shows none: every poll
  // that reads the source's comments asks for that article's comment feed again.
  const story = rssFeed([
    {
      title: 'Kinship carers to get allowance',
      url: server.url('/cc/story/'),
      published: new Date(Date.now() - 3_600_000),
      comments: 3,
    },
  ]);
  server
    .route('/cc/feed/', {
      handle: (_, res) =>
        void (broken
          ? res.writeHead(500).end('boom')
          : res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(story)),
    })
    .route(SITE_COMMENTS, {
      headers: { 'content-type': 'application/rss+xml' },
      body: fixture('comments/community-care-site-comments-feed.xml'),
    })
    .route(ARTICLE_COMMENTS, { headers: { 'content-type': 'application/rss+xml' }, body: emptyCommentFeed });
  const sources = dir.file('sources.yaml');
  writeFileSync(
    sources,
    `sources:\n  - id: community-care\n    name: Community Care\n    kind: rss\n    url: "${server.url('/cc/feed/')}"\n    commentsFeed: "${server.url(SITE_COMMENTS)}"\n`,
  );
  app = await openTestApp(sources);
});
afterAll(async () => {
  await app.close();
  await server.stop();
  dir.remove();
});

async function poll(force = false): Promise<SourceOutcome> {
  const outcome = await app.poll({ force, wait: true });
  return (outcome.ran ? outcome.value : []).find((o) => o.sourceId === 'community-care')!;
}

/** How many times the source's comment feeds were asked for while `during` ran. */
async function commentRequestsDuring(during: () => Promise<unknown>) {
  const before = [server.requestsTo(SITE_COMMENTS).length, server.requestsTo(ARTICLE_COMMENTS).length];
  await during();
  return {
    site: server.requestsTo(SITE_COMMENTS).length - before[0]!,
    article: server.requestsTo(ARTICLE_COMMENTS).length - before[1]!,
  };
}

describe('the comments of a source that is left alone', () => {
  it('are read with each poll that reads its stories', async () => {
    expect(await commentRequestsDuring(async () => expect(await poll()).toMatchObject({ status: 'fetched' }))).toEqual({
      site: 1,
      article: 1,
    });
    expect(app.lastComments?.read).toBeGreaterThan(0);
  });

  it('are not fetched while it backs off after a failure', async () => {
    broken = true;
    const requests = await commentRequestsDuring(async () => {
      expect(await poll()).toMatchObject({ status: 'error', failures: 1 });
      expect(await poll()).toMatchObject({ status: 'skipped' });
      expect(await poll()).toMatchObject({ status: 'skipped' });
    });
    expect(requests).toEqual({ site: 0, article: 0 });
  });

  it('are not fetched while it is paused, even by a forced poll', async () => {
    const requests = await commentRequestsDuring(async () => {
      for (let n = 2; n <= PAUSE_AFTER_FAILURES; n++) await poll(true);
      expect(await poll()).toMatchObject({ status: 'paused' });
      expect(await poll(true)).toMatchObject({ status: 'paused' });
    });
    expect(requests).toEqual({ site: 0, article: 0 });
  });

  it('are read again once it is resumed and its stories are read', async () => {
    broken = false;
    expect(await run(app, 'feeds', { subcommand: 'resume', options: { id: 'community-care' } })).toContain(
      'is resumed',
    );
    expect(await commentRequestsDuring(async () => expect(await poll()).toMatchObject({ status: 'fetched' }))).toEqual({
      site: 1,
      article: 1,
    });
  });
});
