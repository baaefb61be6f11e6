import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../src/sources/canonical-url.ts';
import { htmlToText, stripFeedBoilerplate } from '../src/sources/html-to-text.ts';
import type { Item } from '../src/sources/item.ts';
import { normaliseEntry } from '../src/sources/normalise.ts';

const context = { sourceId: 'community-care', baseUrl: 'https://www.communitycare.co.uk/feed/', now: new Date('2026-11-23T12:00:00Z') };

describe('canonicalUrl', () => {
  it('removes tracking parameters and the fragment but keeps meaningful query parameters', () => {
    expect(canonicalUrl('https://www.communitycare.co.uk/2023/02/02/story/?utm_source=rss&utm_medium=rss&p=5#comments')).toBe(
      'https://www.communitycare.co.uk/2023/02/02/story/?p=5',
    );
    expect(canonicalUrl('http://www.heise.de/developer/meldung/x-3088438.html?wt_mc=rss.developer.beitrag.atom')).toBe('http://www.heise.de/developer/meldung/x-3088438.html');
  });

  it('resolves relative links against the page they came from', () => {
    expect(canonicalUrl('/about-social-work/psw-magazine/articles/x', 'https://basw.co.uk/about-social-work/psw-magazine/articles')).toBe(
      'https://basw.co.uk/about-social-work/psw-magazine/articles/x',
    );
  });

  it('rejects links that are not http(s)', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalUrl('mailto:news@example.org')).toBeUndefined();
    expect(canonicalUrl('not a url')).toBeUndefined();
  });
});

describe('htmlToText', () => {
  it('removes tags, scripts and decodes entities', () => {
    expect(htmlToText('<p>Children&#8217;s <strong>social</strong> care &amp; the review</p><script>track()</script><p>Next</p>')).toBe(
      'Children’s social care & the review Next',
    );
  });

  it('drops the WordPress footer and read-more links', () => {
    const text = htmlToText('<p>Pay scales proposed [&#8230;]</p><p>The post <a href="x">Care review urges</a> appeared first on <a href="y">Community Care</a>.</p>');
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
    const a2 = normaliseEntry({ guid: 'g-1', link: 'https://example.org/a?utm_source=x', title: 'A' }, { ...context, now: new Date() }) as Item;
    const b = normaliseEntry({ guid: 'g-2', link: 'https://example.org/b', title: 'B' }, context) as Item;
    expect(a1.id).toBe(a2.id);
    expect(a1.id).not.toBe(b.id);
  });

  it('skips an entry with no usable link, saying why', () => {
    expect(normaliseEntry({ title: 'No link' }, context)).toEqual({ skipped: 'no usable link' });
    expect(normaliseEntry({ title: 'Bad link', link: 'javascript:void(0)' }, context)).toEqual({ skipped: 'no usable link' });
  });
});
