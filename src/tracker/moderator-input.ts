import { UserFacingError } from '../errors.ts';
import { isWellFormedHttpUrl, stripControl } from '../render/markdown.ts';

/** An option value as text: what Discord or the prompt gave (a string, number or boolean), else nothing. */
export function optionText(raw: unknown): string {
  return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : '';
}

/** Text typed by a moderator, on one line, without control characters, checked for length. */
export function cleanText(raw: unknown, what: string, min: number, max: number): string {
  const text = stripControl(optionText(raw)).replace(/\s+/g, ' ').trim();
  if (text.length < min) throw new UserFacingError(`Give ${what} (at least ${min} characters).`);
  if (text.length > max)
    throw new UserFacingError(
      `${what[0]!.toUpperCase()}${what.slice(1)} is too long: at most ${max} characters (it has ${text.length}).`,
    );
  return text;
}

/**
 * A source address typed by a moderator. It becomes a link in every answer, so only a plain,
 * well-formed http(s) URL is accepted: nothing in it may read as markdown.
 */
export function checkSourceUrl(raw: unknown): string {
  const url = stripControl(optionText(raw)).trim();
  if (!/^https?:\/\//i.test(url)) throw new UserFacingError('The source must be an http(s) URL.');
  if (!isWellFormedHttpUrl(url)) {
    throw new UserFacingError(
      "The source must be one plain http(s) address, with no spaces, brackets or quotes in it. Copy it from the browser's address bar.",
    );
  }
  return url;
}

/** "a, b; c" as a list of distinct phrases. */
export function splitAliases(raw: unknown): string[] {
  const seen = new Set<string>();
  return optionText(raw)
    .split(/[,;\n]/)
    .map((a) => stripControl(a).replace(/\s+/g, ' ').trim())
    .filter((a) => a && !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
}
