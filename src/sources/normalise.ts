import { createHash } from 'node:crypto';
import { canonicalUrl } from './canonical-url.ts';
import { htmlToText, stripFeedBoilerplate } from './html-to-text.ts';
import type { Item, RawEntry } from './item.ts';

const MAX_SUMMARY = 1_000;
const MAX_BODY = 20_000;
const FUTURE_TOLERANCE_MS = 2 * 24 * 3600 * 1000;

export interface NormaliseContext {
  sourceId: string;
  /** Where relative links are resolved from: the URL the page or feed was fetched from. */
  baseUrl: string;
  now: Date;
  backfill?: boolean;
}

export function itemId(sourceId: string, key: string): string {
  return createHash('sha256').update(`${sourceId}\n${key}`).digest('hex').slice(0, 16);
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max - 1);
  const lastSpace = slice.lastIndexOf(' ');
  return `${lastSpace > max * 0.6 ? slice.slice(0, lastSpace) : slice}…`;
}

/** The ISO time a source gave, or undefined when it is missing, unreadable or more than two days ahead. */
export function publishedDate(value: string | undefined, now: Date): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time) || time > now.getTime() + FUTURE_TOLERANCE_MS) return undefined;
  return new Date(time).toISOString();
}

function commentCount(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(String(value).trim());
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Turns a raw entry into an Item, or returns a reason why it cannot be one (no usable link or title). */
export function normaliseEntry(raw: RawEntry, context: NormaliseContext): Item | { skipped: string } {
  const url = raw.link ? canonicalUrl(raw.link, context.baseUrl) : undefined;
  const guid = raw.guid?.trim() || undefined;
  const fallbackUrl = !url && guid ? canonicalUrl(guid) : undefined;
  const finalUrl = url ?? fallbackUrl;
  if (!finalUrl) return { skipped: 'no usable link' };

  const title = htmlToText(raw.title ?? '');
  const bodyText = raw.content ? stripFeedBoilerplate(htmlToText(raw.content)) : '';
  let summary = stripFeedBoilerplate(htmlToText(raw.summary ?? ''));
  if (!summary && bodyText) summary = bodyText;
  if (!title && !summary) return { skipped: 'no title or text' };

  const firstSeen = context.now.toISOString();
  const published = publishedDate(raw.published, context.now);
  const commentsFeedUrl = raw.commentsFeedUrl ? canonicalUrl(raw.commentsFeedUrl, context.baseUrl) : undefined;
  return {
    id: itemId(context.sourceId, guid ?? finalUrl),
    sourceId: context.sourceId,
    guid,
    url: finalUrl,
    title: title || cut(summary, 120),
    summary: cut(summary, MAX_SUMMARY),
    body: bodyText && bodyText !== summary ? cut(bodyText, MAX_BODY) : undefined,
    author: raw.author ? htmlToText(raw.author) || undefined : undefined,
    categories: [...new Set((raw.categories ?? []).map((c) => htmlToText(c)).filter(Boolean))],
    published: published ?? firstSeen,
    publishedKnown: published !== undefined,
    firstSeen,
    commentsFeedUrl,
    commentCount: commentCount(raw.commentCount),
    backfill: context.backfill ?? false,
  };
}
