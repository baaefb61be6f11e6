import { describe, expect, it } from 'vitest';
import type { Item } from '../src/sources/item.ts';
import { normaliseEntry } from '../src/sources/normalise.ts';
import { decodeBody } from '../src/sources/decode-body.ts';
import { parseFeed } from '../src/sources/parse-feed.ts';
import { parseHtmlListing } from '../src/sources/parse-html-listing.ts';
import { fixture } from './helpers/fixture-server.ts';

const VALID_FEEDS = [
  'feeds/dieworkwear-wordpress-rss.xml',
  'feeds/appsemble-wordpress-rss.xml',
  'feeds/community-care-wordpress.xml',
  'real-world-feeds/heise.atom',
  'real-world-feeds/feedburner.atom',
  'real-world-feeds/gulp-atom.atom',
  'real-world-feeds/atom-customfields.atom',
  'real-world-feeds/rss-1.rss',
  'real-world-feeds/guardian.rss',
  'real-world-feeds/reddit.rss',
  'real-world-feeds/craigslist.rss',
  'real-world-feeds/content-encoded.rss',
  'real-world-feeds/narro.rss',
  'real-world-feeds/customfields.rss',
  'real-world-feeds/encoding.rss',
];

async function parseFixture(path: string, contentType = '') {
  return parseFeed(decodeBody(fixture(path), contentType));
}

describe("parseFeed on real publishers' feeds", () => {
  it.each(VALID_FEEDS)('%s yields items that all have a title and an absolute link', async (path) => {
    const entries = await parseFixture(path);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const item = normaliseEntry(entry, {
        sourceId: 'test',
        baseUrl: 'https://github.com/feed.atom',
        now: new Date(),
      }) as Item;
      expect(item.title.trim()).toBeTruthy();
      expect(item.url).toMatch(/^https?:\/\/[^/]+\//);
    }
  });

  it('reads WordPress comment feed, comment count, author and categories', async () => {
    const entries = await parseFixture('feeds/community-care-wordpress.xml');
    const first = entries[0]!;
    expect(first.commentsFeedUrl).toMatch(/\/feed\/$/);
    expect(first.commentCount).toBe('35');
    expect(first.author).toBe('Mithran Samuel');
    expect(first.categories).toEqual(['Children', 'Workforce']);
    expect(first.content).toContain('early career framework');
  });

  it('reads Atom entries with their ids, dates and summaries', async () => {
    const entries = await parseFixture('real-world-feeds/heise.atom');
    expect(entries[0]).toMatchObject({
      guid: 'http://heise.de/-3088438',
      title: 'Java-Anwendungsserver: Red Hat gibt WildFly 10 frei',
    });
    expect(entries[0]!.published).toBe('2016-02-01T16:22:00.000Z');
  });

  it('decodes an ISO-8859-1 feed by its XML declaration', async () => {
    const entries = await parseFixture('real-world-feeds/encoding.rss');
    const text = entries.map((e) => `${e.title} ${e.summary}`).join(' ');
    expect(text).toMatch(/[áéíóúçãõ]/);
    expect(text).not.toContain('\uFFFD');
  });

  it('names an HTML page sent where a feed was expected', async () => {
    await expect(parseFixture('real-world-feeds/unrecognized.rss')).rejects.toThrow(
      'expected a feed but got an HTML page',
    );
  });

  it('names malformed XML', async () => {
    await expect(parseFeed('<?xml version="1.0"?><rss><channel><item><title>Cut off')).rejects.toThrow(
      /^malformed feed: /,
    );
  });

  it('gives a partial result for Atom entries missing fields rather than failing', async () => {
    const incomplete = await parseFixture('real-world-feeds/incomplete-fields.atom');
    const missing = await parseFixture('real-world-feeds/missing-fields.atom');
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]!.link).toBeUndefined();
    expect(missing[0]!.guid).toBe('tag:github.com,2008:Repository/11167738/v3.9.0');
  });
});

describe('parseHtmlListing', () => {
  const selectors = { item: '.views-row', title: 'h3', link: 'a', date: 'time, .date', summary: '.field--name-body' };

  it('reads title, link, date and summary of each story with the configured selectors', () => {
    const entries = parseHtmlListing(fixture('feeds/psw-listing.html').toString(), selectors);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({
      title: 'Government rules out national pay scale for children’s social workers',
      link: '/about-social-work/psw-magazine/articles/government-rules-out-national-pay-scale-childrens-social?utm_source=listing',
      published: '2023-11-02T09:00:00Z',
    });
    expect(entries[2]!.published).toBe('8 December 2022');
    expect(entries[1]!.summary).toContain('Equality Act');
  });
});
