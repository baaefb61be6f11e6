import * as cheerio from 'cheerio';
import { afterEach, describe, expect, it } from 'vitest';
import type { Item } from '../src/sources/item.ts';
import { normaliseEntry } from '../src/sources/normalise.ts';
import { parseHtmlListing } from '../src/sources/parse-html-listing.ts';
import { parsePublishedDate } from '../src/sources/published-date.ts';
import { openGraphEntries } from '../src/sources/structured-data.ts';
import { formatDate } from '../src/util/format.ts';
import { setTimeZone } from '../src/util/time-zone.ts';

const now = new Date('2026-11-23T12:00:00Z');
const processZone = process.env.TZ;

function published(text: string): { published: string; publishedKnown: boolean } {
  const item = normaliseEntry(
    { link: 'https://www.communitycare.co.uk/a', title: 'A story', published: text },
    { sourceId: 'cc', baseUrl: 'https://www.communitycare.co.uk/', now },
  ) as Item;
  return { published: item.published, publishedKnown: item.publishedKnown };
}

afterEach(() => {
  setTimeZone('Europe/London');
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

describe('publication dates as UK sites write them (TZ Europe/London)', () => {
  it.each([
    // Day first, as a UK page writes it: 8 June, not 6 August. Midnight in London in summer is 23:00 UTC the day before.
    ['08/06/2023', '2023-06-07T23:00:00.000Z'],
    ['8/6/2023 14:30', '2023-06-08T13:30:00.000Z'],
    ['8 June 2023', '2023-06-07T23:00:00.000Z'],
    ['8th June 2023', '2023-06-07T23:00:00.000Z'],
    ['Thursday 8 June 2023', '2023-06-07T23:00:00.000Z'],
    ['June 8, 2023', '2023-06-07T23:00:00.000Z'],
    ['8 Sept 2023', '2023-09-07T23:00:00.000Z'],
    ['8 December 2022', '2022-12-08T00:00:00.000Z'],
    ['2023-06-08', '2023-06-07T23:00:00.000Z'],
    // Zone names people write after a time.
    ['Thu, 08 Jun 2023 10:00:00 BST', '2023-06-08T09:00:00.000Z'],
    ['8 June 2023 10:00:00 BST', '2023-06-08T09:00:00.000Z'],
    ['8 June 2023 10:00 GMT', '2023-06-08T10:00:00.000Z'],
    ['8 June 2023 10:00am UTC', '2023-06-08T10:00:00.000Z'],
    // RFC 822 and its relatives, as feeds write them.
    ['Thu, 08 Jun 2023 10:00:00 GMT', '2023-06-08T10:00:00.000Z'],
    ['Thu, 08 Jun 2023 10:00:00 UT', '2023-06-08T10:00:00.000Z'],
    ['Thu, 08 Jun 2023 10:00:00 +0100', '2023-06-08T09:00:00.000Z'],
    ['Thu, 08 Jun 2023 10:00:00 EST', '2023-06-08T15:00:00.000Z'],
    ['Thursday, 08-Jun-23 10:00:00 GMT', '2023-06-08T10:00:00.000Z'],
    // ISO 8601, with and without an offset; without one it is London time.
    ['2023-06-08T10:00:00+02:00', '2023-06-08T08:00:00.000Z'],
    ['2023-06-08T10:00:00Z', '2023-06-08T10:00:00.000Z'],
    ['2023-06-08T10:00:00', '2023-06-08T09:00:00.000Z'],
    ['2023-06-08 10:00:00', '2023-06-08T09:00:00.000Z'],
    // A byline before the date, as PSW's article pages print it, and its common relatives.
    ['Published by Professional Social Work magazine, 2 November, 2023', '2023-11-02T00:00:00.000Z'],
    ['Published on 8 June 2023', '2023-06-07T23:00:00.000Z'],
    ['Published: 8 June 2023', '2023-06-07T23:00:00.000Z'],
    ['Posted on Thursday 8th June 2023', '2023-06-07T23:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(published(text)).toEqual({ published: iso, publishedKnown: true });
  });

  it.each([
    'not a date',
    '31/02/2023',
    '13/13/2023',
    '8 Smarch 2023',
    '',
    'Published by Professional Social Work magazine',
  ])('does not guess at %j: the story keeps its first-seen time', (text) => {
    expect(published(text)).toEqual({ published: now.toISOString(), publishedKnown: false });
  });

  it('reads a listing page date (day first) and shows the same day', () => {
    const html = '<div class="row"><h3><a href="/a">Story</a></h3><span class="date">08/06/2023</span></div>';
    const [entry] = parseHtmlListing(html, { item: '.row', title: 'h3', link: 'a', date: '.date' });
    const item = normaliseEntry(entry!, { sourceId: 'psw', baseUrl: 'https://basw.co.uk/', now }) as Item;
    expect(formatDate(item.published)).toBe('8 Jun 2023');
  });
});

describe('PSW dates where its pages print them', () => {
  const byline = 'Published by Professional Social Work magazine, 2 November, 2023';

  it('reads the byline of a listing row', () => {
    const html = `<div class="views-row"><h3><a href="/psw/a">Story</a></h3><div class="field--name-created">${byline}</div></div>`;
    const [entry] = parseHtmlListing(html, {
      item: '.views-row',
      title: 'h3',
      link: 'a',
      date: '.field--name-created',
    });
    const item = normaliseEntry(entry!, { sourceId: 'psw', baseUrl: 'https://basw.co.uk/', now }) as Item;
    expect(item.publishedKnown).toBe(true);
    expect(formatDate(item.published)).toBe('2 Nov 2023');
  });

  it('reads the byline of an article page whose OpenGraph data gives no date', async () => {
    const cheerio = await import('cheerio');
    const { openGraphEntries } = await import('../src/sources/structured-data.ts');
    const page = `<html><head><meta property="og:type" content="article"><meta property="og:title" content="Story">
      </head><body><article><h1>Story</h1><p class="byline">${byline}</p><p>Text.</p></article></body></html>`;
    const [entry] = openGraphEntries(cheerio.load(page), 'https://basw.co.uk/psw/a');
    const item = normaliseEntry(entry!, { sourceId: 'psw', baseUrl: 'https://basw.co.uk/', now }) as Item;
    expect(formatDate(item.published)).toBe('2 Nov 2023');
  });

  /** The date an article page's byline gives it, read as a poll would (Europe/London). */
  function pageDate(body: string): string | undefined {
    const page = `<!doctype html><html><head><meta property="og:type" content="article"><meta property="og:title" content="An article"></head>
<body>${body}</body></html>`;
    const [entry] = openGraphEntries(cheerio.load(page), 'https://basw.co.uk/psw/a');
    return parsePublishedDate(entry!.published, 'Europe/London');
  }

  it('an article page is dated by when it was published, not by an "Updated" line printed before it', () => {
    expect(
      pageDate(
        `<article><p><span>Updated: 5 January 2025</span></p><h1>An article</h1><p>${byline}</p><p>Text.</p></article>`,
      ),
    ).toBe('2023-11-02T00:00:00.000Z');
  });

  it('an "Updated" line dates the page only when no line says when it was published', () => {
    expect(pageDate('<article><h1>An article</h1><p>Updated: 5 January 2025</p><p>Text.</p></article>')).toBe(
      '2025-01-05T00:00:00.000Z',
    );
  });

  it('is still found after a site menu of some hundreds of links', () => {
    // A mega menu (li > a > span) printed before the article, as large publishers' sites have.
    const menu = Array.from({ length: 300 }, (_, i) => `<li><a href="/s/${i}"><span>Section ${i}</span></a></li>`).join(
      '',
    );
    expect(
      pageDate(`<nav><ul>${menu}</ul></nav><article><h1>An article</h1><p>${byline}</p><p>Text.</p></article>`),
    ).toBe('2023-11-02T00:00:00.000Z');
  });

  it('is found outside an article element on a page that has none', () => {
    expect(pageDate(`<div class="page"><h1>An article</h1><p>${byline}</p></div>`)).toBe('2023-11-02T00:00:00.000Z');
  });
});

describe('the configured time zone, for reading and for showing', () => {
  it.each(['America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'])(
    '"8 June 2023" is 8 June under TZ=%s',
    (zone) => {
      process.env.TZ = zone;
      setTimeZone(zone);
      const { published: iso } = published('8 June 2023');
      expect(formatDate(iso)).toBe('8 Jun 2023');
      expect(formatDate(published('08/06/2023').published)).toBe('8 Jun 2023');
    },
  );

  it('reads and shows dates in the configured zone even when the process runs in another', () => {
    process.env.TZ = 'Asia/Tokyo';
    setTimeZone('Europe/London');
    expect(published('8 June 2023').published).toBe('2023-06-07T23:00:00.000Z');
    expect(formatDate('2023-06-07T23:00:00.000Z')).toBe('8 Jun 2023');
    setTimeZone('America/New_York');
    expect(published('8 June 2023').published).toBe('2023-06-08T04:00:00.000Z');
    // 02:00 UTC on 8 June is still the evening of 7 June in New York.
    expect(formatDate('2023-06-08T02:00:00.000Z')).toBe('7 Jun 2023');
  });

  it('shows a calendar date from the data files as that date in every zone', () => {
    for (const zone of ['Europe/London', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      setTimeZone(zone);
      expect(formatDate('2022-05-23'), zone).toBe('23 May 2022');
      expect(formatDate('2023-09'), zone).toMatch(/^Sep/);
      expect(formatDate('2023'), zone).toBe('2023');
    }
  });

  it('refuses a zone name it does not know', () => {
    expect(() => setTimeZone('Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });
});
