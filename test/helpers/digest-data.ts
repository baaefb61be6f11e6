import { loadClassifier, type Classifier } from '../../src/classify/classifier.ts';
import { classifyItem } from '../../src/classify/classify-item.ts';
import { classifyComment } from '../../src/responses/classify-comments.ts';
import { commentId, type Comment } from '../../src/responses/comment.ts';
import type { Item } from '../../src/sources/item.ts';
import { itemId } from '../../src/sources/normalise.ts';

export const SOURCES = [
  { id: 'community-care', name: 'Community Care' },
  { id: 'psw-basw', name: 'Professional Social Work (BASW)' },
];

let classifier: Classifier | undefined;
export function sharedClassifier(): Classifier {
  return (classifier ??= loadClassifier());
}

/** A stored, classified news item, as the poller would have stored it. */
export function newsItem(
  fields: { title: string; summary?: string; published: string; sourceId?: string; url?: string } & Partial<Item>,
): Item {
  const sourceId = fields.sourceId ?? 'community-care';
  const slug = fields.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60);
  const url =
    fields.url ??
    (sourceId === 'psw-basw'
      ? `https://basw.co.uk/about-social-work/psw-magazine/articles/${slug}`
      : `https://www.communitycare.co.uk/${fields.published.slice(0, 10).replace(/-/g, '/')}/${slug}/`);
  return classifyItem(sharedClassifier(), {
    id: itemId(sourceId, url),
    sourceId,
    url,
    categories: [],
    summary: '',
    publishedKnown: true,
    firstSeen: fields.published,
    backfill: false,
    ...fields,
  });
}

/** A reader's comment on an article, classified. */
export function readerComment(
  fields: { articleUrl: string; author: string; text: string; published: string; n: number } & Partial<Comment>,
): Comment {
  const { n, ...rest } = fields;
  return classifyComment(sharedClassifier(), {
    id: commentId(fields.articleUrl, String(n), ''),
    wpId: String(n),
    url: `${fields.articleUrl}#comment-${n}`,
    publishedKnown: true,
    origin: 'site-feed',
    firstSeen: fields.published,
    ...rest,
  });
}
