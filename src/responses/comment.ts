import type { Classification } from '../classify/classifier.ts';
import { itemId } from '../sources/normalise.ts';

/** Where a comment was read: an article's own comment feed, the site's comment feed, or the article page. */
export type CommentOrigin = 'article-feed' | 'site-feed' | 'article-page';

/** One reader's comment under an article, as published. */
export interface Comment {
  /** Stable: the same comment read from a feed or from the page has the same id. */
  id: string;
  /** WordPress's comment number, when the feed or page shows it. */
  wpId?: string;
  /** The article's canonical URL: the stored Item with this URL is the article. */
  articleUrl: string;
  /** The headline, when the source names it (site-wide feed, comment feed title, page heading). */
  articleTitle?: string;
  /** Link to the comment itself (`…/#comment-123`). */
  url?: string;
  /** The display name as published; never looked up or changed. */
  author: string;
  /** ISO time; the first-seen time when the source gave no usable date. */
  published: string;
  publishedKnown: boolean;
  /** Plain text: no HTML, no control characters, white space folded, capped. */
  text: string;
  /** The id of the comment it replies to. */
  parentId?: string;
  /** The display name of the comment it replies to, when shown. */
  inReplyTo?: string;
  origin: CommentOrigin;
  firstSeen: string;
  /** Set by the classifier, like an Item's. */
  classification?: Classification;
}

const COMMENT_NAMESPACE = 'comment';

/**
 * A comment's id. With WordPress's comment number it depends only on the article and that number,
 * so the comment feeds and the page agree; otherwise on whatever identifies it (guid or link).
 */
export function commentId(articleUrl: string, wpId: string | undefined, fallbackKey: string): string {
  return itemId(COMMENT_NAMESPACE, wpId ? `${articleUrl}#comment-${wpId}` : fallbackKey);
}
