import type Parser from 'rss-parser';
import { loadLater } from '../util/load-later.ts';
import { yieldToLoop } from '../util/yield-to-loop.ts';
import { feedLayout } from './feed-layout.ts';
import type { RawEntry } from './item.ts';

const rssParser = loadLater<typeof Parser>('rss-parser');

/**
 * A feed is read up to this many items (at the top of the feed, the newest in every feed we know);
 * the rest are left, as MonitoRSS caps the articles it takes from one feed. Real feeds carry 10 to 100.
 */
export const MAX_FEED_ENTRIES = 200;
/** Items are parsed in batches this large, with a turn of the event loop between them. */
const BATCH_CHARS = 256 * 1024;
const BATCH_ITEMS = 50;

export interface FeedEntries {
  /** The first entries, at most the limit asked for. */
  entries: RawEntry[];
  /** Entries in the whole feed. */
  total: number;
}

type CustomItem = {
  commentRss?: string;
  commentCount?: string;
  rawCategories?: unknown[];
  'content:encoded'?: string;
  id?: string;
  guid?: string;
  creator?: string;
  author?: string;
  summary?: string;
  content?: string;
  isoDate?: string;
  pubDate?: string;
  date?: string;
  title?: string;
  link?: string;
};

let parser: Parser<Record<string, unknown>, CustomItem> | undefined;

const feedParser = () =>
  (parser ??= new (rssParser())<Record<string, unknown>, CustomItem>({
    customFields: {
      item: [
        ['wfw:commentRss', 'commentRss'],
        ['slash:comments', 'commentCount'],
        // Atom categories arrive as <category term="…"/>; rss-parser only reads RSS ones by itself.
        ['category', 'rawCategories', { keepArray: true }],
      ],
    },
  }));

/** The parser's words for a feed it cannot read, or `undefined` when the text looks like an HTML page instead. */
export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

/** The answer was a web page, not a feed: it may advertise the feed that should be given instead. */
export class HtmlPageError extends FeedParseError {
  constructor() {
    super('expected a feed but got an HTML page');
    this.name = 'HtmlPageError';
  }
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(text.slice(0, 512));
}

function categoryName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as { _?: unknown; $?: { term?: unknown; label?: unknown } };
    if (typeof v._ === 'string') return v._;
    if (typeof v.$?.label === 'string') return v.$.label;
    if (typeof v.$?.term === 'string') return v.$.term;
  }
  return undefined;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string')
    return (value as { _: string })._;
  return undefined;
}

async function parseWhole(text: string): Promise<RawEntry[]> {
  let feed: Parser.Output<CustomItem>;
  try {
    feed = await feedParser().parseString(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new FeedParseError(`malformed feed: ${reason}`);
  }
  return feed.items.map((item) => {
    const categories = (item.rawCategories ?? []).map(categoryName).filter((c): c is string => Boolean(c?.trim()));
    return {
      guid: textOf(item.guid) ?? textOf(item.id),
      link: item.link,
      title: textOf(item.title),
      summary: textOf(item.content) ?? textOf(item.summary),
      content: textOf(item['content:encoded']),
      author: textOf(item.creator) ?? textOf(item.author),
      categories,
      // The text as the feed wrote it: rss-parser's isoDate reads a date without a zone in the process's zone, not the configured one.
      published: textOf(item.pubDate) ?? textOf(item.date) ?? item.isoDate,
      commentsFeedUrl: textOf(item.commentRss),
      commentCount: textOf(item.commentCount),
    };
  });
}

/**
 * Parses RSS 0.9x/1.0/2.0 or Atom text into its first `limit` raw entries, and counts the rest.
 * A large feed is first scanned for where its items stand, then its first items are parsed in
 * batches (each with the feed's head), so neither the time the event loop is held nor the memory
 * grows with what the feed sends. Throws FeedParseError with a clear reason.
 */
export async function readFeedEntries(text: string, limit = MAX_FEED_ENTRIES): Promise<FeedEntries> {
  if (looksLikeHtml(text)) throw new HtmlPageError();
  if (text.length <= BATCH_CHARS) {
    const entries = await parseWhole(text);
    return { entries: entries.slice(0, limit), total: entries.length };
  }
  const layout = await feedLayout(text, limit);
  // No complete item anywhere: what the whole text is (an empty feed, or no feed) is for the parser to say.
  if (!layout) return { entries: (await parseWhole(text)).slice(0, limit), total: 0 };
  const entries: RawEntry[] = [];
  for (let first = 0; first < layout.items.length;) {
    let last = first;
    while (
      last + 1 < layout.items.length &&
      last + 1 - first < BATCH_ITEMS &&
      layout.items[last + 1]!.end - layout.items[first]!.start < BATCH_CHARS
    )
      last++;
    const body = text.slice(layout.items[first]!.start, layout.items[last]!.end + 1);
    entries.push(...(await parseWhole(`${layout.head}${body}${layout.tail}`)));
    first = last + 1;
    await yieldToLoop();
  }
  return { entries, total: layout.total };
}

/** The first entries of a feed (see readFeedEntries). */
export async function parseFeed(text: string, limit = MAX_FEED_ENTRIES): Promise<RawEntry[]> {
  return (await readFeedEntries(text, limit)).entries;
}
