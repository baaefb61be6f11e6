import type { Theme } from '../classify/themes.ts';
import type { Comment } from '../responses/comment.ts';
import { truncate } from '../util/format.ts';
import type { ArticleResponses, CommentExcerpt } from './digest-model.ts';
import { THEME_LABELS } from './theme-labels.ts';

export const EXCERPT_MAX = 200;

/** What the digest knows of an article readers commented on. */
export interface CommentedArticle {
  title: string;
  url: string;
  sourceName?: string;
  itemId?: string;
  themes: Theme[];
}

export interface ReaderResponseOptions {
  theme?: Theme;
  /** At most this many articles, the most commented first. */
  maxArticles: number;
  excerptsPerArticle: number;
}

export interface ReaderResponseSummary {
  responses: ArticleResponses[];
  more: { articles: number; comments: number };
  comments: number;
}

/** A quote short enough to read at a glance: at most 200 characters, cut on a word. */
export function excerptOf(text: string, max = EXCERPT_MAX): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

function themesRaised(comments: Comment[]): ArticleResponses['themes'] {
  const counts = new Map<Theme, number>();
  for (const comment of comments)
    for (const tag of comment.classification?.themes ?? []) counts.set(tag.key, (counts.get(tag.key) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([theme, comments]) => ({ theme, label: THEME_LABELS[theme], comments }));
}

/**
 * The comments worth quoting: the first on the most raised theme, the second on the next one (or
 * the same when there is no other), preferring comments that start a thread rather than answer
 * one and are long enough to say something; one per reader, earliest first on a tie.
 */
function pickExcerpts(comments: Comment[], raised: Theme[], count: number): CommentExcerpt[] {
  const score = (c: Comment) => (c.parentId ? 0 : 2) + (c.text.length >= 60 ? 1 : 0) + (c.text.length <= 600 ? 1 : 0);
  const ranked = [...comments].sort(
    (a, b) => score(b) - score(a) || a.published.localeCompare(b.published) || a.id.localeCompare(b.id),
  );
  const raises = (c: Comment, theme: Theme | undefined) =>
    theme !== undefined && (c.classification?.themes.some((t) => t.key === theme) ?? false);
  const authors = new Set<string>();
  const picked: CommentExcerpt[] = [];
  for (let i = 0; i < count; i++) {
    const theme = raised[i] ?? raised[0];
    const fresh = ranked.filter((c) => !authors.has(c.author));
    const comment = fresh.find((c) => raises(c, theme)) ?? fresh[0];
    if (!comment) break;
    authors.add(comment.author);
    picked.push({
      author: comment.author,
      text: excerptOf(comment.text),
      ...(comment.url ? { url: comment.url } : {}),
      published: comment.published,
    });
  }
  return picked;
}

/**
 * A short label for an article whose title is unknown ("Article on communitycare.co.uk"): the link
 * carries the address, so the label never repeats it.
 */
function untitledLabel(url: string): string {
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return host ? `Article on ${host}` : 'Article';
  } catch {
    return 'Article';
  }
}

/**
 * Reader comments per article: how many, the themes they raise and a quote or two. With a theme,
 * an article on that theme keeps all its comments; any other keeps only the comments raising it.
 */
export function summariseReaderResponses(
  comments: Comment[],
  articles: ReadonlyMap<string, CommentedArticle>,
  options: ReaderResponseOptions,
): ReaderResponseSummary {
  const byArticle = new Map<string, Comment[]>();
  for (const comment of comments) {
    const article = articles.get(comment.articleUrl);
    if (
      options.theme &&
      !article?.themes.includes(options.theme) &&
      !comment.classification?.themes.some((t) => t.key === options.theme)
    )
      continue;
    const list = byArticle.get(comment.articleUrl);
    if (list) list.push(comment);
    else byArticle.set(comment.articleUrl, [comment]);
  }
  const all = [...byArticle.entries()]
    .map(([url, list]) => ({ url, list, latest: list.reduce((max, c) => (c.published > max ? c.published : max), '') }))
    .sort((a, b) => b.list.length - a.list.length || b.latest.localeCompare(a.latest) || a.url.localeCompare(b.url));
  const shown = all.slice(0, options.maxArticles);
  const hidden = all.slice(options.maxArticles);
  return {
    responses: shown.map(({ url, list }) => {
      const article = articles.get(url);
      const themes = themesRaised(list);
      return {
        article: {
          title: article?.title ?? list.find((c) => c.articleTitle)?.articleTitle ?? untitledLabel(url),
          url,
          ...(article?.sourceName ? { sourceName: article.sourceName } : {}),
          ...(article?.itemId ? { itemId: article.itemId } : {}),
        },
        count: list.length,
        themes,
        excerpts: pickExcerpts(
          list,
          themes.map((t) => t.theme),
          options.excerptsPerArticle,
        ),
      };
    }),
    more: { articles: hidden.length, comments: hidden.reduce((sum, a) => sum + a.list.length, 0) },
    comments: all.reduce((sum, a) => sum + a.list.length, 0),
  };
}
