import type { Config } from '../config.ts';
import { errorMessage, UserFacingError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { stripControl } from '../render/markdown.ts';
import { parseCommentFeed } from '../responses/parse-comment-feed.ts';
import { parseCommentPage } from '../responses/parse-comment-page.ts';
import { formatDate, plural, truncate } from '../util/format.ts';
import { setTimeZone } from '../util/time-zone.ts';
import { checkFeed } from './check-feed.ts';
import { fetchSource, type FetchOptions } from './fetch-source.ts';
import type { Item } from './item.ts';
import { isDatedAhead, normaliseEntry } from './normalise.ts';
import { HtmlPageError } from './parse-feed.ts';
import { readSource } from './read-source.ts';
import { fetchOptionsFor } from './fetch-settings.ts';
import { loadSources, type Source } from './source-config.ts';

/** How a source's stories were found: its feed, or one of the ways an html source is read. */
export type ReadVia = 'feed' | 'advertised feed' | 'JSON-LD' | 'OpenGraph' | 'selectors';

/** What reading one source's comments found. */
export interface CommentsCheck {
  url: string;
  /** Comments that could be read. */
  found?: number;
  /** How many the page or the feed says there are ("35 Responses to …", `slash:comments`). */
  counted?: number;
  error?: string;
}

/** One source read once, as a poll would read it, with nothing stored. */
export interface SourceCheck {
  source: Pick<Source, 'id' | 'name' | 'kind' | 'url' | 'enabled'>;
  via?: ReadVia;
  /** Why the source could not be read at all. */
  error?: string;
  /** Stories that could be stored. */
  stories: number;
  /** Entries without a usable link or title. */
  unusable: number;
  dated: number;
  /** Dates the source gave that could not be read, as given (the first few). */
  unreadableDates: string[];
  /** Well-formed dates more than two days ahead, as given (the first few): set aside like unreadable ones. */
  futureDates: string[];
  newest?: { published: string; title: string };
  siteComments?: CommentsCheck;
  articleComments?: CommentsCheck;
  /** What looks wrong, in plain words. */
  problems: string[];
}

export interface CheckDeps {
  fetchOptions: FetchOptions;
  logger: Logger;
  now: Date;
}

const DAY_MS = 24 * 3600 * 1000;
/** A newest story older than this (a year) suggests the wrong page: an archive, a section no longer used. */
const STALE_DAYS = 365;
const SHOWN_DATES = 3;

/** Text a server or feed chose, fit for one terminal line: no escape sequences, no line breaks of its own. */
function terminalText(text: string): string {
  return stripControl(text).replace(/[\r\n]+/g, ' ');
}

/** A source that yields nothing: the check fails for it. */
export function yieldsNothing(check: SourceCheck): boolean {
  return check.stories === 0;
}

/** The host a page is on, without "www.": the same site whether or not it is written. */
function siteHost(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : undefined;
}

/**
 * The article whose comments are read, as a poll would read one: only for a source that counts comments,
 * only on the source's own site; the one it counts most comments on, else the newest dated one.
 */
function articleToRead(source: Source, items: Item[]): Item | undefined {
  const host = siteHost(source.url);
  const candidates = items.filter((item) => item.commentCount !== undefined && siteHost(item.url) === host);
  const counted = candidates.filter((item) => item.commentCount! > 0);
  if (counted.length > 0) return counted.reduce((a, b) => (b.commentCount! > a.commentCount! ? b : a));
  // An undated story carries the time it was first seen (now): it is not the newest for that.
  return [...candidates].sort(
    (a, b) => Number(b.publishedKnown) - Number(a.publishedKnown) || b.published.localeCompare(a.published),
  )[0];
}

async function siteComments(url: string, deps: CheckDeps): Promise<CommentsCheck> {
  try {
    const result = await fetchSource(url, deps.fetchOptions);
    if (result.kind !== 'ok') return { url, error: 'answered "not modified" to a plain request' };
    const { comments } = await parseCommentFeed(result.body, { now: deps.now, baseUrl: result.url });
    return { url, found: comments.length };
  } catch (error) {
    return { url, error: terminalText(errorMessage(error)) };
  }
}

async function articleComments(item: Item, deps: CheckDeps): Promise<CommentsCheck> {
  const url = item.url;
  try {
    const result = await fetchSource(url, deps.fetchOptions);
    if (result.kind !== 'ok') return { url, error: 'answered "not modified" to a plain request' };
    const page = await parseCommentPage(result.body, { pageUrl: result.url, now: deps.now });
    return { url, found: page.comments.length, counted: page.heading?.count ?? item.commentCount };
  } catch (error) {
    return { url, error: terminalText(errorMessage(error)) };
  }
}

/**
 * What an rss source's address should be when it answered with a web page that advertises a feed.
 * Any other failure (an HTTP error, a timeout) is not fetched again.
 */
async function feedHint(source: Source, error: unknown, deps: CheckDeps): Promise<string | undefined> {
  if (source.kind !== 'rss' || !(error instanceof HtmlPageError)) return undefined;
  try {
    const checked = await checkFeed(source.url, deps.fetchOptions);
    return checked.pageUrl
      ? `the address is a web page that advertises the feed ${checked.feedUrl}: give that as its url, or make it kind: html`
      : undefined;
  } catch {
    return undefined;
  }
}

function quoted(dates: string[]): string {
  return dates.map((d) => JSON.stringify(truncate(d, 60))).join(', ');
}

/** Why stories have no date: ": dates written as "…" could not be read; "…" is dated in the future", or ''. */
function whyUndated(check: SourceCheck): string {
  const reasons: string[] = [];
  if (check.unreadableDates.length > 0)
    reasons.push(`dates written as ${quoted(check.unreadableDates)} could not be read`);
  if (check.futureDates.length > 0)
    reasons.push(`${quoted(check.futureDates)} ${check.futureDates.length === 1 ? 'is' : 'are'} dated in the future`);
  return reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
}

function dateProblems(check: SourceCheck, source: Source, now: Date): string[] {
  if (check.stories === 0) return [];
  const problems: string[] = [];
  const unreadable = whyUndated(check);
  if (check.dated === 0) {
    const hint =
      source.kind === 'html' && check.via === 'selectors' && !source.selectors?.date
        ? ' (name a date selector in the sources file)'
        : '';
    problems.push(`no story has a date${unreadable || hint}; each would be dated when first seen`);
  } else if (check.dated < check.stories) {
    problems.push(
      `${check.stories - check.dated} of ${plural(check.stories, 'story', 'stories')} have no date${unreadable}`,
    );
  }
  if (check.newest && Date.parse(check.newest.published) < now.getTime() - STALE_DAYS * DAY_MS) {
    problems.push(`the newest story is from ${formatDate(check.newest.published)}: is this the page of current news?`);
  }
  return problems;
}

function commentProblems(check: SourceCheck): string[] {
  const problems: string[] = [];
  const site = check.siteComments;
  if (site?.error) problems.push(`the site's comment feed could not be read: ${site.error}`);
  else if (site && site.found === 0) problems.push("the site's comment feed has no comments that could be read");
  const article = check.articleComments;
  if (article?.error) problems.push(`the article page ${article.url} could not be read for comments: ${article.error}`);
  else if (article && article.found === 0 && (article.counted ?? 0) > 0)
    problems.push(
      `the article page counts ${plural(article.counted!, 'comment')} but none could be read from it (${article.url})`,
    );
  return problems;
}

/**
 * Reads one source once, as a poll would (with no remembered validators or feed), and says what it
 * found: how it was read, its stories and their dates, the comments of its site feed and of one
 * article page, and what looks wrong. Nothing is stored.
 */
export async function checkSource(source: Source, deps: CheckDeps): Promise<SourceCheck> {
  const check: SourceCheck = {
    source: { id: source.id, name: source.name, kind: source.kind, url: source.url, enabled: source.enabled },
    stories: 0,
    unusable: 0,
    dated: 0,
    unreadableDates: [],
    futureDates: [],
    problems: [],
  };
  let items: Item[] = [];
  try {
    const read = await readSource(source, { sourceId: source.id, failures: 0 }, deps.fetchOptions, deps.logger);
    if (read.kind === 'not-modified') throw new Error('answered "not modified" to a plain request');
    check.via = read.via ?? 'feed';
    for (const entry of read.entries) {
      const item = normaliseEntry(entry, { sourceId: source.id, baseUrl: read.baseUrl, now: deps.now });
      if ('skipped' in item) {
        check.unusable++;
        continue;
      }
      items.push(item);
      const given = entry.published?.trim();
      if (item.publishedKnown) check.dated++;
      else if (given) {
        const shown = isDatedAhead(given, deps.now) ? check.futureDates : check.unreadableDates;
        if (shown.length < SHOWN_DATES) shown.push(terminalText(given));
      }
    }
  } catch (error) {
    check.error = terminalText(errorMessage(error));
    const hint = await feedHint(source, error, deps);
    if (hint) check.problems.push(hint);
    items = [];
  }
  check.stories = items.length;
  const newest = items.filter((item) => item.publishedKnown).sort((a, b) => b.published.localeCompare(a.published))[0];
  if (newest) check.newest = { published: newest.published, title: newest.title };
  if (!check.error && check.stories === 0)
    check.problems.push(
      check.unusable > 0
        ? `none of its ${plural(check.unusable, 'entry', 'entries')} has a usable link and title`
        : 'it lists no stories',
    );

  if (source.kind === 'rss' && source.commentsFeed) check.siteComments = await siteComments(source.commentsFeed, deps);
  const article = articleToRead(source, items);
  if (article) check.articleComments = await articleComments(article, deps);
  check.problems.push(...dateProblems(check, source, deps.now), ...commentProblems(check));
  return check;
}

function commentsLine(check: SourceCheck): string | undefined {
  const parts: string[] = [];
  const site = check.siteComments;
  if (site) parts.push(site.error ? 'site comment feed unreadable' : `${site.found} in the site comment feed`);
  const article = check.articleComments;
  if (article && !article.error)
    parts.push(
      `${article.found}${article.counted !== undefined ? ` of ${article.counted} counted` : ''} on the article page ${article.url}`,
    );
  return parts.length > 0 ? `comments: ${parts.join(' · ')}` : undefined;
}

/** What the check prints for one source: a first line, then indented details and what looks wrong. */
export function describeCheck(check: SourceCheck): string[] {
  const head = `${check.source.id} (${check.source.name})${check.source.enabled ? '' : ' (disabled)'}`;
  if (check.error)
    return [`${head}: FAILED, yields nothing: ${check.error}`, ...check.problems.map((p) => `  ! ${p}`)].map(
      terminalText,
    );
  const newest = check.newest
    ? `, newest ${formatDate(check.newest.published)} "${truncate(check.newest.title, 80)}"`
    : '';
  const status = yieldsNothing(check) ? 'FAILED, yields nothing' : check.problems.length > 0 ? 'check' : 'ok';
  const lines = [
    `${head}: ${status}: read via ${check.via}, ${plural(check.stories, 'story', 'stories')}, ${check.dated} with a date${newest}`,
  ];
  if (check.unusable > 0) lines.push(`  ${plural(check.unusable, 'entry', 'entries')} without a usable link or title`);
  const comments = commentsLine(check);
  if (comments) lines.push(`  ${comments}`);
  lines.push(...check.problems.map((p) => `  ! ${p}`));
  return lines.map(terminalText);
}

/** The closing line of a check of several sources. */
export function describeChecks(checks: SourceCheck[]): string {
  const failed = checks.filter(yieldsNothing).map((c) => c.source.id);
  const doubtful = checks.filter((c) => !yieldsNothing(c) && c.problems.length > 0).length;
  const ok = checks.length - failed.length - doubtful;
  const parts = [`${ok} ok`];
  if (doubtful > 0) parts.push(`${doubtful} to check`);
  if (failed.length > 0) parts.push(`${failed.length} yielding nothing (${failed.join(', ')})`);
  return `${plural(checks.length, 'source')} checked: ${parts.join(', ')}.`;
}

export interface SourcesCheckRun {
  config: Pick<Config, 'SOURCES_FILE' | 'ALLOW_PRIVATE_FEEDS' | 'CONTACT_URL' | 'TZ'>;
  logger: Logger;
  /** Only this source (checked even when disabled); else every enabled source. */
  id?: string;
  write: (line: string) => void;
  now?: Date;
}

/**
 * `sources check`: reads the sources file's sources one after another, prints what each yields, and
 * returns false when any yields nothing.
 */
export async function runSourcesCheck(run: SourcesCheckRun): Promise<boolean> {
  setTimeZone(run.config.TZ);
  const all = loadSources(run.config.SOURCES_FILE, 'SOURCES_FILE');
  const chosen = run.id ? all.filter((s) => s.id === run.id) : all.filter((s) => s.enabled);
  if (run.id && chosen.length === 0)
    throw new UserFacingError(
      `Unknown source "${run.id}" in ${run.config.SOURCES_FILE}. Its sources: ${all.map((s) => s.id).join(', ')}`,
    );
  const fetchOptions = fetchOptionsFor(run.config);
  run.write(`Reading ${plural(chosen.length, 'source')} as ${fetchOptions.userAgent}; nothing is stored.`);
  if (!run.config.CONTACT_URL)
    run.write('CONTACT_URL is not set: set it to a page where publishers can reach you, before polling real sites.');
  const checks: SourceCheck[] = [];
  for (const source of chosen) {
    const check = await checkSource(source, { fetchOptions, logger: run.logger, now: run.now ?? new Date() });
    checks.push(check);
    for (const line of describeCheck(check)) run.write(line);
  }
  run.write(describeChecks(checks));
  return !checks.some(yieldsNothing);
}
