import type { Tag } from '../classify/classifier.ts';
import { THEMES, type Theme } from '../classify/themes.ts';
import type { Comment } from '../responses/comment.ts';
import type { SectorBodies } from '../responses/sector-bodies.ts';
import { detectStatement, type StatementDetection } from '../responses/statements.ts';
import type { Item } from '../sources/item.ts';
import type { Digest, Story, ThemeSection } from './digest-model.ts';
import { DEFAULT_THRESHOLDS, groupNearDuplicates, type DuplicateThresholds } from './near-duplicates.ts';
import { inPeriod, type DigestPeriod } from './period.ts';
import { summariseReaderResponses, type CommentedArticle } from './reader-responses.ts';
import { statusChangesIn, type StatusSource } from './status-changes.ts';
import { THEME_LABELS } from './theme-labels.ts';

export interface DigestOptions {
  /** Show at most this many stories per theme (default: all); the rest are counted. */
  maxStoriesPerTheme?: number;
  /** Show reader comments on at most this many articles (default 10), the most commented first. */
  maxCommentedArticles?: number;
  /** Quotes per article (default 2). */
  excerptsPerArticle?: number;
  /** Sector bodies for statements (default: data/sector-bodies.yaml). */
  bodies?: SectorBodies;
  thresholds?: DuplicateThresholds;
}

export interface DigestInput {
  period: DigestPeriod;
  /**
   * Stored items. Those published in the period are its news; any others are only used to name
   * the articles readers commented on. Passing every stored item is fine.
   */
  items: Iterable<Item>;
  /** Reader comments; those published in the period count. */
  comments: Iterable<Comment>;
  /** Recommendations with their timelines (the Tracker's `list()`), for status changes and names. */
  statuses: Iterable<StatusSource>;
  sources: ReadonlyArray<{ id: string; name: string }>;
  /** Only this theme. */
  theme?: Theme;
  options?: DigestOptions;
}

/**
 * Whether an item belongs to the news of a period. A backfilled item (stored when its source was
 * added, never announced) still belongs to the week it was published in, as an editor looking back
 * at that week would include it; but only when its source dated it, since otherwise its date is just
 * when it was first seen and it would land in the wrong week.
 */
export function isNewsOf(period: DigestPeriod, item: Item): boolean {
  if (item.backfill && !item.publishedKnown) return false;
  return inPeriod(period, item.published);
}

function strongest<K extends string>(tags: Tag<K>[], key: K): number {
  return tags.find((t) => t.key === key)?.score ?? 0;
}

function storyOf(
  group: Item[],
  names: ReadonlyMap<string, string>,
  recTitles: ReadonlyMap<string, string>,
  statementsBy: ReadonlyMap<string, StatementDetection>,
  theme: Theme | undefined,
): Story {
  const lead = group[0]!;
  const scores = new Map<Theme, number>();
  for (const item of group)
    for (const tag of item.classification?.themes ?? [])
      scores.set(tag.key, Math.max(scores.get(tag.key) ?? 0, tag.score));
  const themes = [...scores.keys()].sort(
    (a, b) => scores.get(b)! - scores.get(a)! || THEMES.indexOf(a) - THEMES.indexOf(b),
  );
  const filed = theme ?? themes[0]!;
  const best = group.reduce((a, b) =>
    strongest(b.classification?.themes ?? [], filed) > strongest(a.classification?.themes ?? [], filed) ? b : a,
  );
  const why = (best.classification?.themes.find((t) => t.key === filed)?.evidence ?? [])
    .slice(0, 3)
    .map((e) => `'${e.phrase}' (${e.field})`);
  const recommendations = [
    ...new Set(group.flatMap((item) => item.classification?.recommendations.map((r) => r.key) ?? [])),
  ].map((key) => ({ key, title: recTitles.get(key) ?? key }));
  const found = statementsBy.get(lead.id);
  const statement = found?.isResponse ? { body: found.body!, evidence: found.evidence } : undefined;
  return {
    title: lead.title,
    links: group.map((item) => ({
      itemId: item.id,
      url: item.url,
      sourceId: item.sourceId,
      sourceName: names.get(item.sourceId) ?? item.sourceId,
      title: item.title,
      published: item.published,
      publishedKnown: item.publishedKnown,
    })),
    published: lead.published,
    themes: theme ? [theme, ...themes.filter((t) => t !== theme)] : themes,
    recommendations,
    why,
    ...(statement ? { statement } : {}),
  };
}

