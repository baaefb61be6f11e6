import type { Item } from '../sources/item.ts';

export interface CommentFetch {
  itemId: string;
  articleUrl: string;
  /** The article's comment feed, or its page when it has no feed or more are missing than the feed shows. */
  via: 'comment-feed' | 'article-page';
  url: string;
  /** How many comments the source counts that are not stored. */
  missing: number;
}

export interface CommentFetchOptions {
  now: Date;
  /** Only articles published within this many days (default 14): older ones rarely gain comments. */
  maxAgeDays?: number;
  /** At most this many fetches per run (default 20), the articles furthest behind first. */
  cap?: number;
  /** How many comments a comment feed shows (WordPress's default: 10). */
  feedWindow?: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Which articles need their comments read this run: those whose `slash:comments` count is ahead of
 * the comments stored for them, published in the last `maxAgeDays`, furthest behind first (then
 * newest), at most `cap`. An article without a comment feed, or missing more comments than its feed
 * shows, is read from its page. Articles whose source gives no count are left to the site-wide feed.
 */
export function selectCommentFetches(
  items: Iterable<Item>,
  storedCounts: ReadonlyMap<string, number>,
  options: CommentFetchOptions,
): CommentFetch[] {
  const oldest = options.now.getTime() - (options.maxAgeDays ?? 14) * DAY_MS;
  const feedWindow = options.feedWindow ?? 10;
  const due: Array<CommentFetch & { published: number }> = [];
  for (const item of items) {
    if (item.commentCount === undefined) continue;
    const published = Date.parse(item.publishedKnown ? item.published : item.firstSeen);
    if (!(published >= oldest)) continue;
    const missing = item.commentCount - (storedCounts.get(item.url) ?? 0);
    if (missing <= 0) continue;
    const byFeed = item.commentsFeedUrl !== undefined && missing <= feedWindow;
    due.push({
      itemId: item.id,
      articleUrl: item.url,
      via: byFeed ? 'comment-feed' : 'article-page',
      url: byFeed ? item.commentsFeedUrl! : item.url,
      missing,
      published,
    });
  }
  return due
    .sort((a, b) => b.missing - a.missing || b.published - a.published || a.itemId.localeCompare(b.itemId))
    .slice(0, Math.max(0, options.cap ?? 20))
    .map(({ published: _published, ...fetch }) => fetch);
}
