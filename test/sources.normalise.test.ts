import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../src/sources/canonical-url.ts';
import { htmlToText, stripFeedBoilerplate } from '../src/sources/html-to-text.ts';
import type { Item } from '../src/sources/item.ts';
import { normaliseEntry } from '../src/sources/normalise.ts';

const context = {
  sourceId: 'community-care',
  baseUrl: 'https://www.communitycare.co.uk/feed/',
  now: new Date('2026-11-23T12:00:00Z'),
};

describe('canonicalUrl', () => {
  it('removes tracking parameters and the fragment but keeps meaningful query parameters', () => {
    expect(
      canonicalUrl('https://www.communitycare.co.uk/2023/02/02/story/?utm_source=rss&utm_medium=rss&p=5#comments'),
    ).toBe('https://www.communitycare.co.uk/2023/02/02/story/?p=5');
    expect(canonicalUrl('http://www.heise.de/developer/meldung/x-3088438.html?wt_mc=rss.developer.beitrag.atom')).toBe(
      'http://www.heise.de/developer/meldung/x-3088438.html',
    );
  });

  it('resolves relative links against the page they came from', () => {
    expect(
      canonicalUrl(
        '/about-social-work/psw-magazine/articles/x',
        'https://basw.co.uk/about-social-work/psw-magazine/articles',
      ),
    ).toBe('https://basw.co.uk/about-social-work/psw-magazine/articles/x');
  });

  it('rejects links that are not http(s)', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalUrl('mailto:news@example.org')).toBeUndefined();
    expect(canonicalUrl('not a url')).toBeUndefined();
  });
});

describe('htmlToText', () => {
  it('removes tags, scripts and decodes entities', () => {
    expect(
      htmlToText(
        '<p>Children&#8217;s <strong>social</strong> care &amp; the review</p><script>track()</script><p>Next</p>',
      ),
    ).toBe('Children’s social care & the review Next');
  });

  it('drops the WordPress footer and read-more links', () => {
    const text = htmlToText(
      '<p>Pay scales proposed [&#8230;]</p><p>The post <a href="x">Care review urges</a> appeared first on <a href="y">Community Care</a>.</p>',
    );
    expect(stripFeedBoilerplate(text)).toBe('Pay scales proposed…');
  });
});

describe('normaliseEntry', () => {
  it('builds a plain-text item with canonical URL, author, categories and comment fields', () => {
    const item = normaliseEntry(
      {
        guid: 'https://www.communitycare.co.uk/?p=102',
        link: 'https://www.communitycare.co.uk/2023/02/02/iro/?utm_source=rss',
        title: 'Independent reviewing officer role saved in DfE care review response',
        summary: '<p>Government rejects the review&#8217;s call</p>',
        author: 'Mithran Samuel',
        categories: ['Children', 'Children', 'Looked after children'],
        published: 'Thu, 02 Feb 2023 14:30:00 +0000',
        commentsFeedUrl: 'https://www.communitycare.co.uk/2023/02/02/iro/feed/',
        commentCount: '12',
      },
      context,
    ) as Item;
    expect(item.url).toBe('https://www.communitycare.co.uk/2023/02/02/iro/');
    expect(item.summary).toBe('Government rejects the review’s call');
    expect(item.categories).toEqual(['Children', 'Looked after children']);
    expect(item.published).toBe('2023-02-02T14:30:00.000Z');
    expect(item.publishedKnown).toBe(true);
    expect(item.commentCount).toBe(12);
    expect(item.commentsFeedUrl).toBe('https://www.communitycare.co.uk/2023/02/02/iro/feed/');
  });

  it('uses the first-seen time when the date is missing, unreadable or far in the future', () => {
    for (const published of [undefined, 'not a date', '2031-01-01T00:00:00Z']) {
      const item = normaliseEntry({ link: 'https://example.org/a', title: 'A story', published }, context) as Item;
      expect(item.published).toBe(context.now.toISOString());
      expect(item.publishedKnown).toBe(false);
    }
  });

  it('gives the same id to the same entry every time, and a different one to another entry', () => {
    const a1 = normaliseEntry({ guid: 'g-1', link: 'https://example.org/a', title: 'A' }, context) as Item;
    const a2 = normaliseEntry(
      { guid: 'g-1', link: 'https://example.org/a?utm_source=x', title: 'A' },
      { ...context, now: new Date() },
    ) as Item;
    const b = normaliseEntry({ guid: 'g-2', link: 'https://example.org/b', title: 'B' }, context) as Item;
    expect(a1.id).toBe(a2.id);
    expect(a1.id).not.toBe(b.id);
  });

  it('skips an entry with no usable link, saying why', () => {
    expect(normaliseEntry({ title: 'No link' }, context)).toEqual({ skipped: 'no usable link' });
    expect(normaliseEntry({ title: 'Bad link', link: 'javascript:void(0)' }, context)).toEqual({
      skipped: 'no usable link',
    });
  });
});

