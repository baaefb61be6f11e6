import { DateTime } from 'luxon';
import { htmlToText } from '../sources/html-to-text.ts';
import { commentId, type Comment } from './comment.ts';
import { readCommentPage } from './comment-page-reader.ts';
import { articleUrlOf, commentPlainText, displayName } from './comment-text.ts';
import { publishedDate } from '../sources/normalise.ts';
import { yieldToLoop } from '../util/yield-to-loop.ts';
import type { ParsedComments } from './parse-comment-feed.ts';

/** An article page is read up to this size (the fetch cap); the rest of a longer one is not looked at. */
export const MAX_COMMENT_PAGE_BYTES = 5 * 1024 * 1024;
/** Comments read from one page, at most; a page with more is hostile or broken (WordPress pages long threads). */
export const MAX_PAGE_COMMENTS = 1_000;
/** Elements nested deeper than this end the read (WordPress nests replies 5 deep, 10 at most; a page is ~100 deep). */
export const MAX_PAGE_DEPTH = 1_000;

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

const COMMENTS_PER_SLICE = 50;
const HEADING = /^\s*(\d+|One|No)\s+(?:Responses?|Comments?|Thoughts?|Repl(?:y|ies))\s+(?:to|on)\s+([\s\S]+?)\s*$/i;
// Built once: luxon compiles a format each time it is handed one as text, a large part of reading a page.
const PAGE_DATE_PARSERS = [
  "LLLL d, yyyy 'at' h:mm a",
  "d LLLL yyyy 'at' h:mm a",
  "d LLLL yyyy 'at' H:mm",
  "LLLL d, yyyy 'at' H:mm",
  "d/M/yyyy 'at' H:mm",
  'LLLL d, yyyy',
  'd LLLL yyyy',
].map((format) => DateTime.buildFormatParser(format, { locale: 'en-GB' }));

function headingOf(texts: string[]): ParsedCommentPage['heading'] {
  for (const text of texts) {
    const match = HEADING.exec(text.replace(/\s+/g, ' '));
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
  for (const parser of PAGE_DATE_PARSERS) {
    const parsed = DateTime.fromFormatParser(text, parser, { zone, locale: 'en-GB' });
    if (parsed.isValid) return publishedDate(parsed.toISO(), now);
  }
  return undefined;
}

/**
 * The comment section of a WordPress article page: each comment's author as displayed, its date,
 * its text and which comment it replies to (the nesting of the list). Pingbacks are left out. Reads
 * WordPress's comment list in both of its markups: HTML5 (<article class="comment-body">, <b class="fn">,
 * <time datetime>) and the older one (<div class="comment-body">, <cite class="fn">, a text date).
 */
export async function parseCommentPage(html: string, context: CommentPageContext): Promise<ParsedCommentPage> {
  const page = await readCommentPage(html.slice(0, MAX_COMMENT_PAGE_BYTES), {
    maxComments: MAX_PAGE_COMMENTS,
    maxDepth: MAX_PAGE_DEPTH,
  });
  const articleUrl = articleUrlOf(page.canonical ?? context.pageUrl, context.pageUrl) ?? context.pageUrl;
  const heading = headingOf(page.headings);
  const zone = context.zone ?? 'Europe/London';
  const firstSeen = context.now.toISOString();
  const comments: Comment[] = [];
  const skipped: string[] = [];
  if (page.stopped === 'too-many-comments') skipped.push(`comments past the first ${MAX_PAGE_COMMENTS} not read`);
  if (page.stopped === 'too-deep')
    skipped.push(`the page nests elements over ${MAX_PAGE_DEPTH} deep: read only up to there`);

  for (const [index, raw] of page.comments.entries()) {
    // Dates and names take a fraction of a millisecond each: a page of hundreds is read in slices.
    if (index % COMMENTS_PER_SLICE === COMMENTS_PER_SLICE - 1) await yieldToLoop();
    if (raw.pingback) continue;
    const { reading } = raw;
    const text = commentPlainText(reading.content ?? reading.otherText);
    if (!text) {
      skipped.push(`comment-${raw.wpId}: no text`);
      continue;
    }
    const parent = raw.parentIndex !== undefined ? page.comments[raw.parentIndex] : undefined;
    const published = pageDate(reading.datetime, reading.shownDate ?? '', zone, context.now);
    const url = `${articleUrl}#comment-${raw.wpId}`;
    comments.push({
      id: commentId(articleUrl, raw.wpId, url),
      wpId: raw.wpId,
      articleUrl,
      ...(heading ? { articleTitle: htmlToText(heading.headline) } : {}),
      url,
      author: displayName(reading.author ?? ''),
      published: published ?? firstSeen,
      publishedKnown: published !== undefined,
      text,
      ...(parent
        ? {
            parentId: commentId(articleUrl, parent.wpId, ''),
            inReplyTo: displayName(parent.reading.author ?? ''),
          }
        : {}),
      origin: 'article-page',
      firstSeen,
    });
  }
  return { articleUrl, ...(heading ? { heading } : {}), comments, skipped };
}
