import { createHash } from 'node:crypto';
import { stripControl } from '../render/markdown.ts';
import { truncate } from '../util/format.ts';
import { canonicalUrl } from './canonical-url.ts';
import { htmlToText, stripFeedBoilerplate } from './html-to-text.ts';
import type { Item, RawEntry } from './item.ts';
import { parsePublishedDate } from './published-date.ts';

// Lengths of the text an item keeps.
const MAX_TITLE = 300;
const MAX_SUMMARY = 1_000;
const MAX_BODY = 20_000;
const MAX_AUTHOR = 200;
const MAX_CATEGORY = 100;
const MAX_CATEGORIES = 50;
/** Longer identifiers and links are not used (browsers and servers commonly stop at about 2,000). */
const MAX_REFERENCE = 2_048;
// How much of each raw field is read at all, markup included: generous for HTML, and small enough that
// one entry of several megabytes costs no more than an ordinary one.
const RAW_LIMITS = { title: 2_000, summary: 20_000, content: 100_000, author: 1_000, category: 500 };
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

/** The ISO time a source gave, or undefined when it is missing, unreadable or more than two days ahead. */
export function publishedDate(value: string | undefined, now: Date): string | undefined {
  const iso = parsePublishedDate(value);
  return iso && Date.parse(iso) <= now.getTime() + FUTURE_TOLERANCE_MS ? iso : undefined;
}

/** Whether a source gave a well-formed date that is more than two days ahead: set aside, not unreadable. */
export function isDatedAhead(value: string | undefined, now: Date): boolean {
  const iso = parsePublishedDate(value);
  return iso !== undefined && Date.parse(iso) > now.getTime() + FUTURE_TOLERANCE_MS;
}

function commentCount(value: string | number | undefined): number | undefined {
  if (value === undefined || String(value).length > 20) return undefined;
  const n = Number(String(value).trim());
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Plain text from a raw field: cut to `rawLimit` first, so that no HTML parsing or pattern matching
 * ever sees more than that, then tags and entities resolved, and control characters removed (raw or
 * written as entities such as `&#27;`) so that no feed can drive a terminal.
 */
function plainText(raw: string | undefined, rawLimit: number): string {
  if (!raw) return '';
  return stripControl(htmlToText(raw.slice(0, rawLimit)))
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** An identifier or link as given, or undefined when it is missing or too long to be real: a cut one would point elsewhere. */
function reference(raw: string | undefined): string | undefined {
  if (!raw || raw.length > MAX_REFERENCE) return undefined;
  return stripControl(raw).trim() || undefined;
}

function link(raw: string | undefined, base?: string): string | undefined {
  const value = reference(raw);
  return value ? canonicalUrl(value, base) : undefined;
}

/** Turns a raw entry into an Item, or returns a reason why it cannot be one (no usable link or title). */
export function normaliseEntry(raw: RawEntry, context: NormaliseContext): Item | { skipped: string } {
  const guid = reference(raw.guid);
  const finalUrl = link(raw.link, context.baseUrl) ?? link(guid);
  if (!finalUrl) return { skipped: 'no usable link' };

  const title = truncate(plainText(raw.title, RAW_LIMITS.title), MAX_TITLE);
  const bodyText = stripFeedBoilerplate(plainText(raw.content, RAW_LIMITS.content));
  let summary = stripFeedBoilerplate(plainText(raw.summary, RAW_LIMITS.summary));
  if (!summary && bodyText) summary = bodyText;
  if (!title && !summary) return { skipped: 'no title or text' };

  const firstSeen = context.now.toISOString();
  const published = publishedDate(raw.published, context.now);
  const categories = (raw.categories ?? [])
    .slice(0, MAX_CATEGORIES * 2)
    .map((c) => truncate(plainText(c, RAW_LIMITS.category), MAX_CATEGORY));
  return {
    id: itemId(context.sourceId, guid ?? finalUrl),
    sourceId: context.sourceId,
    guid,
    url: finalUrl,
    title: title || truncate(summary, 120),
    summary: truncate(summary, MAX_SUMMARY),
    body: bodyText && bodyText !== summary ? truncate(bodyText, MAX_BODY) : undefined,
    author: truncate(plainText(raw.author, RAW_LIMITS.author), MAX_AUTHOR) || undefined,
    categories: [...new Set(categories.filter(Boolean))].slice(0, MAX_CATEGORIES),
    published: published ?? firstSeen,
    publishedKnown: published !== undefined,
    firstSeen,
    commentsFeedUrl: link(raw.commentsFeedUrl, context.baseUrl),
    commentCount: commentCount(raw.commentCount),
    backfill: context.backfill ?? false,
  };
}