describe('normaliseEntry on hostile input', () => {
  const MiB = 1024 * 1024;

  it('caps every text field of a huge entry, with the cut made before any HTML or pattern work', () => {
    const words = (n: number) => 'word '.repeat(n / 5);
    const huge = {
      guid: `https://example.org/?p=${'9'.repeat(5 * MiB)}`,
      link: 'https://example.org/story',
      title: `<b>${words(5 * MiB)}</b>`,
      summary: `<p>${'The post '.repeat((5 * MiB) / 9)} appeared first on ${'x'.repeat(MiB)}</p>`,
      content: `<div>${'<p>Continue reading '.repeat((5 * MiB) / 20)}</div>`,
      author: words(5 * MiB),
      categories: Array.from({ length: 10_000 }, (_, n) => `category ${n} ${words(1_000)}`),
      commentsFeedUrl: `https://example.org/feed/${'a'.repeat(5 * MiB)}`,
    };
    const item = normaliseEntry(huge, context) as Item;
    expect(item.url).toBe('https://example.org/story');
    expect(item.title.length).toBeLessThanOrEqual(300);
    expect(item.summary.length).toBeLessThanOrEqual(1_000);
    expect((item.body ?? '').length).toBeLessThanOrEqual(20_000);
    expect(item.author!.length).toBeLessThanOrEqual(200);
    expect(item.categories.length).toBeLessThanOrEqual(50);
    for (const category of item.categories) expect(category.length).toBeLessThanOrEqual(100);
    // An over-long identifier or link is not used at all: a cut one would point somewhere else.
    expect(item.guid).toBeUndefined();
    expect(item.commentsFeedUrl).toBeUndefined();
    expect(JSON.stringify(item).length).toBeLessThan(30_000);
  });

  it('refuses an over-long link rather than cutting it', () => {
    const link = `https://example.org/${'a'.repeat(3_000)}`;
    expect(normaliseEntry({ title: 'Long link', link }, context)).toEqual({ skipped: 'no usable link' });
  });

  it('strips control characters, raw or written as entities, from every text field', () => {
    const ESC = '\u001b';
    const item = normaliseEntry(
      {
        link: 'https://example.org/esc',
        title: `Council fined ${ESC}[2J${ESC}[31m&#27;[0m\u009b2J\u0007`,
        summary: `<p>Summary &#x1b;]0;owned&#7;${ESC}[1m text\u202e</p>`,
        content: `<p>Body ${ESC}[2J&#155;&#x85;</p>`,
        author: `Mithran${ESC}[8m Samuel`,
        categories: [`Children${ESC}[0m`, '&#27;[2J'],
      },
      context,
    ) as Item;
    const text = [item.title, item.summary, item.body, item.author, ...item.categories].join('\n');
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    // Whole escape sequences go, not just their ESC: nothing of `[31m` or `]0;owned` is left to read.
    expect(item.title).toBe('Council fined');
    expect(item.summary).toBe('Summary text');
    expect(item.author).toBe('Mithran Samuel');
    expect(item.categories).toEqual(['Children']);
  });
});

describe('a story with a poll in it', () => {
  it("keeps the story's text and drops the notice that a poll is embedded", async () => {
    const { parseFeed } = await import('../src/sources/parse-feed.ts');
    const { fixture } = await import('./helpers/fixture-server.ts');
    const [entry] = await parseFeed(fixture('feeds/community-care-poll-story.xml').toString('utf8'));
    const item = normaliseEntry(entry!, context) as Item;
    const text = `${item.summary} ${item.body ?? ''}`;
    expect(text).not.toMatch(/poll embedded|participate in this post/i);
    expect(item.body).toBe(
      'The care review wants newly qualified practitioners kept out of agency work during a five-year early career framework. Tell us what you think in the comments below.',
    );
  });

  it('drops the notice wherever it stands, with either apostrophe', () => {
    const notice =
      "Note: There is a poll embedded within this post, please visit the site to participate in this post's poll.";
    expect(stripFeedBoilerplate(`${notice} Vote now.`)).toBe('Vote now.');
    expect(stripFeedBoilerplate(`Before. ${notice.replace("'", '’')} After.`)).toBe('Before. After.');
  });
});
