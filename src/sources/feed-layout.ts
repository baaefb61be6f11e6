import type * as Htmlparser2 from 'htmlparser2';
import { loadLater } from '../util/load-later.ts';
import { PARSE_SLICE_CHARS, yieldToLoop } from '../util/yield-to-loop.ts';

const htmlparser2 = loadLater<typeof Htmlparser2>('htmlparser2');

/** Where a feed's items stand in its text, found without building any of them. */
export interface FeedLayout {
  /** The text before the first item: the XML declaration, the root and the channel's own fields. */
  head: string;
  /** The elements still open at the first item, closed: `</channel></rss>`. */
  tail: string;
  /** Start and end (inclusive) of each of the first items, up to the limit. */
  items: Array<{ start: number; end: number }>;
  /** Complete items in the whole text. */
  total: number;
}

const ITEM_NAMES = new Set(['item', 'entry']);
/** Feeds nest a few elements deep (Atom's XHTML content a few more); past this the text is not a feed. */
const MAX_DEPTH = 200;

/**
 * One pass over a feed's text, in slices with a turn of the event loop between them, that counts its
 * items (RSS `<item>`, Atom `<entry>`) and notes where the first `limit` of them begin and end. Memory
 * does not grow with the number of items.
 */
export async function feedLayout(text: string, limit: number): Promise<FeedLayout | undefined> {
  const open: string[] = [];
  const items: FeedLayout['items'] = [];
  let head: { end: number; tail: string } | undefined;
  let itemDepth = -1;
  let itemStart = 0;
  let total = 0;
  let tooDeep = false;
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name) {
        if (open.length >= MAX_DEPTH) {
          tooDeep = true;
          parser.pause();
          return;
        }
        if (itemDepth < 0 && ITEM_NAMES.has(name.toLowerCase())) {
          itemDepth = open.length;
          itemStart = parser.startIndex;
          head ??= {
            end: parser.startIndex,
            tail: open
              .map((n) => `</${n}>`)
              .reverse()
              .join(''),
          };
        }
        open.push(name);
      },
      onclosetag(_name, implied) {
        if (tooDeep) return;
        open.pop();
        if (open.length !== itemDepth) return;
        itemDepth = -1;
        // Closed only because the text ended: a cut-off item, not one of the feed's.
        if (implied) return;
        total++;
        if (items.length < limit) items.push({ start: itemStart, end: parser.endIndex });
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  for (let at = 0; at < text.length && !tooDeep; at += PARSE_SLICE_CHARS) {
    parser.write(text.slice(at, at + PARSE_SLICE_CHARS));
    if (at + PARSE_SLICE_CHARS < text.length) await yieldToLoop();
  }
  if (!tooDeep) parser.end();
  if (!head || items.length === 0) return undefined;
  return { head: text.slice(0, head.end), tail: head.tail, items, total };
}
