import { escapeMarkdown } from '@discordjs/formatters';
import { truncate } from '../util/format.ts';

// C0 and C1 control characters except tab and newline, plus bidi overrides that can reorder a line.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Removes control characters (ESC sequences, bidi overrides) that could rewrite a terminal or a line. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

const ESCAPE_ALL = { maskedLink: true, heading: true, bulletedList: true, numberedList: true } as const;

/**
 * Text from a feed, a comment or a user, made inert for Discord markdown, on one line: formatting,
 * headings, lists and masked links are escaped with discord.js's own helper; then what it leaves
 * live: stray brackets; the `://` of an address (so neither a bare address nor `<https://…>` is
 * clickable); `<` and the character after it where they open a mention (`<@123>` and `<@&123>`
 * pills, `</approve:123>` command mentions, `<#123>`, `<t:…>`, custom emoji); and `-# ` (subtext) or
 * `>` (a quote) where the text starts a line. Each is escaped with a backslash, which Discord hides
 * and the terminal drops, so the text reads as written. Escaping happens after any cut, so an escape
 * sequence is never split.
 */
export function escapeText(text: string, max?: number): string {
  const clean = stripControl(text).replace(/\s+/g, ' ').trim();
  const cut = max === undefined ? clean : truncate(clean, max);
  // Characters the helper left bare (an odd run of backslashes before one means it is escaped already).
  return escapeMarkdown(cut, ESCAPE_ALL)
    .replace(/(\\*)([[\]()<])/g, (match, slashes: string, bracket: string) =>
      slashes.length % 2 === 1 ? match : `${slashes}\\${bracket}`,
    )
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, '$1\\://')
    .replace(/<([@#/:])/g, '<\\$1')
    .replace(/<(\w+):/g, '<$1\\:')
    .replace(/^(-# |>)/, '\\$1');
}

/** The URL when it is a well-formed http(s) address that cannot break out of a markdown link; otherwise undefined. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw || raw.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href.replace(/[()[\]<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** For addresses typed by a user: http(s), parseable, and nothing in it that reads as markdown or spacing. */
export function isWellFormedHttpUrl(raw: string): boolean {
  return !/[\s()[\]<>"'`]/.test(raw) && safeUrl(raw) !== undefined;
}

/**
 * `[label](url)` with the label escaped and cut to `max`; just the escaped label when the URL is
 * not a safe http(s) address. The only way feed or user text becomes a link.
 */
export function markdownLink(label: string, url: string | undefined, max = 150): string {
  const text = escapeText(label, max) || 'link';
  const href = safeUrl(url);
  return href ? `[${text}](${href})` : text;
}
