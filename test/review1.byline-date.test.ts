import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { openGraphEntries } from '../src/sources/structured-data.ts';
import { parsePublishedDate } from '../src/sources/published-date.ts';

describe('the date printed after a byline', () => {
  it('an article page is dated by when it was published, not by an "Updated" line printed before it', () => {
    const page = `<!doctype html><html><head><meta property="og:type" content="article"><meta property="og:title" content="An article"></head>
<body><article><p><span>Updated: 5 January 2025</span></p><h1>An article</h1>
<p>Published by Professional Social Work magazine, 2 November, 2023</p><p>Text.</p></article></body></html>`;
    const [entry] = openGraphEntries(cheerio.load(page), 'https://basw.co.uk/psw/a');
    expect(parsePublishedDate(entry!.published, 'Europe/London')).toBe('2023-11-02T00:00:00.000Z');
  });
});

describe('the byline of a page with a large menu', () => {
  it('is still found after a site menu of some hundreds of links', () => {
    // A mega menu (li > a > span) printed before the article, as large publishers' sites have.
    const menu = Array.from({ length: 300 }, (_, i) => `<li><a href="/s/${i}"><span>Section ${i}</span></a></li>`).join(
      '',
    );
    const page = `<!doctype html><html><head><meta property="og:type" content="article"><meta property="og:title" content="An article"></head>
<body><nav><ul>${menu}</ul></nav><article><h1>An article</h1>
<p>Published by Professional Social Work magazine, 2 November, 2023</p><p>Text.</p></article></body></html>`;
    const [entry] = openGraphEntries(cheerio.load(page), 'https://basw.co.uk/psw/a');
    expect(parsePublishedDate(entry!.published, 'Europe/London')).toBe('2023-11-02T00:00:00.000Z');
  });
});
