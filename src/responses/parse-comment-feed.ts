import { htmlToText } from '../sources/html-to-text.ts';
import type { RawEntry } from '../sources/item.ts';
import { publishedDate } from '../sources/normalise.ts';
import { parseFeed } from '../sources/parse-feed.ts';
import { commentId, type Comment } from './comment.ts';
import { articleUrlOf, commentText, displayName, wordpressCommentNumber } from './comment-text.ts';

export interface CommentParseContext {
  now: Date;
  /** Where relative links are resolved from: the URL the feed or page was fetched from. */
  baseUrl?: string;
}

export interface ParsedComments {
  comments: Comment[];
  /** One reason per entry that could not be read as a comment. */
  skipped: string[];
}

// WordPress puts this before a reply's text in its comment feeds (get_comment_text, in a feed).
const IN_REPLY_TO = /^\s*(?:<p>)?\s*In reply to <a\b[^>]*\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>\.\s*(?:<\/p>)?/i;
const SITE_FEED_TITLE = /^Comment on ([\s\S]+) by ([\s\S]+)$/;
const PROTECTED = /^Protected Comments:/;

function headlineOf(title: string, author: string): string | undefined {
  const match = SITE_FEED_TITLE.exec(title);
  if (!match) return undefined;
  const suffix = ` by ${author}`;
  const headline = title.endsWith(suffix) ? title.slice('Comment on '.length, -suffix.length) : match[1]!;
  return headline.trim() || undefined;
}

function entryToComment(entry: RawEntry, context: CommentParseContext): Comment | string {
  const link = entry.link?.trim() || undefined;
  const articleUrl = link ? articleUrlOf(link, context.baseUrl) : undefined;
  if (!articleUrl) return 'no link to its article';
  const title = htmlToText(entry.title ?? '');
  const fromTitle = SITE_FEED_TITLE.exec(title)?.[2] ?? /^By: (.+)$/.exec(title)?.[1];
  const author = displayName(entry.author ?? fromTitle);
  // content:encoded carries the comment as HTML; the description is the same HTML, entity-escaped once more.
  const html = entry.content ?? htmlToText(entry.summary ?? '');
  if (PROTECTED.test(htmlToText(html))) return 'password-protected';
  const reply = IN_REPLY_TO.exec(html);
  const text = commentText(reply ? html.slice(reply[0].length) : html);
  if (!text) return 'no text';

  const wpId = wordpressCommentNumber(link) ?? wordpressCommentNumber(entry.guid);
  const published = publishedDate(entry.published, context.now);
  const firstSeen = context.now.toISOString();
  const parentLink = reply?.[1];
  const parentWpId = wordpressCommentNumber(parentLink);
  return {
    id: commentId(articleUrl, wpId, entry.guid?.trim() || link!),
    ...(wpId ? { wpId } : {}),
    articleUrl,
    ...(SITE_FEED_TITLE.test(title) ? { articleTitle: headlineOf(title, author) } : {}),
    url: link,
    author,
    published: published ?? firstSeen,
    publishedKnown: published !== undefined,
    text,
    ...(parentLink
      ? { parentId: commentId(articleUrl, parentWpId, parentLink), inReplyTo: displayName(reply[2]) }
      : {}),
    origin: SITE_FEED_TITLE.test(title) ? 'site-feed' : 'article-feed',
    firstSeen,
  };
}

/**
 * A WordPress comment feed: an article's own (`wfw:commentRss`, items "By: <name>") or the site's
 * (`/comments/feed/`, items "Comment on <headline> by <name>"). Throws FeedParseError when the
 * text is not a feed; an entry that is not a readable comment is skipped with its reason.
 */
export async function parseCommentFeed(xml: string, context: CommentParseContext): Promise<ParsedComments> {
  const comments: Comment[] = [];
  const skipped: string[] = [];
  for (const entry of await parseFeed(xml)) {
    const result = entryToComment(entry, context);
    if (typeof result === 'string') skipped.push(`${entry.link ?? entry.guid ?? 'an entry'}: ${result}`);
    else comments.push(result);
  }
  return { comments, skipped };
}
