import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SourceOutcome } from '../src/sources/poll.ts';
import type { Source } from '../src/sources/source-config.ts';
import { conditionalRoute, fixture, FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness, rssSource } from './helpers/poll-harness.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
let feedVersion = 1;

beforeAll(async () => {
  await server.start();
  server
    .route(
      '/cc/feed/',
      conditionalRoute(
        () =>
          fixture(
            feedVersion === 1 ? 'feeds/community-care-wordpress.xml' : 'feeds/community-care-wordpress-later.xml',
          ),
        () => `"v${feedVersion}"`,
      ),
    )
    .route('/atom', {
      headers: { 'content-type': 'application/atom+xml' },
      body: fixture('real-world-feeds/heise.atom'),
    })
    .route('/psw/articles', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: fixture('feeds/psw-listing.html'),
    })
    .route('/slow', { delayMs: 5_000, body: fixture('real-world-feeds/heise.atom') })
    .route('/server-error', { status: 503, headers: { 'retry-after': '120' }, body: 'down for maintenance' })
    .route('/gone', { status: 404, body: 'no such feed' })
    .route('/malformed', {
      headers: { 'content-type': 'application/rss+xml' },
      body: '<?xml version="1.0"?><rss><channel><item><title>Cut',
    })
    .route('/html-instead', {
      headers: { 'content-type': 'text/html' },
      body: fixture('real-world-feeds/unrecognized.rss'),
    })
    .route('/huge', { headers: { 'content-type': 'application/rss+xml' }, body: Buffer.alloc(300_000, 'a') })
    .route('/loop-a', { status: 302, headers: { location: '/loop-b' } })
    .route('/loop-b', { status: 302, headers: { location: '/loop-a' } })
    .route('/moved', { status: 301, headers: { location: '/atom' } })
    .route('/rate-limited', { status: 429, headers: { 'retry-after': '3600' } })
    .route('/retry-decades', { status: 503, headers: { 'retry-after': '999999999' } })
    .route('/retry-overflow', { status: 429, headers: { 'retry-after': '99999999999999999999999' } })
    .route('/retry-nonsense', { status: 503, headers: { 'retry-after': 'after lunch' } });
});
afterAll(() => server.stop());

const byId = (outcomes: SourceOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.sourceId, o]));

/** The items a source added; fails the test when the source was not fetched at all. */
function addedTo(outcome: SourceOutcome | undefined) {
  expect(outcome?.status).toBe('fetched');
  return outcome?.status === 'fetched' ? outcome.added : [];
}

/** Entries in real-world-feeds/heise.atom, every one with a title and a link. */
const HEISE_ENTRIES = 15;

