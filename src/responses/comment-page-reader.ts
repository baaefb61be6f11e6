import type * as Htmlparser2 from 'htmlparser2';
import { loadLater } from '../util/load-later.ts';
import { PARSE_SLICE_CHARS, yieldToLoop } from '../util/yield-to-loop.ts';

const htmlparser2 = loadLater<typeof Htmlparser2>('htmlparser2');

/**
 * One pass over an article page's HTML that collects, for each WordPress comment, what belongs to
 * it and to no reply nested in it: the work is linear in the page, and nothing recurses, so nesting
 * of any depth is read. (A DOM and CSS selectors would read each reply again for every ancestor.)
 */

/** What one part of a comment holds: the first author, date and content element, and its other text. */
export interface CommentReading {
  author?: string;
  datetime?: string;
  shownDate?: string;
  /** Plain text of the first `.comment-content`, when there is one. */
  content?: string;
  /** Plain text outside the author, meta, reply and nested-replies blocks. */
  otherText: string;
}

export interface RawPageComment {
  wpId: string;
  /** The nearest comment this one is nested in. */
  parentIndex?: number;
  pingback: boolean;
  /** The comment's `.comment-body` (or `<article>`) child when it has one, else the whole comment. */
  reading: CommentReading;
}

export interface RawCommentPage {
  canonical?: string;
  /** Text of the heading elements, in page order, for the caller to recognise. */
  headings: string[];
  comments: RawPageComment[];
  /** Reading stopped where elements nest deeper than the cap, or at the first comment past the cap. */
  stopped?: 'too-deep' | 'too-many-comments';
}

const OWN_ID = /^comment-(\d+)$/;
const BLOCK_TAGS = new Set(
  'p br div li ul ol h1 h2 h3 h4 h5 h6 blockquote tr td th section article figure figcaption hr'.split(' '),
);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'iframe', 'template']);
const NOT_TEXT = [
  'comment-author',
  'comment-meta',
  'commentmetadata',
  'comment-metadata',
  'reply',
  'comment-awaiting-moderation',
  'children',
];
const META = ['comment-metadata', 'commentmetadata', 'comment-meta'];
/** Longer captured text is cut: a comment is kept to 4,000 characters, an author or heading to far less. */
const CAPTURE_CHARS = { author: 1_000, date: 200, text: 64 * 1024, heading: 2_000 };
const MAX_HEADINGS = 20;
const NO_CLASSES: ReadonlySet<string> = new Set();
/** Shared by the many elements that end no capture; given an array of its own before any is added. */
const NO_ENDS: Capture[] = [];

class Capture {
  private parts: string[] = [];
  private length = 0;
  open = true;
  constructor(private readonly max: number) {}
  add(text: string): void {
    if (this.length >= this.max) return;
    const part = text.slice(0, this.max - this.length);
    this.parts.push(part);
    this.length += part.length;
  }
  text(): string {
    return this.parts.join('');
  }
}

interface Context {
  name: string;
  classes: ReadonlySet<string>;
  attribs: Record<string, string>;
  inAuthor: boolean;
  inMeta: boolean;
  notText: boolean;
}

/** One part of a comment being read: its whole own region, or its body child. */
class Reader {
  private author?: Capture;
  private shownDate?: Capture;
  private content?: Capture;
  private datetime?: string;
  private readonly other = new Capture(CAPTURE_CHARS.text);

  open(context: Context, ends: Capture[]): void {
    const { name, classes, attribs } = context;
    if (BLOCK_TAGS.has(name)) this.space(context.notText);
    if (!this.author && (classes.has('fn') || (name === 'cite' && context.inAuthor))) {
      this.author = new Capture(CAPTURE_CHARS.author);
      ends.push(this.author);
    }
    if (!this.shownDate && (name === 'time' || (name === 'a' && context.inMeta))) {
      this.shownDate = new Capture(CAPTURE_CHARS.date);
      ends.push(this.shownDate);
    }
    if (this.datetime === undefined && name === 'time' && attribs.datetime !== undefined)
      this.datetime = attribs.datetime;
    if (!this.content && classes.has('comment-content')) {
      this.content = new Capture(CAPTURE_CHARS.text);
      ends.push(this.content);
    }
  }

  close(name: string, notText: boolean): void {
    if (BLOCK_TAGS.has(name)) this.space(notText);
  }

  text(text: string, notText: boolean): void {
    for (const capture of [this.author, this.shownDate, this.content]) if (capture?.open) capture.add(text);
    if (!notText) this.other.add(text);
  }

  /** A nested reply stands between this comment's texts like a block. */
  space(notText: boolean): void {
    if (this.content?.open) this.content.add(' ');
    if (!notText) this.other.add(' ');
  }

  reading(): CommentReading {
    return {
      ...(this.author ? { author: this.author.text() } : {}),
      ...(this.datetime !== undefined ? { datetime: this.datetime } : {}),
      ...(this.shownDate ? { shownDate: this.shownDate.text() } : {}),
      ...(this.content ? { content: this.content.text() } : {}),
      otherText: this.other.text(),
    };
  }
}

interface PendingComment {
  index: number;
  wpId: string;
  parentIndex?: number;
  pingback: boolean;
  whole: Reader;
  body?: Reader;
}

interface Frame {
  name: string;
  /** The comment whose own content this element is part of. */
  owner?: PendingComment;
  /** This element is the owner's comment element itself. */
  isCommentRoot: boolean;
  inBody: boolean;
  inAuthor: boolean;
  inMeta: boolean;
  notText: boolean;
  skip: boolean;
  inComments: boolean;
  ends: Capture[];
}

