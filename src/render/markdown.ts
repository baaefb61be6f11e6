import { escapeMarkdown } from '@discordjs/formatters';
import { truncate } from '../util/format.ts';

// C0 and C1 control characters except tab and newline, plus bidi overrides that can reorder a line.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// What can start an escape sequence: ESC, and the C1 introducers of CSI and of the string sequences.
const INTRODUCER = /[\u001B\u0090\u0098\u009B\u009D-\u009F]/;
// The longest sequence looked for: past it, the introducer alone is dropped and the rest reads as text.
const MAX_SEQUENCE = 4096;

/**
 * Removes terminal escape sequences whole (CSI `ESC [ … final`, the strings OSC, DCS, SOS, PM and
 * APC ended by BEL or ST, and the short `ESC x` ones), then every other control character and the
 * bidi overrides that could rewrite a terminal or a line. One pass, no backtracking: a sequence is
 * never looked for past the next control character or MAX_SEQUENCE characters.
 */
export function stripControl(text: string): string {
  if (!INTRODUCER.test(text)) return text.replace(CONTROL, '');
  let out = '';
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    if (!INTRODUCER.test(text[i]!)) continue;
    out += text.slice(kept, i);
    kept = sequenceEnd(text, i);
    i = kept - 1;
  }
  return (out + text.slice(kept)).replace(CONTROL, '');
}

const inRange = (code: number, low: number, high: number) => code >= low && code <= high;

/** Where the escape sequence that starts at `start` (an ESC or a C1 introducer) ends. */
function sequenceEnd(text: string, start: number): number {
  const code = text.charCodeAt(start);
  if (code === 0x9b) return csiEnd(text, start + 1);
  if (code !== 0x1b) return stringEnd(text, start, start + 1);
  const next = text.charCodeAt(start + 1);
  if (next === 0x5b) return csiEnd(text, start + 2); // [
  if (next === 0x5d || next === 0x50 || next === 0x58 || next === 0x5e || next === 0x5f) {
    return stringEnd(text, start, start + 2); // ] P X ^ _
  }
  let at = start + 1;
  while (at < text.length && at - start < MAX_SEQUENCE && inRange(text.charCodeAt(at), 0x20, 0x2f)) at++;
  return inRange(text.charCodeAt(at), 0x30, 0x7e) ? at + 1 : at;
}

/** A CSI: parameters, intermediates and a final byte; an unfinished one ends where it stops. */
function csiEnd(text: string, body: number): number {
  let at = body;
  while (at < text.length && at - body < MAX_SEQUENCE && inRange(text.charCodeAt(at), 0x30, 0x3f)) at++;
  while (at < text.length && at - body < MAX_SEQUENCE && inRange(text.charCodeAt(at), 0x20, 0x2f)) at++;
  return inRange(text.charCodeAt(at), 0x40, 0x7e) ? at + 1 : at;
}

/** A string sequence up to its BEL or ST; unfinished, only its introducer goes. */
function stringEnd(text: string, start: number, body: number): number {
  const limit = Math.min(text.length, body + MAX_SEQUENCE);
  for (let at = body; at < limit; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x07 || code === 0x9c) return at + 1;
    if (code === 0x1b) return text.charCodeAt(at + 1) === 0x5c ? at + 2 : start + 1;
    if (code < 0x20 || inRange(code, 0x7f, 0x9f)) return start + 1;
  }
  return start + 1;
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