/**
 * Newest first by the date their source gave; stories with no date (whose time is only when they
 * were first fetched) after every dated one, most recently fetched first, as /items lists them.
 */
const newestFirst = (a: Story, b: Story) =>
  Number(b.links[0]!.publishedKnown) - Number(a.links[0]!.publishedKnown) ||
  b.published.localeCompare(a.published) ||
  a.links[0]!.itemId.localeCompare(b.links[0]!.itemId);

/**
 * The digest of a period: status changes, the review's news by theme (busiest first, each story
 * once however many outlets told it), sector statements, reader comments per article, and how much
 * other social work news there was. Pure: the same input gives the same digest.
 */
export function buildDigest(input: DigestInput): Digest {
  const { period, theme } = input;
  const options = input.options ?? {};
  const names = new Map(input.sources.map((s) => [s.id, s.name]));
  const statuses = [...input.statuses];
  const recTitles = new Map(statuses.map((s) => [s.recommendation.key, s.recommendation.title]));

  const comments = [...input.comments].filter((c) => inPeriod(period, c.published));
  const commentedUrls = new Set(comments.map((c) => c.articleUrl));
  const articles = new Map<string, CommentedArticle>();
  const review: Item[] = [];
  let otherNews = 0;
  for (const item of input.items) {
    if (commentedUrls.has(item.url) && !articles.has(item.url)) {
      articles.set(item.url, {
        title: item.title,
        url: item.url,
        sourceName: names.get(item.sourceId),
        itemId: item.id,
        themes: item.classification?.themes.map((t) => t.key) ?? [],
      });
    }
    if (!isNewsOf(period, item)) continue;
    if (!item.classification?.aboutReform) otherNews++;
    else if (!theme || item.classification.themes.some((t) => t.key === theme)) review.push(item);
  }

  const statementsBy = new Map(review.map((item) => [item.id, detectStatement(item, options.bodies)]));
  const kindOf = (item: Item) => statementsBy.get(item.id)?.body ?? '';
  const stories = groupNearDuplicates(review, options.thresholds ?? DEFAULT_THRESHOLDS, kindOf).map((group) =>
    storyOf(group, names, recTitles, statementsBy, theme),
  );
  const statements = stories.filter((s) => s.statement).sort(newestFirst);
  const sections = new Map<Theme, Story[]>();
  for (const story of stories) {
    if (story.statement) continue;
    const list = sections.get(story.themes[0]!);
    if (list) list.push(story);
    else sections.set(story.themes[0]!, [story]);
  }
  const cap = options.maxStoriesPerTheme ?? Number.POSITIVE_INFINITY;
  const news: ThemeSection[] = [...sections.entries()]
    .sort((a, b) => b[1].length - a[1].length || THEMES.indexOf(a[0]) - THEMES.indexOf(b[0]))
    .map(([key, list]) => {
      const sorted = list.sort(newestFirst);
      return {
        theme: key,
        label: THEME_LABELS[key],
        stories: sorted.slice(0, cap),
        more: Math.max(0, sorted.length - cap),
      };
    });

  const readers = summariseReaderResponses(comments, articles, {
    theme,
    maxArticles: options.maxCommentedArticles ?? 10,
    excerptsPerArticle: options.excerptsPerArticle ?? 2,
  });
  const statusChanges = statusChangesIn(period, statuses, theme);
  const items = stories.reduce((sum, s) => sum + s.links.length, 0);
  return {
    period,
    ...(theme ? { theme: { key: theme, label: THEME_LABELS[theme] } } : {}),
    counts: {
      stories: stories.length,
      items,
      grouped: items - stories.length,
      retold: stories.filter((s) => s.links.length > 1).length,
      statusChanges: statusChanges.length,
      statements: statements.length,
      comments: readers.comments,
      commentedArticles: readers.responses.length + readers.more.articles,
      otherNews,
    },
    statusChanges,
    news,
    statements,
    readerResponses: readers.responses,
    moreResponses: readers.more,
    quiet: stories.length === 0 && statusChanges.length === 0 && readers.comments === 0,
  };
}