describe('polling real feed layouts from a local server', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  afterEach(() => {
    feedVersion = 1;
  });

  it('stores WordPress, Atom and HTML-listing items, and on restart finds nothing new twice', async () => {
    const storeUrl = `sqlite://${dir.file('restart.sqlite')}`;
    const psw: Source = {
      id: 'psw-basw',
      name: 'PSW',
      kind: 'html',
      url: server.url('/psw/articles'),
      enabled: true,
      selectors: { item: '.views-row', title: 'h3', link: 'a', date: 'time, .date', summary: '.field--name-body' },
    };
    const sources = [
      rssSource('community-care', server.url('/cc/feed/')),
      rssSource('heise', server.url('/atom')),
      psw,
    ];
    const harness = await openPollHarness(storeUrl, sources);

    const first = byId(await harness.poll());
    expect(first['community-care']).toMatchObject({ status: 'fetched', backfill: true });
    expect(addedTo(first['community-care'])).toHaveLength(4);
    expect(addedTo(first['psw-basw'])).toHaveLength(3);
    expect(first.heise).toMatchObject({ status: 'fetched', backfill: true, seen: HEISE_ENTRIES, skippedEntries: 0 });
    expect(addedTo(first.heise)).toHaveLength(HEISE_ENTRIES);
    expect(harness.items.size).toBe(4 + 3 + HEISE_ENTRIES);

    const payScales = harness.items
      .list({ sourceId: 'community-care' })
      .find((i) => i.title.startsWith('Care review urges'))!;
    expect(payScales).toMatchObject({
      url: 'https://www.communitycare.co.uk/2022/05/23/care-review-urges-national-social-work-pay-scales-to-reward-expertise-and-boost-retention/',
      commentCount: 35,
      commentsFeedUrl:
        'https://www.communitycare.co.uk/2022/05/23/care-review-urges-national-social-work-pay-scales-to-reward-expertise-and-boost-retention/feed/',
      author: 'Mithran Samuel',
      backfill: true,
    });
    const pswItem = harness.items.list({ sourceId: 'psw-basw' })[0]!;
    expect(pswItem.url).toBe(
      `${server.baseUrl}/about-social-work/psw-magazine/articles/government-rules-out-national-pay-scale-childrens-social`,
    );

    // A restart: a new store instance on the same SQLite file.
    await harness.reopen();
    expect(harness.items.size).toBe(7 + HEISE_ENTRIES);
    feedVersion = 2;
    const second = byId(await harness.poll());
    expect(second['community-care']).toMatchObject({ status: 'fetched', backfill: false });
    const added = addedTo(second['community-care']);
    // The feed now holds one new story and one old story re-issued under a new guid: only the new one is new.
    expect(added.map((i) => i.title)).toEqual([
      'Care leavers exempted from local connection requirement to access social housing',
    ]);
    expect(added[0]!.backfill).toBe(false);
    expect(second.heise).toMatchObject({ status: 'fetched', added: [] });
    expect(second['psw-basw']).toMatchObject({ status: 'fetched', added: [] });
    // The re-issued story's grown comment count is kept on the original item.
    expect(
      harness.items.list().find((i) => i.title.startsWith('Independent reviewing officer role'))!.commentCount,
    ).toBe(20);

    await harness.reopen();
    const third = byId(await harness.poll());
    expect(third['community-care']).toEqual({ sourceId: 'community-care', status: 'not-modified' });
    expect(harness.items.size).toBe(8 + HEISE_ENTRIES);
    await harness.close();
  });

  it('sends the saved validators back, and a 304 costs no parsing and stores nothing', async () => {
    const harness = await openPollHarness('memory:', [rssSource('community-care', server.url('/cc/feed/'))]);
    await harness.poll();
    const before = server.requestsTo('/cc/feed/').length;
    const [outcome] = await harness.poll();
    const last = server.requestsTo('/cc/feed/').at(-1)!;
    expect(server.requestsTo('/cc/feed/').length).toBe(before + 1);
    expect(last.headers['if-none-match']).toBe('"v1"');
    expect(last.headers['if-modified-since']).toBe('Tue, 14 May 2024 09:15:00 GMT');
    expect(last.headers['user-agent']).toMatch(/^care-review-bot\//);
    expect(outcome).toEqual({ sourceId: 'community-care', status: 'not-modified' });
    await harness.close();
  });

  it('follows a bounded redirect to the feed', async () => {
    const harness = await openPollHarness('memory:', [rssSource('moved', server.url('/moved'))]);
    const [outcome] = await harness.poll();
    expect(outcome!.status).toBe('fetched');
    await harness.close();
  });
});

