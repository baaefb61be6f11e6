import type * as Cheerio from 'cheerio';
import { loadLater } from '../util/load-later.ts';
import type { CheerioAPI } from 'cheerio';
import type { RawEntry } from './item.ts';
import type { HtmlSelectors } from './source-config.ts';

const cheerio = loadLater<typeof Cheerio>('cheerio');

/**
 * Reads a news listing page with configured CSS selectors. Each selector is relative to one item;
 * a date comes from a `datetime` or `content` attribute when a match has one, else from the text.
 */
export function parseHtmlListing(page: string | CheerioAPI, selectors: HtmlSelectors): RawEntry[] {
  const $ = typeof page === 'string' ? cheerio().load(page) : page;
  const entries: RawEntry[] = [];
  $(selectors.item).each((_, element) => {
    const item = $(element);
    const titleNode = item.find(selectors.title).first();
    const linkNode = item.find(selectors.link).first();
    const title = titleNode.text().trim();
    const link = linkNode.attr('href')?.trim();
    if (!title || !link) return;
    let published: string | undefined;
    if (selectors.date) {
      // Of the matches, one with a machine-readable date is preferred, wherever it stands.
      const matches = item.find(selectors.date);
      const dated = matches
        .filter((_, node) => $(node).attr('datetime') !== undefined || $(node).attr('content') !== undefined)
        .first();
      const dateNode = dated.length > 0 ? dated : matches.first();
      published = dateNode.attr('datetime') ?? dateNode.attr('content') ?? (dateNode.text().trim() || undefined);
    }
    const summary = selectors.summary ? item.find(selectors.summary).first().text().trim() : undefined;
    entries.push({ link, title, summary, published, categories: [] });
  });
  return entries;
}
