import { truncate } from '../util/format.ts';
import { escapeText, markdownLink, safeUrl, stripControl } from './markdown.ts';

/**
 * A piece of a line, marked with where its text came from, so that each renderer treats it right:
 * the bot's own words as they are; text from feeds, comments and users escaped for Discord (and
 * cleaned of control characters for the terminal); links only through markdownLink.
 */
export type Span =
  | { text: string }
  | { strong: string }
  | { feed: string; max?: number }
  | { link: string; url: string | undefined; max?: number };

export type Line = Span[];

/** Lines that belong together (one story): kept in one embed, never split between messages. */
export interface Block {
  lines: Line[];
}

export interface Section {
  title: string;
  colour?: number;
  blocks: Block[];
}

const LINK_LABEL_MAX = 150;
const ELLIPSIS = '…';

/** Feed text escaped for Discord and no longer than `room`: cut on a word before escaping, so no escape is split. */
function escapedWithin(text: string, room: number, max?: number): string {
  const whole = escapeText(text, max);
  if (whole.length <= room) return whole;
  let low = 0;
  let high = Math.min(text.length, max ?? text.length);
  let best = '';
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = middle === 0 ? '' : escapeText(text, middle);
    if (candidate.length <= room) {
      best = candidate;
      low = middle + 1;
    } else high = middle - 1;
  }
  return best;
}

// Short texts recur in every block (source names, labels): escaping each once is enough.
const escapedShort = new Map<string, string>();
const SHORT = 64;

function escapedFeed(text: string, max?: number): string {
  if (text.length > SHORT || (max !== undefined && max < SHORT)) return escapeText(text, max);
  let escaped = escapedShort.get(text);
  if (escaped === undefined) {
    if (escapedShort.size >= 1_000) escapedShort.clear();
    escapedShort.set(text, (escaped = escapeText(text)));
  }
  return escaped;
}

function spanMarkdown(span: Span): string {
  if ('text' in span) return span.text;
  if ('strong' in span) return `**${escapedFeed(span.strong)}**`;
  if ('feed' in span) return escapedFeed(span.feed, span.max);
  return markdownLink(span.link, span.url, span.max ?? LINK_LABEL_MAX);
}

/**
 * A block as Discord markdown of at most `max` characters. When it must be cut, it is cut between
 * spans or inside feed text on a word, never inside a link: a link that does not fit is dropped
 * whole, and what was cut ends with an ellipsis.
 */
export function blockMarkdown(block: Block, max: number): string {
  let out = '';
  for (const [index, line] of block.lines.entries()) {
    const prefix = index === 0 ? '' : '\n';
    let rendered = prefix;
    for (const span of line) {
      const piece = spanMarkdown(span);
      const room = max - out.length - rendered.length - ELLIPSIS.length;
      if (piece.length <= room || (piece.length <= room + ELLIPSIS.length && isLast(block, index, line, span))) {
        rendered += piece;
        continue;
      }
      if ('feed' in span) rendered += escapedWithin(span.feed, room, span.max);
      else if ('link' in span) rendered += escapedWithin(span.link, room, span.max ?? LINK_LABEL_MAX);
      else if ('strong' in span && room > 4) rendered += `**${escapedWithin(span.strong, room - 4)}**`;
      return `${out}${rendered}`.trimEnd() + ELLIPSIS;
    }
    out += rendered;
  }
  return out;
}

function isLast(block: Block, index: number, line: Line, span: Span): boolean {
  return index === block.lines.length - 1 && line[line.length - 1] === span;
}

function spanPlain(span: Span): string {
  if ('text' in span) return span.text;
  if ('strong' in span) return stripControl(span.strong);
  const clean = (text: string, max?: number) => {
    const folded = stripControl(text).replace(/\s+/g, ' ').trim();
    return max === undefined ? folded : truncate(folded, max);
  };
  if ('feed' in span) return clean(span.feed, span.max);
  const label = clean(span.link, span.max ?? LINK_LABEL_MAX) || 'link';
  const href = safeUrl(span.url);
  return href ? `${label} <${href}>` : label;
}

/** A block as plain text for the terminal: no markdown, control characters removed, links as "label <url>". */
export function blockPlain(block: Block): string {
  return block.lines.map((line) => line.map(spanPlain).join('')).join('\n');
}

/** Sections as plain text: each title underlined, blocks one after another. */
export function sectionsPlain(sections: Section[]): string {
  const out: string[] = [];
  for (const section of sections) {
    out.push(section.title, '='.repeat(Math.min(72, section.title.length)));
    for (const block of section.blocks) out.push(blockPlain(block));
    out.push('');
  }
  return out.join('\n').trimEnd();
}
