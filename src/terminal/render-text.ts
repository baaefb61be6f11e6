import { stripControl } from '../render/markdown.ts';
import type { Reply } from '../render/reply.ts';

// Read left to right, so an escaped bracket, asterisk or backtick is never taken for markup: a
// backslash escape (CommonMark: before ASCII punctuation), inline code (a run of backticks up to the
// same run), a masked link `[label](url)`, or a bold marker.
const MARKDOWN =
  /\\([!-/:-@[-`{-~])|(`+)([\s\S]*?[^`])\2(?!`)|\[((?:\\[\s\S]|[^\\\]\n])*)\]\((https?:\/\/[^\s)]+)\)|\*\*/g;

/**
 * Discord markdown as plain text: a link `[text](url)` becomes "text <url>", inline code shows its
 * text as written without the backticks, bold markers go, and escaped feed text reads as it was
 * written (`\[see guidance\]` is "[see guidance]"). Control characters never reach the terminal.
 */
export function plainText(markdown: string): string {
  const plain = markdown.replace(
    MARKDOWN,
    (whole, escaped?: string, ticks?: string, code?: string, label?: string, url?: string) => {
      if (escaped !== undefined) return escaped;
      // Discord trims one space each side of code that starts or ends with a backtick (`` `a` ``).
      if (code !== undefined) return code.replace(/^ (?=`)|(?<=`) $/g, '');
      if (url !== undefined) return `${plainText(label ?? '')} <${url}>`;
      return '';
    },
  );
  return stripControl(plain);
}

/** A reply as plain text for the terminal; a list is shown whole. */
export function renderText(reply: Reply): string {
  if (reply.text !== undefined) return stripControl(reply.text);
  return [reply, ...(reply.more ?? [])].map(renderOne).join('\n\n');
}

function renderOne(reply: Reply): string {
  const out: string[] = [];
  if (reply.content) out.push(plainText(reply.content));
  for (const embed of reply.embeds ?? []) {
    if (embed.title) {
      const title = plainText(embed.title);
      out.push(embed.url ? `${title} <${stripControl(embed.url)}>` : title, '='.repeat(Math.min(72, title.length)));
    }
    if (embed.description) out.push(plainText(embed.description));
    for (const entry of embed.entries ?? []) out.push(plainText(entry));
    for (const field of embed.fields ?? []) {
      out.push('', `${plainText(field.name)}:`, plainText(field.value).replace(/^/gm, '  '));
    }
    if (embed.footer) out.push('', `(${stripControl(embed.footer)})`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}
