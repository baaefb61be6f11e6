export interface FeedEntry {
  title: string;
  url: string;
  guid?: string;
  published: Date;
  summary?: string;
  comments?: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small WordPress-shaped RSS document, for tests that need feeds whose stories they choose. */
export function rssFeed(entries: FeedEntry[]): string {
  const items = entries.map(
    (e) =>
      `<item><title>${escapeXml(e.title)}</title><link>${escapeXml(e.url)}</link><guid isPermaLink="false">${escapeXml(e.guid ?? e.url)}</guid>` +
      `<pubDate>${e.published.toUTCString()}</pubDate><description>${escapeXml(e.summary ?? `${e.title}.`)}</description>` +
      (e.comments === undefined
        ? ''
        : `<wfw:commentRss>${escapeXml(e.url)}feed/</wfw:commentRss><slash:comments>${e.comments}</slash:comments>`) +
      '</item>',
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>Test feed</title><link>https://news.example.org/</link><description>Test</description>${items.join('')}</channel></rss>`;
}
