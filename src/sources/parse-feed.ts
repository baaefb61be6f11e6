import type Parser from 'rss-parser';
import { loadLater } from '../util/load-later.ts';
import type { RawEntry } from './item.ts';

const rssParser = loadLater<typeof Parser>('rss-parser');

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

/** Parses RSS 0.9x/1.0/2.0 or Atom text into raw entries. Throws FeedParseError with a clear reason. */
export async function parseFeed(text: string): Promise<RawEntry[]> {
  if (looksLikeHtml(text)) throw new HtmlPageError();
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
