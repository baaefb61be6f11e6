import type { CheerioAPI } from 'cheerio';
import type { RawEntry } from './item.ts';
import { BYLINE, parsePublishedDate } from './published-date.ts';

/** schema.org types that are one story each (Article and its news and blog kinds). */
const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'BlogPosting',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'ReportageNews',
  'BackgroundNewsArticle',
  'ReviewNewsArticle',
  'AskPublicNewsArticle',
  'LiveBlogPosting',
  'Report',
  'ScholarlyArticle',
  'TechArticle',
]);
/** Where a page or collection keeps the stories it lists. */
const CONTAINER_KEYS = ['@graph', 'mainEntity', 'hasPart', 'blogPost'] as const;
// A page is hostile input: its data is walked this deep and read for this many stories at most.
const MAX_DEPTH = 8;
const MAX_ENTRIES = 200;

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The types a node declares, without a vocabulary prefix (`schema:NewsArticle`, `https://schema.org/NewsArticle`). */
function typesOf(node: Node): string[] {
  const declared = node['@type'];
  const list = Array.isArray(declared) ? declared : [declared];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, ''));
}

/** A text value: a string, the first string of a list, or a `@value` / `name` / `@id` / `url` inside an object. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.map(text).find(Boolean);
  if (isNode(value)) return text(value['@value']) ?? text(value.name);
  return undefined;
}

/** An address: a string, or the `url` (else an absolute `@id`) of an object. A blank-node `@id` ("_:b0") is no address. */
function link(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.map(link).find(Boolean);
  if (isNode(value)) return link(value.url) ?? absoluteId(value);
  return undefined;
}

function absoluteId(node: Node): string | undefined {
  const id = node['@id'];
  return typeof id === 'string' && /^https?:\/\//i.test(id.trim()) ? id.trim() : undefined;
}

function texts(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value)) return value.flatMap(texts);
  const one = text(value);
  return one ? [one] : [];
}

function articleEntry(node: Node): RawEntry {
  const url = link(node.url) ?? link(node.mainEntityOfPage) ?? absoluteId(node);
  return {
    guid: url,
    link: url,
    title: text(node.headline) ?? text(node.name),
    summary: text(node.description) ?? text(node.abstract),
    published: text(node.datePublished) ?? text(node.dateCreated),
    author: text(node.author),
    categories: [...texts(node.articleSection), ...texts(node.keywords)],
  };
}

/** List elements in their declared order when every one has a numeric position, else as written. */
function byPosition(elements: unknown[]): unknown[] {
  const positions = elements.map((e) => (isNode(e) ? Number(e.position) : NaN));
  if (positions.some((p) => !Number.isFinite(p))) return elements;
  return elements
    .map((e, i) => ({ e, p: positions[i]! }))
    .sort((a, b) => a.p - b.p)
    .map(({ e }) => e);
}

/** The stories of one JSON-LD value: articles anywhere a page or list keeps them, list items in an ItemList. */
function collect(value: unknown, out: RawEntry[], depth: number): void {
  if (depth > MAX_DEPTH || out.length >= MAX_ENTRIES) return;
  if (Array.isArray(value)) {
    for (const element of value) collect(element, out, depth + 1);
    return;
  }
  if (!isNode(value)) return;
  const types = typesOf(value);
  if (types.some((t) => ARTICLE_TYPES.has(t))) {
    out.push(articleEntry(value));
    return;
  }
  // A BreadcrumbList is an ItemList too, of the site's sections: never stories.
  if (types.includes('BreadcrumbList')) return;
  if (types.includes('ItemList')) {
    const elements = value.itemListElement;
    for (const element of byPosition(Array.isArray(elements) ? elements : [elements])) {
      if (!isNode(element)) continue;
      const item = element.item;
      if (isNode(item) && typesOf(item).some((t) => ARTICLE_TYPES.has(t))) collect(item, out, depth + 1);
      else if (typesOf(element).some((t) => ARTICLE_TYPES.has(t))) collect(element, out, depth + 1);
      // A ListItem naming a story by its name and address.
      else
        out.push({
          link: link(item) ?? link(element.url),
          title: text(element.name) ?? (isNode(item) ? (text(item.name) ?? text(item.headline)) : undefined),
          summary: text(element.description),
          categories: [],
        });
      if (out.length >= MAX_ENTRIES) return;
    }
    return;
  }
  for (const key of CONTAINER_KEYS) if (key in value) collect(value[key], out, depth + 1);
}

/**
 * Stories described by the page's JSON-LD (`<script type="application/ld+json">`): NewsArticle,
 * Article or BlogPosting objects, on their own, in a `@graph`, under a CollectionPage's `mainEntity`
 * or `hasPart`, or as the items of an ItemList. A block that is not valid JSON is passed over.
 */
export function jsonLdEntries($: CheerioAPI): RawEntry[] {
  const out: RawEntry[] = [];
  $('script[type="application/ld+json" i]').each((_, element) => {
    let data: unknown;
    try {
      data = JSON.parse($(element).text());
    } catch {
      return;
    }
    collect(data, out, 0);
  });
  return out.filter((entry) => entry.link && entry.title);
}

// Where a page prints its byline, and how much of a hostile page is looked through for it: the
// article's own elements first (a large site menu before it would use up the budget), then the page's.
const BYLINE_SCOPES = 'article, main, [role="main"]';
const BYLINE_ELEMENTS = 'time, p, span, small, li';
const MAX_BYLINE_ELEMENTS = 500;
const MAX_BYLINE = 160;
const UPDATED = /^updated\b/i;

/** A byline date among the first elements of `scope` (else the page): when published or posted, else when updated. */
function bylineIn($: CheerioAPI, scope?: string): string | undefined {
  const elements = scope ? $(scope).find(BYLINE_ELEMENTS) : $(BYLINE_ELEMENTS);
  let updated: string | undefined;
  for (const element of elements.slice(0, MAX_BYLINE_ELEMENTS).toArray()) {
    const text = $(element).text().replace(/\s+/g, ' ').trim();
    if (text.length > MAX_BYLINE || !BYLINE.test(text) || !parsePublishedDate(text)) continue;
    if (!UPDATED.test(text)) return text;
    updated ??= text;
  }
  return updated;
}

/**
 * The date a page prints in its byline ("Published by …, 2 November, 2023"), as written, when it has
 * one: looked for in the article (or main content), then in the whole page. An "Updated: …" line
 * dates the page only when no line says when it was published.
 */
function bylineDate($: CheerioAPI): string | undefined {
  return bylineIn($, BYLINE_SCOPES) ?? bylineIn($);
}

/**
 * The page itself as one story, when its OpenGraph data says it is an article (`og:type` article);
 * dated by `article:published_time`, else by the byline the page prints.
 */
export function openGraphEntries($: CheerioAPI, pageUrl: string): RawEntry[] {
  const meta = (property: string) => $(`meta[property="${property}"]`).attr('content')?.trim() || undefined;
  if (meta('og:type')?.toLowerCase() !== 'article') return [];
  const title = meta('og:title');
  if (!title) return [];
  const categories = $('meta[property="article:tag"], meta[property="article:section"]')
    .map((_, e) => $(e).attr('content') ?? '')
    .get()
    .filter(Boolean);
  return [
    {
      link: meta('og:url') ?? pageUrl,
      title,
      summary: meta('og:description'),
      published: meta('article:published_time') ?? bylineDate($),
      categories,
    },
  ];
}
