import { canonicalUrl } from '../sources/canonical-url.ts';
import { htmlToText } from '../sources/html-to-text.ts';
import { stripControl } from '../render/markdown.ts';
import { truncate } from '../util/format.ts';

/** Long comments are kept whole up to this; nobody quotes more, and the store stays small. */
export const MAX_COMMENT_TEXT = 4_000;

/** Plain text of a comment's HTML: tags and control characters removed, white space folded, capped on a word. */
export function commentText(html: string, max = MAX_COMMENT_TEXT): string {
  return commentPlainText(htmlToText(html), max);
}

/** The same from text already out of its markup: control characters removed, white space folded, capped on a word. */
export function commentPlainText(text: string, max = MAX_COMMENT_TEXT): string {
  return truncate(stripControl(text).replace(/\s+/g, ' ').trim(), max);
}

/** A display name as published, made safe to show: no tags or control characters; "Anonymous" when blank. */
export function displayName(raw: string | undefined): string {
  const name = stripControl(htmlToText(raw ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(name, 80) || 'Anonymous';
}

/** WordPress's comment number in a link or guid (`…#comment-123`). */
export function wordpressCommentNumber(link: string | undefined): string | undefined {
  return link ? /#comment-(\d+)\b/.exec(link)?.[1] : undefined;
}

/** The article a comment link points into: fragment, tracking and WordPress's `/comment-page-N/` removed. */
export function articleUrlOf(link: string, base?: string): string | undefined {
  const url = canonicalUrl(link, base);
  if (!url) return undefined;
  const parsed = new URL(url);
  parsed.pathname = parsed.pathname.replace(/\/comment-page-\d+\/?$/, '/');
  return parsed.toString();
}
