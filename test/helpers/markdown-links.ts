/** Discord's markdown escapes: a backslash before ASCII punctuation shows the character itself. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

export interface MarkdownReading {
  /** Masked links `[label](url)` as Discord shows them (label unescaped). */
  links: Array<{ label: string; url: string }>;
  /** Unescaped brackets that are part of no link: what is left of a link cut in half, or injected. */
  strayBrackets: number;
}

/** Reads markdown as Discord does for links: a bracket only counts when no backslash escapes it. */
export function readMarkdown(markdown: string): MarkdownReading {
  const link = /\[((?:\\[\s\S]|[^\\\]])*)\]\(([^()\s]+)\)/y;
  const links: MarkdownReading['links'] = [];
  let strayBrackets = 0;
  for (let i = 0; i < markdown.length;) {
    const c = markdown[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') {
      link.lastIndex = i;
      const m = link.exec(markdown);
      if (m) {
        links.push({ label: unescapeMarkdown(m[1]!), url: m[2]! });
        i += m[0].length;
        continue;
      }
    }
    if (c === '[' || c === ']') strayBrackets++;
    i++;
  }
  return { links, strayBrackets };
}