const ROOT: Frame = {
  name: '',
  isCommentRoot: false,
  inBody: false,
  inAuthor: false,
  inMeta: false,
  notText: false,
  skip: false,
  inComments: false,
  ends: [],
};

/** Reads a page's comment section in slices, yielding to the event loop between them. */
export async function readCommentPage(
  html: string,
  limits: { maxComments: number; maxDepth: number },
): Promise<RawCommentPage> {
  const stack: Frame[] = [ROOT];
  const records: PendingComment[] = [];
  // In page order, as the heading is the first of them that reads like one.
  const headings: Capture[] = [];
  let canonical: string | undefined;
  let stopped: RawCommentPage['stopped'];

  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name, attribs) {
        // htmlparser2's own stack costs in proportion to the depth at each element: a page nested
        // deeper than any real one is read no further, so the whole read stays linear.
        if (stack.length > limits.maxDepth) {
          stopped = 'too-deep';
          parser.pause();
          return;
        }
        const parent = stack[stack.length - 1]!;
        const classes = attribs.class ? new Set(attribs.class.split(/\s+/)) : NO_CLASSES;
        const id = attribs.id ?? '';
        const frame: Frame = {
          name,
          owner: parent.owner,
          isCommentRoot: false,
          inBody: parent.inBody,
          inAuthor: parent.inAuthor,
          inMeta: parent.inMeta,
          notText: parent.notText,
          skip: parent.skip || SKIPPED_TAGS.has(name),
          inComments: parent.inComments || id === 'comments',
          ends: NO_ENDS,
        };
        if (name === 'link' && canonical === undefined && attribs.rel === 'canonical' && attribs.href)
          canonical = attribs.href;

        const headingLike =
          ((name === 'h2' || name === 'h3') && (parent.inComments || id === 'comments')) ||
          classes.has('comments-title') ||
          id === 'comments-title';
        if (headingLike && headings.length < MAX_HEADINGS) {
          const capture = new Capture(CAPTURE_CHARS.heading);
          headings.push(capture);
          frame.ends = [capture];
        }

        const wpId = (name === 'li' || name === 'div') && OWN_ID.exec(id)?.[1];
        if (wpId) {
          // A reply of its own: its content is its own, and the comment around it sees it as a block.
          parent.owner?.whole.space(parent.notText);
          if (parent.inBody) parent.owner?.body?.space(parent.notText);
          // Nothing past the last comment read is needed: the rest of the page is not parsed.
          if (records.length >= limits.maxComments) {
            stopped = 'too-many-comments';
            parser.pause();
            return;
          }
          const record: PendingComment = {
            index: records.length,
            wpId,
            ...(parent.owner ? { parentIndex: parent.owner.index } : {}),
            pingback: classes.has('pingback') || classes.has('trackback'),
            whole: new Reader(),
          };
          records.push(record);
          Object.assign(frame, { owner: record, isCommentRoot: true, inBody: false });
          Object.assign(frame, { inAuthor: false, inMeta: false, notText: false });
          stack.push(frame);
          return;
        }

        const owner = frame.owner;
        if (owner) {
          if (parent.isCommentRoot && !owner.body && (classes.has('comment-body') || name === 'article')) {
            owner.body = new Reader();
            frame.inBody = true;
          }
          if (frame.ends === NO_ENDS) frame.ends = [];
          const context: Context = {
            name,
            classes,
            attribs,
            inAuthor: parent.inAuthor,
            inMeta: parent.inMeta,
            notText: parent.notText,
          };
          frame.notText ||= name === 'footer' || NOT_TEXT.some((c) => classes.has(c));
          frame.inAuthor ||= classes.has('comment-author');
          frame.inMeta ||= META.some((c) => classes.has(c));
          context.notText = frame.notText;
          if (!frame.skip) {
            owner.whole.open(context, frame.ends);
            if (frame.inBody) owner.body?.open(context, frame.ends);
          }
        }
        stack.push(frame);
      },
      onclosetag() {
        if (stack.length <= 1 || stopped) return;
        const frame = stack.pop()!;
        for (const capture of frame.ends) capture.open = false;
        if (frame.owner && !frame.skip && !frame.isCommentRoot) {
          frame.owner.whole.close(frame.name, frame.notText);
          if (frame.inBody) frame.owner.body?.close(frame.name, frame.notText);
        }
      },
      ontext(text) {
        const frame = stack[stack.length - 1]!;
        for (const capture of headings) if (capture.open) capture.add(text);
        if (!frame.owner || frame.skip) return;
        frame.owner.whole.text(text, frame.notText);
        if (frame.inBody) frame.owner.body?.text(text, frame.notText);
      },
    },
    { decodeEntities: true },
  );
  for (let at = 0; at < html.length && !stopped; at += PARSE_SLICE_CHARS) {
    parser.write(html.slice(at, at + PARSE_SLICE_CHARS));
    await yieldToLoop();
  }
  if (!stopped) parser.end();

  return {
    ...(canonical !== undefined ? { canonical } : {}),
    headings: headings.map((capture) => capture.text()),
    ...(stopped ? { stopped } : {}),
    comments: records.map((record) => ({
      wpId: record.wpId,
      ...(record.parentIndex !== undefined ? { parentIndex: record.parentIndex } : {}),
      pingback: record.pingback,
      reading: (record.body ?? record.whole).reading(),
    })),
  };
}
