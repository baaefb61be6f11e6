import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledFile } from '../src/paths.ts';
import { advertisedFeeds } from '../src/sources/discover-feed.ts';
import type { SourceOutcome } from '../src/sources/poll.ts';
import { describeOutcome } from '../src/sources/poll.ts';
import { loadSources, type HtmlSelectors, type HtmlSource, type Source } from '../src/sources/source-config.ts';
import { jsonLdEntries, openGraphEntries } from '../src/sources/structured-data.ts';
import { conditionalRoute, fixture, FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness } from './helpers/poll-harness.ts';

const page = (name: string) => cheerio.load(fixture(`feeds/${name}`).toString());
const PAGE_URL = 'https://www.basw.co.uk/about-social-work/psw-magazine/articles';
/** The psw-basw source as shipped in data/sources.yaml: its selectors are the last resort. */
const shipped = loadSources(bundledFile('data/sources.yaml')).find((s) => s.id === 'psw-basw') as HtmlSource;

describe('finding the feed a page advertises', () => {
  it('takes <link rel="alternate"> RSS and Atom links, absolute, the news feed before the comments feed', () => {
    expect(advertisedFeeds(page('advertises-feed.html'), PAGE_URL)).toEqual([
      'https://www.basw.co.uk/about-social-work/psw-magazine/articles/feed',
      'https://www.basw.co.uk/comment/feed',
    ]);
  });

  it('ignores language alternates, icons and links that are not http(s)', () => {
    expect(advertisedFeeds(page('drupal-listing.html'), PAGE_URL)).toEqual([]);
    const $ = cheerio.load(`<head><base href="https://cdn.example.org/news/">
      <link rel="alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">
      <link rel="ALTERNATE feed" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="stylesheet" type="application/rss+xml" href="/not-a-feed">
      <link rel="alternate" type="text/html" href="/fr/"></head>`);
    expect(advertisedFeeds($, PAGE_URL)).toEqual(['https://cdn.example.org/news/atom.xml']);
  });
});

describe('reading stories from a page’s structured data', () => {
  it('reads an ItemList of NewsArticles in its declared order, with author, date and summary', () => {
    const entries = jsonLdEntries(page('jsonld-itemlist.html'));
    expect(entries.map((e) => e.title)).toEqual([
      'Government rules out national pay scale for children’s social workers',
      'Government urged not to ignore call to make care experience a protected characteristic',
      'Independent reviewing officers – do they have a future?',
    ]);
    expect(entries[0]).toMatchObject({
      link: 'https://www.basw.co.uk/about-social-work/psw-magazine/articles/government-rules-out-national-pay-scale-childrens-social',
      published: '2023-11-02T09:00:00+00:00',
      author: 'PSW editorial team',
      categories: ['News', 'Workforce'],
    });
    expect(entries[1]).toMatchObject({
      link: '/about-social-work/psw-magazine/articles/government-urged-not-ignore-call-make-care-experience',
      author: 'PSW news desk',
    });
    // No url of its own: the page it is the main entity of.
    expect(entries[2]!.link).toBe(
      'https://www.basw.co.uk/about-social-work/psw-magazine/articles/independent-reviewing-officers-do-they-have-future',
    );
  });

  it('takes no story from breadcrumbs, the organisation or the website', () => {
    expect(jsonLdEntries(page('drupal-listing.html'))).toEqual([]);
    expect(jsonLdEntries(page('advertises-feed.html'))).toEqual([]);
  });

  it('passes over a block that is not JSON, and reads a lone article and an @graph of them', () => {
    const $ = cheerio.load(`<script type="application/ld+json">{ not json </script>
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","headline":"Kinship carers’ allowance pilot","url":"/blog/kinship","datePublished":"2026-02-01"}</script>
      <script type="application/ld+json">{"@graph":[{"@type":"schema:NewsArticle","name":"Staying close","@id":"https://news.example.org/staying-close"},{"@type":"NewsArticle","headline":"No address","@id":"_:b0"}]}</script>`);
    expect(jsonLdEntries($).map((e) => [e.title, e.link])).toEqual([
      ['Kinship carers’ allowance pilot', '/blog/kinship'],
      ['Staying close', 'https://news.example.org/staying-close'],
    ]);
  });

  it('reads a page whose OpenGraph data says it is an article as that one story, and a website as none', () => {
    const article =
      cheerio.load(`<head><meta property="og:type" content="article"><meta property="og:title" content="Family help reaches every council">
      <meta property="og:url" content="https://news.example.org/family-help"><meta property="og:description" content="All councils now run family help teams.">
      <meta property="article:published_time" content="2026-03-04T08:00:00Z"><meta property="article:section" content="Family help"></head>`);
    expect(openGraphEntries(article, 'https://news.example.org/?from=home')).toEqual([
      {
        link: 'https://news.example.org/family-help',
        title: 'Family help reaches every council',
        summary: 'All councils now run family help teams.',
        published: '2026-03-04T08:00:00Z',
        categories: ['Family help'],
      },
    ]);
    expect(openGraphEntries(page('drupal-listing.html'), PAGE_URL)).toEqual([]);
  });
});

