import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const TOPICS = [
  'kinship care allowance',
  'foster carer recruitment',
  'agency social work caps',
  'family help pathfinder',
  'care leavers housing',
  'independent reviewing officers',
  "children's homes profits",
  'early career framework',
];

/** A WordPress-shaped RSS document with `items` stories, distinct per feed. */
export function syntheticFeed(feed: number, items: number): string {
  const entries: string[] = [];
  for (let i = 0; i < items; i++) {
    const topic = TOPICS[(feed + i) % TOPICS.length];
    const url = `https://news.example.org/${feed}/${i}/story-about-${topic!.replace(/\W+/g, '-')}/`;
    entries.push(`<item>
<title>Story ${feed}-${i}: councils report on ${topic} &#8211; what the review said</title>
<link>${url}?utm_source=rss&amp;utm_medium=rss</link>
<dc:creator><![CDATA[Reporter ${i % 7}]]></dc:creator>
<pubDate>${new Date(Date.UTC(2026, 0, 1) + (feed * items + i) * 3_600_000).toUTCString()}</pubDate>
<category><![CDATA[Children]]></category><category><![CDATA[Workforce]]></category>
<guid isPermaLink="false">https://news.example.org/?p=${feed * 1000 + i}</guid>
<description><![CDATA[<p>Directors of children&#8217;s services said the plans for ${topic} would need <strong>more funding</strong> and staff. [&#8230;]</p><p>The post <a href="${url}">Story</a> appeared first on <a href="https://news.example.org">News</a>.</p>]]></description>
<content:encoded><![CDATA[<p>Directors of children&#8217;s services said the plans for ${topic} would need more funding.</p><p>Social workers responded with concern about caseloads and about the timetable.</p>]]></content:encoded>
<wfw:commentRss>${url}feed/</wfw:commentRss>
<slash:comments>${i % 13}</slash:comments>
</item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>Feed ${feed}</title><link>https://news.example.org/</link><description>Bench feed</description>${entries.join('\n')}</channel></rss>`;
}

/** Serves `feeds` synthetic feeds on 127.0.0.1 at /feed/N, honouring ETag like a real site. */
export async function serveSyntheticFeeds(
  feeds: number,
  items: number,
): Promise<{ url(n: number): string; close(): Promise<void> }> {
  const bodies = Array.from({ length: feeds }, (_, n) => syntheticFeed(n, items));
  const server: Server = createServer((req, res) => {
    const n = Number(/^\/feed\/(\d+)$/.exec(req.url ?? '')?.[1]);
    const body = bodies[n];
    if (body === undefined) return void res.writeHead(404).end();
    const etag = `"feed-${n}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8', etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (n) => `http://127.0.0.1:${port}/feed/${n}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
