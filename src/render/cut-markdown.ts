const ELLIPSIS = '…';

// Tried at an unescaped `[`, `<`, `h` or backtick: a masked link, an autolink, a bare URL, inline code.
const MASKED_LINK = /\[(?:\\[\s\S]|[^\\\]\n])*\]\([^\s)]*\)/y;
const AUTOLINK = /<https?:\/\/[^\s>]+>/y;
const BARE_URL = /https?:\/\/[^\s<]+/y;
const INLINE_CODE = /`[^`\n]+`/y;
const UNBREAKABLE = { '[': MASKED_LINK, '<': AUTOLINK, h: BARE_URL, '`': INLINE_CODE } as const;

interface Layout {
  /** Spans a cut must not fall inside: [start, end). */
  spans: Array<[number, number]>;
  /** Where each unescaped `**` starts. */
  bold: number[];
}

/** One pass over the text, honouring backslash escapes, as Discord reads it. */
function layout(text: string): Layout {
  const spans: Layout['spans'] = [];
  const bold: number[] = [];
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    const pattern = UNBREAKABLE[c as keyof typeof UNBREAKABLE];
    if (pattern) {
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      if (match) {
        spans.push([i, i + match[0].length]);
        i += match[0].length;
        continue;
      }
    }
    if (c === '*' && text[i + 1] === '*') {
      bold.push(i);
      i += 2;
      continue;
    }
    i++;
  }
  return { spans, bold };
}

/** The latest end ≤ `end` that splits no link, URL or code span, no escape, and leaves no bold marker unpaired. */
function safeEnd(text: string, end: number, { spans, bold }: Layout): number {
  for (const [start, stop] of spans) if (start < end && end < stop) end = start;
  let backslashes = 0;
  while (end - backslashes - 1 >= 0 && text[end - backslashes - 1] === '\\') backslashes++;
  if (backslashes % 2 === 1) end--;
  const open = bold.filter((at) => at + 2 <= end);
  if (open.length % 2 === 1) end = open.at(-1)!;
  return end;
}

/**
 * Cuts Discord markdown to at most `max` characters without breaking it: at a whole line where that
 * keeps at least half the room, otherwise at a word; never inside a masked link, a URL or a code
 * span, never between a backslash and what it escapes, never leaving a bold marker unpaired.
 * Ends with an ellipsis when it cut.
 */
export function cutMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const structure = layout(text);
  // Whole lines first: room for the line break and the ellipsis.
  const lineEnd = text.lastIndexOf('\n', max - 1 - ELLIPSIS.length);
  if (lineEnd >= max / 2) {
    const end = safeEnd(text, lineEnd, structure);
    if (end === lineEnd) return `${text.slice(0, end).trimEnd()}\n${ELLIPSIS}`;
  }
  const room = max - ELLIPSIS.length;
  const space = text.lastIndexOf(' ', room);
  const end = safeEnd(text, space > room * 0.6 ? space : room, structure);
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/**
 * As many whole entries (each one or more lines) as fit in `max` characters, one per line. When not
 * even the first fits, it is cut with `cutMarkdown` and counts as shown.
 */
export function takeEntries(entries: string[], max: number): { text: string; shown: number } {
  let text = '';
  let shown = 0;
  for (const entry of entries) {
    const next = shown === 0 ? entry : `${text}\n${entry}`;
    if (next.length > max) break;
    text = next;
    shown++;
  }
  if (shown === 0 && entries.length > 0 && max > 0) return { text: cutMarkdown(entries[0]!, max), shown: 1 };
  return { text, shown };
}
