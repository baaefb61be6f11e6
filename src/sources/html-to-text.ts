import type * as Htmlparser2 from 'htmlparser2';
import { loadLater } from '../util/load-later.ts';

const htmlparser2 = loadLater<typeof Htmlparser2>('htmlparser2');

const BLOCK_TAGS = new Set([
  'p',
  'br',
  'div',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'tr',
  'td',
  'th',
  'section',
  'article',
  'figure',
  'figcaption',
  'hr',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'iframe', 'template']);

/** Plain text from an HTML fragment: tags removed, entities decoded, white space folded to single spaces. */
export function htmlToText(html: string): string {
  if (!html) return '';
  if (!html.includes('<') && !html.includes('&')) return html.replace(/\s+/g, ' ').trim();
  const parts: string[] = [];
  let skipping = 0;
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name) {
        if (SKIPPED_TAGS.has(name)) skipping++;
        else if (BLOCK_TAGS.has(name)) parts.push(' ');
      },
      onclosetag(name) {
        if (SKIPPED_TAGS.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK_TAGS.has(name)) parts.push(' ');
      },
      ontext(text) {
        if (skipping === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts.join('').replace(/\s+/g, ' ').trim();
}

// The boilerplate below sits at the end of the text and is a few hundred characters at most, so only
// the end is searched: the patterns' cost stays the same however long the text is.
const BOILERPLATE_TAIL = 1_000;

// What a WordPress poll plugin (WP-Polls, Opinion Stage) writes into a feed in place of the poll,
// wherever the poll stands in the story; a fixed phrase, so removing it costs one pass.
const POLL_NOTICE =
  /\s*Note: There is a poll embedded within this post, please visit the site to participate in this post['’]s poll\.\s*/gi;

/**
 * Publishers' boilerplate that says nothing about the story: WordPress's footer, "read more" links,
 * and the notice that a poll is embedded.
 */
export function stripFeedBoilerplate(raw: string): string {
  const text = raw.replace(POLL_NOTICE, ' ').trim();
  const head = text.slice(0, Math.max(0, text.length - BOILERPLATE_TAIL));
  const tail = text
    .slice(head.length)
    .replace(/\s*The post .{1,400}? appeared first on .{1,200}?\.?\s*$/s, '')
    .replace(/\s*(Read More(\.\.\.|…)?|Continue reading.{0,200})\s*$/i, '')
    .replace(/\s*\[(…|\.\.\.|&#8230;)\]\s*$/, '…');
  return `${head}${tail}`.trim();
}
