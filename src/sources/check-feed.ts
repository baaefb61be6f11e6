import type * as Cheerio from 'cheerio';
import { loadLater } from '../util/load-later.ts';
import { errorMessage, UserFacingError } from '../errors.ts';
import { isWellFormedHttpUrl } from '../render/markdown.ts';
import { fetchSource, type FetchOptions } from './fetch-source.ts';
import type { RawEntry } from './item.ts';
import { normaliseEntry } from './normalise.ts';
import { looksLikeHtml, parseFeed } from './parse-feed.ts';
import { readAdvertisedFeed } from './read-source.ts';

const cheerio = loadLater<typeof Cheerio>('cheerio');

export const MAX_URL_LENGTH = 2_048;

/** A feed that passed every check: where it is, the page that advertised it, and its stories. */
export interface CheckedFeed {
  feedUrl: string;
  /** The page given, when the feed was found advertised on it. */
  pageUrl?: string;
  entries: RawEntry[];
  /** The first few titles, as they would be stored (markup and control characters removed). */
  titles: string[];
}

/** How many titles a check shows. */
export const SAMPLE_TITLES = 5;

function firstTitles(entries: RawEntry[], baseUrl: string): string[] {
  const titles: string[] = [];
  const now = new Date();
  for (const entry of entries) {
    const item = normaliseEntry(entry, { sourceId: 'check', baseUrl, now });
    if ('title' in item) titles.push(item.title);
    if (titles.length === SAMPLE_TITLES) break;
  }
  return titles;
}

/** Why a feed cannot be added, in plain words; it may quote the page and the feed, so it is escaped where shown. */
export class FeedCheckError extends UserFacingError {
  constructor(message: string) {
    super(message);
    this.name = 'FeedCheckError';
  }
}

/** The URL a user typed, trimmed, or a clear refusal: http(s), at most 2,048 characters, nothing that reads as markup. */
export function checkedUrl(raw: string): string {
  const url = raw.trim();
  if (url.length > MAX_URL_LENGTH)
    throw new FeedCheckError(
      `That URL is ${url.length.toLocaleString('en-GB')} characters long; the limit is ${MAX_URL_LENGTH.toLocaleString('en-GB')}.`,
    );
  if (!isWellFormedHttpUrl(url))
    throw new FeedCheckError(
      'Give the full address of a feed or news page, starting with http:// or https:// (no spaces, quotes or brackets, no user name or password).',
    );
  return url;
}

function isHtml(body: string, contentType: string): boolean {
  return /^text\/html|^application\/xhtml/i.test(contentType) || looksLikeHtml(body);
}

/**
 * Checks a feed a moderator wants to add, as a poll would read it: an http(s) URL on a public address
 * (unless private feeds are allowed), answering within the fetch timeout, that parses as RSS or Atom,
 * or an HTML page that advertises such a feed, which is then used instead. Nothing is stored.
 * Every refusal is a FeedCheckError that says why.
 */
export async function checkFeed(raw: string, options: FetchOptions): Promise<CheckedFeed> {
  const url = checkedUrl(raw);
  let result;
  try {
    result = await fetchSource(url, { ...options, etag: undefined, lastModified: undefined });
  } catch (error) {
    throw new FeedCheckError(`Could not read that address: ${errorMessage(error)}.`);
  }
  if (result.kind !== 'ok')
    throw new FeedCheckError('Could not read that address: it answered "not modified" to a plain request.');

  if (isHtml(result.body, result.contentType)) {
    const reasons: string[] = [];
    const feed = await readAdvertisedFeed(cheerio().load(result.body), result.url, options, (feedUrl, reason) =>
      reasons.push(`${feedUrl}: ${reason}`),
    );
    if (feed)
      return {
        feedUrl: feed.url,
        pageUrl: url,
        entries: feed.entries,
        titles: firstTitles(feed.entries, feed.finalUrl),
      };
    if (reasons.length > 0)
      throw new FeedCheckError(`That page advertises a feed, but it could not be used (${reasons.join('; ')}).`);
    throw new FeedCheckError(
      'That address is a web page that advertises no feed (no <link rel="alternate" type="application/rss+xml">). Give the address of its RSS or Atom feed; a page without one can be added to the sources file as an html source.',
    );
  }
  let entries: RawEntry[];
  try {
    entries = await parseFeed(result.body);
  } catch (error) {
    throw new FeedCheckError(`That address does not read as an RSS or Atom feed: ${errorMessage(error)}.`);
  }
  return { feedUrl: url, entries, titles: firstTitles(entries, result.url) };
}
