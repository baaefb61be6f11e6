import type * as Cheerio from 'cheerio';
import { loadLater } from '../util/load-later.ts';
import type { CheerioAPI } from 'cheerio';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { FeedState } from '../store/feed-state-store.ts';
import { advertisedFeeds } from './discover-feed.ts';
import { FetchError, fetchSource, type FetchOptions } from './fetch-source.ts';
import type { RawEntry } from './item.ts';
import { FeedParseError, MAX_FEED_ENTRIES, readFeedEntries } from './parse-feed.ts';
import { parseHtmlListing } from './parse-html-listing.ts';
import type { HtmlSource, Source } from './source-config.ts';
import { jsonLdEntries, openGraphEntries } from './structured-data.ts';

const cheerio = loadLater<typeof Cheerio>('cheerio');

/** How an html source's items were found, in the words of the poll line. */
export type HtmlVia = 'advertised feed' | 'JSON-LD' | 'OpenGraph' | 'selectors';

export type SourceRead =
  | { kind: 'not-modified'; via?: HtmlVia }
  | {
      kind: 'entries';
      /** The first entries of the source, at most the feed parser's limit. */
      entries: RawEntry[];
      /** Entries the source holds, with those left out past the limit. */
      total: number;
      /** Where relative links are resolved from. */
      baseUrl: string;
      via?: HtmlVia;
      etag?: string;
      lastModified?: string;
      /** An html source's advertised feed to remember (null: forget the one remembered). */
      feedUrl?: string | null;
      /** The page it was found on. */
      feedPageUrl?: string;
    };

/** A feed a page advertised, fetched and parsed: the first one that yields stories. */
export interface AdvertisedFeed {
  url: string;
  entries: RawEntry[];
  total: number;
  finalUrl: string;
  etag?: string;
  lastModified?: string;
}

/**
 * Fetches and parses the feeds a page advertises, in order, and returns the first with stories.
 * Each one that cannot be read is handed to `onFailure` with its reason, and the next is tried.
 */
export async function readAdvertisedFeed(
  $: CheerioAPI,
  pageUrl: string,
  options: FetchOptions,
  onFailure: (url: string, reason: string) => void,
): Promise<AdvertisedFeed | undefined> {
  for (const url of advertisedFeeds($, pageUrl)) {
    try {
      const result = await fetchSource(url, { ...options, etag: undefined, lastModified: undefined });
      if (result.kind !== 'ok') continue;
      const { entries, total } = await readFeedEntries(result.body);
      if (entries.length > 0)
        return { url, entries, total, finalUrl: result.url, etag: result.etag, lastModified: result.lastModified };
      onFailure(url, 'the feed has no items');
    } catch (error) {
      onFailure(url, errorMessage(error));
    }
  }
  return undefined;
}

function validators(state: FeedState): Pick<FetchOptions, 'etag' | 'lastModified'> {
  return { etag: state.etag, lastModified: state.lastModified };
}

async function readFeedSource(source: Source, previous: FeedState, options: FetchOptions): Promise<SourceRead> {
  const result = await fetchSource(source.url, { ...options, ...validators(previous) });
  if (result.kind === 'not-modified') return { kind: 'not-modified' };
  return {
    kind: 'entries',
    ...(await readFeedEntries(result.body)),
    baseUrl: result.url,
    etag: result.etag,
    lastModified: result.lastModified,
  };
}

/** A remembered feed that is gone (404, 410) or no longer a feed is forgotten; any other failure is the source's. */
function feedIsGone(error: unknown): boolean {
  return (
    error instanceof FeedParseError ||
    (error instanceof FetchError && (error.httpStatus === 404 || error.httpStatus === 410))
  );
}

/**
 * An html source: the feed its page advertises when there is one (remembered, so later polls read
 * it directly, with conditional GET), else the stories its JSON-LD or OpenGraph data describe, else
 * its configured selectors.
 */
async function readHtmlSource(
  source: HtmlSource,
  previous: FeedState,
  options: FetchOptions,
  log: Logger,
): Promise<SourceRead> {
  // A feed found on another page (the source's address changed since) is looked for again, and its validators are not sent.
  let forgetFeed = Boolean(previous.feedUrl) && previous.feedPageUrl !== source.url;
  if (previous.feedUrl && !forgetFeed) {
    try {
      const result = await fetchSource(previous.feedUrl, { ...options, ...validators(previous) });
      if (result.kind === 'not-modified') return { kind: 'not-modified', via: 'advertised feed' };
      return {
        kind: 'entries',
        ...(await readFeedEntries(result.body)),
        baseUrl: result.url,
        via: 'advertised feed',
        etag: result.etag,
        lastModified: result.lastModified,
        feedUrl: previous.feedUrl,
        feedPageUrl: source.url,
      };
    } catch (error) {
      if (!feedIsGone(error)) throw error;
      log.info(
        { feed: previous.feedUrl, reason: errorMessage(error) },
        'the advertised feed is gone; reading the page again',
      );
      forgetFeed = true;
    }
  }

  const page = await fetchSource(source.url, { ...options, ...(forgetFeed ? {} : validators(previous)) });
  if (page.kind === 'not-modified') return { kind: 'not-modified', via: previous.via as HtmlVia | undefined };
  const $ = cheerio().load(page.body);
  const feed = await readAdvertisedFeed($, page.url, options, (url, reason) =>
    log.info({ feed: url, reason }, 'an advertised feed could not be used'),
  );
  if (feed)
    return {
      kind: 'entries',
      entries: feed.entries,
      total: feed.total,
      baseUrl: feed.finalUrl,
      via: 'advertised feed',
      etag: feed.etag,
      lastModified: feed.lastModified,
      feedUrl: feed.url,
      feedPageUrl: source.url,
    };

  const fromPage = (entries: RawEntry[], via: HtmlVia): SourceRead => ({
    kind: 'entries',
    entries: entries.slice(0, MAX_FEED_ENTRIES),
    total: entries.length,
    baseUrl: page.url,
    via,
    etag: page.etag,
    lastModified: page.lastModified,
    feedUrl: null,
  });
  const jsonLd = jsonLdEntries($);
  if (jsonLd.length > 0) return fromPage(jsonLd, 'JSON-LD');
  const openGraph = openGraphEntries($, page.url);
  if (openGraph.length > 0) return fromPage(openGraph, 'OpenGraph');
  if (!source.selectors)
    throw new Error(
      'the page advertises no feed and has no JSON-LD or OpenGraph article data; name CSS selectors for it in the sources file',
    );
  const listed = parseHtmlListing($, source.selectors);
  if (listed.length === 0)
    throw new Error(
      'no items matched the configured selectors (and the page advertises no feed and has no article data)',
    );
  return fromPage(listed, 'selectors');
}

/** Fetches a source (conditionally) and reads its stories, however the source offers them. */
export function readSource(
  source: Source,
  previous: FeedState,
  options: FetchOptions,
  log: Logger,
): Promise<SourceRead> {
  return source.kind === 'html'
    ? readHtmlSource(source, previous, options, log)
    : readFeedSource(source, previous, options);
}