describe('a bad source gets a clear error and the others are still polled', () => {
  const faults: Array<[string, string, RegExp]> = [
    ['slow', '/slow', /^timed out after 1s$/],
    ['server-error', '/server-error', /^HTTP 503/],
    ['gone', '/gone', /^HTTP 404/],
    ['malformed', '/malformed', /^malformed feed: /],
    ['html-instead', '/html-instead', /^expected a feed but got an HTML page$/],
    ['huge', '/huge', /over the 100000-byte cap/],
    ['redirect-loop', '/loop-a', /^redirect loop at .*\/loop-a$/],
    ['refused', 'closed-port', /^connection refused$/],
  ];

  async function closedPortUrl(): Promise<string> {
    const closed = await new FixtureServer().start();
    await closed.stop();
    return closed.url('/feed');
  }

  it('logs each fault with its reason, counts the failure, and keeps what was stored', async () => {
    const refusedUrl = await closedPortUrl();
    const sources = [
      rssSource('good', server.url('/atom')),
      ...faults.map(([id, path]) => rssSource(id, path === 'closed-port' ? refusedUrl : server.url(path))),
    ];
    const harness = await openPollHarness('memory:', sources, { timeoutMs: 1_000, maxBytes: 100_000 });
    const outcomes = byId(await harness.poll({ force: true }));
    expect(outcomes.good!.status).toBe('fetched');
    const stored = harness.items.size;
    expect(stored).toBeGreaterThan(0);
    for (const [id, , reason] of faults) {
      const outcome = outcomes[id]!;
      expect(outcome.status, id).toBe('error');
      if (outcome.status === 'error') expect(outcome.error, id).toMatch(reason);
      const state = await harness.feeds.get(id);
      expect(state, id).toMatchObject({ failures: 1 });
      expect(state!.lastError, id).toMatch(reason);
    }
    const again = byId(await harness.poll({ force: true }));
    expect(again.good!.status).toBe('fetched');
    expect(harness.items.size).toBe(stored);
    expect((await harness.feeds.get('gone'))!.failures).toBe(2);
    await harness.close();
  });

  it('backs off exponentially after failures and honours Retry-After', async () => {
    const sources = [rssSource('gone', server.url('/gone')), rssSource('rate-limited', server.url('/rate-limited'))];
    const harness = await openPollHarness('memory:', sources);
    const t0 = new Date('2026-11-23T10:00:00Z');
    harness.setClock(() => t0);
    const first = byId(await harness.poll());
    expect(first.gone).toMatchObject({ status: 'error', nextAttemptAt: '2026-11-23T10:05:00.000Z' });
    // The server asked for an hour, which is longer than the first backoff step.
    expect(first['rate-limited']).toMatchObject({ status: 'error', nextAttemptAt: '2026-11-23T11:00:00.000Z' });

    harness.setClock(() => new Date('2026-11-23T10:04:00Z'));
    const requestsBefore = server.requestsTo('/gone').length;
    const skipped = byId(await harness.poll());
    expect(skipped.gone!.status).toBe('skipped');
    expect(server.requestsTo('/gone').length).toBe(requestsBefore);

    harness.setClock(() => new Date('2026-11-23T10:06:00Z'));
    const second = byId(await harness.poll());
    expect(second.gone).toMatchObject({ status: 'error', failures: 2, nextAttemptAt: '2026-11-23T10:16:00.000Z' });
    expect(second['rate-limited']!.status).toBe('skipped');
    await harness.close();
  });

  it("caps a huge or nonsense Retry-After at a day, and the other sources' outcomes are all reported", async () => {
    const sources = [
      rssSource('decades', server.url('/retry-decades')),
      rssSource('overflow', server.url('/retry-overflow')),
      rssSource('nonsense', server.url('/retry-nonsense')),
      rssSource('good', server.url('/atom')),
      rssSource('community-care', server.url('/cc/feed/')),
    ];
    const harness = await openPollHarness('memory:', sources);
    harness.setClock(() => new Date('2026-11-23T10:00:00Z'));
    const outcomes = byId(await harness.poll());
    expect(Object.keys(outcomes).sort()).toEqual(['community-care', 'decades', 'good', 'nonsense', 'overflow']);
    for (const id of ['decades', 'overflow', 'nonsense']) {
      expect(outcomes[id], id).toMatchObject({
        status: 'error',
        failures: 1,
        nextAttemptAt: '2026-11-24T10:00:00.000Z',
      });
      expect((await harness.feeds.get(id))!.nextAttemptAt, id).toBe('2026-11-24T10:00:00.000Z');
    }
    expect(outcomes.good).toMatchObject({ status: 'fetched', backfill: true });
    expect(outcomes['community-care']).toMatchObject({ status: 'fetched', backfill: true });
    expect(harness.items.list({ sourceId: 'community-care' })).toHaveLength(4);

    // A day later the source is tried again rather than left alone for decades.
    harness.setClock(() => new Date('2026-11-24T10:00:01Z'));
    const requests = server.requestsTo('/retry-decades').length;
    const next = byId(await harness.poll());
    expect(next.decades).toMatchObject({ status: 'error', failures: 2 });
    expect(server.requestsTo('/retry-decades').length).toBe(requests + 1);
    await harness.close();
  });
});
