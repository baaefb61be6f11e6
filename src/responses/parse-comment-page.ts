import type * as Cheerio from 'cheerio';
import { loadLater } from '../util/load-later.ts';
import type { CheerioAPI } from 'cheerio';
import { DateTime } from 'luxon';
import { htmlToText } from '../sources/html-to-text.ts';
import { commentId, type Comment } from './comment.ts';
import { articleUrlOf, commentText, displayName } from './comment-text.ts';
import { publishedDate } from '../sources/normalise.ts';
import type { ParsedComments } from './parse-comment-feed.ts';

const cheerio = loadLater<typeof Cheerio>('cheerio');

export interface CommentPageContext {
  /** The article page's URL, as fetched. */
  pageUrl: string;
  now: Date;
  /** The site's time zone, for dates the page shows without an offset ("May 23, 2022 at 1:08 am"). */
  zone?: string;
}

export interface ParsedCommentPage extends ParsedComments {
  articleUrl: string;
  /** From "35 Responses to <headline>", when the page has that heading. */
  heading?: { count: number; headline: string };
}

// WordPress's comment list, in both of its markups: HTML5 (<article class="comment-body">, <b class="fn">,
// <time datetime>) and the older one (<div class="comment-body">, <cite class="fn">, a text date).
const COMMENT = 'li[id^="comment-"], div[id^="comment-"]';
const OWN_ID = /^comment-(\d+)$/;
const HEADING = /^\s*(\d+|One|No)\s+(?:Responses?|Comments?|Thoughts?|Repl(?:y|ies))\s+(?:to|on)\s+([\s\S]+?)\s*$/i;
const NOT_TEXT =
  '.comment-author, .comment-meta, .commentmetadata, .comment-metadata, .reply, .comment-awaiting-moderation, .children, footer';
const PAGE_DATE_FORMATS = [
  "LLLL d, yyyy 'at' h:mm a",
  "d LLLL yyyy 'at' h:mm a",
  "d LLLL yyyy 'at' H:mm",
  "LLLL d, yyyy 'at' H:mm",
  "d/M/yyyy 'at' H:mm",
  'LLLL d, yyyy',
  'd LLLL yyyy',
];

function headingOf($: CheerioAPI): ParsedCommentPage['heading'] {
  for (const element of $('#comments h2, #comments h3, .comments-title, #comments-title').toArray()) {
    const match = HEADING.exec($(element).text().replace(/\s+/g, ' '));
    if (!match) continue;
    const count = /^\d+$/.test(match[1]!) ? Number(match[1]) : match[1]!.toLowerCase() === 'one' ? 1 : 0;
    const headline = match[2]!.replace(/^[“"‘']+|[”"’']+$/g, '').trim();
    return { count, headline };
  }
  return undefined;
}

/** A date as the page shows it: a machine-readable `datetime`, else the text read in the site's zone. */
function pageDate(datetime: string | undefined, shown: string, zone: string, now: Date): string | undefined {
  const fromAttribute = publishedDate(datetime, now);
  if (fromAttribute) return fromAttribute;
  const text = shown.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  for (const format of PAGE_DATE_FORMATS) {
    const parsed = DateTime.fromFormat(text, format, { zone, locale: 'en-GB' });
    if (parsed.isValid) return publishedDate(parsed.toISO(), now);
  }
  return undefined;
}

/**
 * The comment section of a WordPress article page: each comment's author as displayed, its date,
 * its text and which comment it replies to (the nesting of the list). Pingbacks are left out.
 */
export function parseCommentPage(html: string, context: CommentPageContext): ParsedCommentPage {
  const $ = cheerio().load(html);
  const canonical = $('link[rel="canonical"]').attr('href');
  const articleUrl = articleUrlOf(canonical ?? context.pageUrl, context.pageUrl) ?? context.pageUrl;
  const heading = headingOf($);
  const zone = context.zone ?? 'Europe/London';
  const firstSeen = context.now.toISOString();
  const comments: Comment[] = [];
  const skipped: string[] = [];

  const ownId = (node: Parameters<typeof $>[0]) => OWN_ID.exec($(node).attr('id') ?? '')?.[1];
  $(COMMENT).each((_, element) => {
    const wpId = ownId(element);
    if (!wpId) return;
    const item = $(element);
    if (item.is('.pingback, .trackback')) return;
    const bodyNode = item.children('.comment-body, article').first();
    const body = bodyNode.length > 0 ? bodyNode : item;
    const author = displayName(body.find('.comment-author .fn, .comment-author cite, .fn').first().text());
    const content = body.find('.comment-content').first();
    const textHtml =
      content.length > 0 ? (content.html() ?? '') : (body.clone().find(NOT_TEXT).remove().end().html() ?? '');
    const text = commentText(textHtml);
    if (!text) {
      skipped.push(`comment-${wpId}: no text`);
      return;
    }
    const parent = item
      .parent()
      .closest(COMMENT)
      .toArray()
      .find((node) => ownId(node));
    const parentWpId = parent ? ownId(parent) : undefined;
    const shownDate = body.find('.comment-metadata a, .commentmetadata a, .comment-meta a, time').first().text();
    const published = pageDate(body.find('time[datetime]').first().attr('datetime'), shownDate, zone, context.now);
    const url = `${articleUrl}#comment-${wpId}`;
    comments.push({
      id: commentId(articleUrl, wpId, url),
      wpId,
      articleUrl,
      ...(heading ? { articleTitle: htmlToText(heading.headline) } : {}),
      url,
      author,
      published: published ?? firstSeen,
      publishedKnown: published !== undefined,
      text,
      ...(parentWpId
        ? {
            parentId: commentId(articleUrl, parentWpId, ''),
            inReplyTo: displayName($(parent).find('.fn').first().text()),
          }
        : {}),
      origin: 'article-page',
      firstSeen,
    });
  });
  return { articleUrl, ...(heading ? { heading } : {}), comments, skipped };
}
