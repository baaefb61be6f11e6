import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionalRoute, fixture, FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness, rssSource } from './helpers/poll-harness.ts';

const server = new FixtureServer();

beforeAll(async () => {
  await server.start();
  server
    .route(
      '/old/feed/',
      conditionalRoute(
        () => fixture('feeds/community-care-wordpress.xml'),
        () => '"old-v1"',
      ),
    )
    // Like many servers, the new one answers 304 to any If-Modified-Since it is sent.
    .route('/new/feed', {
      handle(request, response) {
        if (request.headers['if-modified-since'] || request.headers['if-none-match']) {
          response.writeHead(304).end();
          return;
        }
        response
          .writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': 'Mon, 07 Dec 2026 09:00:00 GMT' })
          .end(fixture('real-world-feeds/heise.atom'));
      },
    })
    .route('/gone', { status: 404, body: 'no such feed' });
});
afterAll(() => server.stop());

describe('a source given another url in the sources file', () => {
  it("asks the new url without the old url's validators, and reads the new feed", async () => {
    const harness = await openPollHarness('memory:', [rssSource('cc', server.url('/old/feed/'))]);
    const [first] = await harness.poll();
    expect(first!.status).toBe('fetched');

    const moved = rssSource('cc', server.url('/new/feed'));
    const [second] = await harness.poll(undefined, [moved]);
    const asked = server.requestsTo('/new/feed').at(-1)!;
    expect(asked.headers['if-modified-since']).toBeUndefined();
    expect(asked.headers['if-none-match']).toBeUndefined();
    expect(second!.status).toBe('fetched');
    expect(second!.status === 'fetched' && second!.seen).toBe(15);

    // The new url's own validators are then kept as usual.
    const [third] = await harness.poll(undefined, [moved]);
    expect(third!.status).toBe('not-modified');
    await harness.close();
  });

  it("is polled at once, not held back by the old url's failures", async () => {
    const harness = await openPollHarness('memory:', [rssSource('cc', server.url('/gone'))]);
    const t0 = new Date('2026-11-23T10:00:00Z');
    harness.setClock(() => t0);
    const [failed] = await harness.poll();
    expect(failed).toMatchObject({ status: 'error', failures: 1 });

    harness.setClock(() => new Date('2026-11-23T10:01:00Z'));
    const [moved] = await harness.poll(undefined, [rssSource('cc', server.url('/new/feed'))]);
    expect(moved!.status).toBe('fetched');
    expect((await harness.feeds.get('cc'))!.failures).toBe(0);
    await harness.close();
  });
});
