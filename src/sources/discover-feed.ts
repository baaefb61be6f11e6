import type { CheerioAPI } from 'cheerio';
import { safeUrl } from '../render/markdown.ts';

const FEED_TYPES = /^application\/(rss|atom)\+xml\s*(;|$)/i;
/** A site's comment feed is advertised next to its news feed; it is tried last. */
const COMMENTS = /comment/i;
/** How many advertised feeds are tried at the most. */
export const MAX_ADVERTISED_FEEDS = 3;

/**
 * The feeds a page advertises (`<link rel="alternate" type="application/rss+xml|atom+xml" href>`),
 * as absolute http(s) URLs resolved against the page (or its `<base href>`), comment feeds last.
 */
export function advertisedFeeds($: CheerioAPI, pageUrl: string): string[] {
  let base = pageUrl;
  const declaredBase = $('base[href]').attr('href');
  if (declaredBase) {
    try {
      base = new URL(declaredBase, pageUrl).toString();
    } catch {
      // an unreadable <base> is ignored, as browsers do
    }
  }
  const found: Array<{ url: string; comments: boolean }> = [];
  $('link[rel][href][type]').each((_, element) => {
    const node = $(element);
    const rel = (node.attr('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate') || !FEED_TYPES.test(node.attr('type') ?? '')) return;
    let url: string | undefined;
    try {
      url = safeUrl(new URL(node.attr('href')!.trim(), base).toString());
    } catch {
      return;
    }
    if (!url || found.some((f) => f.url === url)) return;
    found.push({ url, comments: COMMENTS.test(`${node.attr('title') ?? ''} ${url}`) });
  });
  return [...found.filter((f) => !f.comments), ...found.filter((f) => f.comments)]
    .map((f) => f.url)
    .slice(0, MAX_ADVERTISED_FEEDS);
}