describe('polling an html source: advertised feed, then JSON-LD, then selectors', () => {
  const server = new FixtureServer();
  const feedVersion = 1;
  let feedGone = false;

  beforeAll(async () => {
    await server.start();
    const feed = conditionalRoute(
      () => fixture('feeds/psw-articles-feed.xml'),
      () => `"feed-v${feedVersion}"`,
    );
    server
      .route('/advertises/articles', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: fixture('feeds/advertises-feed.html'),
      })
      .route('/about-social-work/psw-magazine/articles/feed', {
        handle: (request, response) =>
          feedGone ? response.writeHead(404).end('gone') : feed.handle!(request, response),
      })
      .route('/jsonld/news', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: fixture('feeds/jsonld-itemlist.html'),
      })
      .route('/drupal/articles', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: fixture('feeds/drupal-listing.html'),
      });
  });
  afterAll(() => server.stop());

  const htmlSource = (id: string, path: string, selectors: HtmlSelectors | null = shipped.selectors!): Source => ({
    id,
    name: id,
    kind: 'html',
    url: server.url(path),
    enabled: true,
    ...(selectors ? { selectors } : {}),
  });
  const only = (outcomes: SourceOutcome[]) => outcomes[0]!;

  it('uses the advertised feed, remembers it, and goes straight to it with conditional GET afterwards', async () => {
    const harness = await openPollHarness('memory:', [htmlSource('psw', '/advertises/articles')]);
    const first = only(await harness.poll());
    expect(first).toMatchObject({ status: 'fetched', backfill: true, seen: 3, via: 'advertised feed' });
    expect(describeOutcome(first)).toBe(
      'psw: 3 stored as backfill (first poll, not announced) (3 in source, via advertised feed)',
    );
    // The feed's own text and links: its summaries are not on the page.
    const stored = harness.items.list({ sourceId: 'psw' });
    expect(stored.map((i) => i.url)).toContain(
      'https://www.basw.co.uk/about-social-work/psw-magazine/articles/independent-reviewing-officers-do-they-have-future',
    );
    expect(stored.find((i) => i.title.startsWith('Government rules out'))!.summary).toContain(
      'despite the care review’s recommendation',
    );
    expect(await harness.feeds.get('psw')).toMatchObject({
      feedUrl: server.url('/about-social-work/psw-magazine/articles/feed'),
      etag: '"feed-v1"',
      via: 'advertised feed',
    });

    const pageRequests = server.requestsTo('/advertises/articles').length;
    const second = only(await harness.poll());
    expect(second).toEqual({ sourceId: 'psw', status: 'not-modified', via: 'advertised feed' });
    expect(describeOutcome(second)).toBe('psw: not modified (via advertised feed)');
    expect(server.requestsTo('/advertises/articles').length).toBe(pageRequests);
    expect(server.requestsTo('/about-social-work/psw-magazine/articles/feed').at(-1)!.headers['if-none-match']).toBe(
      '"feed-v1"',
    );
    await harness.close();
  });

  it('forgets an advertised feed that is gone and reads the page again, without losing anything', async () => {
    const harness = await openPollHarness('memory:', [htmlSource('psw-gone', '/advertises/articles')]);
    await harness.poll();
    const stored = harness.items.size;
    feedGone = true;
    try {
      const outcome = only(await harness.poll());
      // The page still advertises the feed, which is gone: its JSON-LD has no stories, so the selectors read it.
      expect(outcome).toMatchObject({ status: 'fetched', via: 'selectors', added: [] });
      expect((await harness.feeds.get('psw-gone'))!.feedUrl).toBeUndefined();
      expect(harness.items.size).toBe(stored);
    } finally {
      feedGone = false;
    }
    await harness.close();
  });

  it("looks again when the source is given another page, without sending the old feed's validators", async () => {
    const before = htmlSource('psw-moved', '/advertises/articles');
    const harness = await openPollHarness('memory:', [before]);
    await harness.poll();
    expect(await harness.feeds.get('psw-moved')).toMatchObject({
      feedUrl: server.url('/about-social-work/psw-magazine/articles/feed'),
      feedPageUrl: server.url('/advertises/articles'),
    });
    const outcome = only(await harness.poll({}, [{ ...before, url: server.url('/jsonld/news') }]));
    expect(outcome).toMatchObject({ status: 'fetched', via: 'JSON-LD' });
    expect(server.requestsTo('/jsonld/news').at(-1)!.headers['if-none-match']).toBeUndefined();
    expect((await harness.feeds.get('psw-moved'))!.feedUrl).toBeUndefined();
    await harness.close();
  });

  it('reads JSON-LD before the selectors when the page advertises no feed', async () => {
    const harness = await openPollHarness('memory:', [htmlSource('psw-news', '/jsonld/news')]);
    const outcome = only(await harness.poll());
    expect(outcome).toMatchObject({ status: 'fetched', seen: 3, via: 'JSON-LD' });
    expect(describeOutcome(outcome)).toContain('(3 in source, via JSON-LD)');
    const items = harness.items.list({ sourceId: 'psw-news' });
    // The selectors would also have taken the promotion card; the page's article data does not list it.
    expect(items.map((i) => i.title)).not.toContain('Join BASW today');
    expect(items.find((i) => i.title.startsWith('Government urged'))).toMatchObject({
      author: 'PSW news desk',
      url: `${server.baseUrl}/about-social-work/psw-magazine/articles/government-urged-not-ignore-call-make-care-experience`,
      published: '2023-01-25T10:30:00.000Z',
    });
    await harness.close();
  });

  it('falls back to the shipped selectors on a Drupal listing with neither', async () => {
    const harness = await openPollHarness('memory:', [htmlSource('psw-drupal', '/drupal/articles')]);
    const outcome = only(await harness.poll());
    expect(outcome).toMatchObject({ status: 'fetched', seen: 4, skippedEntries: 0, via: 'selectors' });
    const items = harness.items.list({ sourceId: 'psw-drupal' });
    expect(items.map((i) => i.title)).toEqual([
      "Government rules out national pay scale for children's social workers",
      'Government urged not to ignore call to make care experience a protected characteristic',
      'Independent reviewing officers – do they have a future?',
      "England's children's review does not resolve workforce issues – report",
    ]);
    expect(items[0]).toMatchObject({ published: '2023-11-02T09:00:00.000Z', publishedKnown: true });
    expect(items[3]!.summary).toContain('caseloads, pay and retention');
    await harness.close();
  });

  it('says what to do when a page has none of them and no selectors are configured', async () => {
    const harness = await openPollHarness('memory:', [htmlSource('bare', '/drupal/articles', null)]);
    const outcome = only(await harness.poll());
    expect(outcome).toMatchObject({
      status: 'error',
      error:
        'the page advertises no feed and has no JSON-LD or OpenGraph article data; name CSS selectors for it in the sources file',
    });
    await harness.close();
  });
});
