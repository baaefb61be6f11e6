import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { runSourcesCheck } from '../src/sources/check-sources.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
// A day soon after the fixtures' newest stories, so that none looks stale.
const now = new Date('2024-05-20T12:00:00Z');

const PAY_SCALES =
  '/2022/05/23/care-review-urges-national-social-work-pay-scales-to-reward-expertise-and-boost-retention/';
const PSW_ARTICLES = [
  'government-rules-out-national-pay-scale-childrens-social',
  'government-urged-not-ignore-call-make-care-experience',
  'independent-reviewing-officers-do-they-have-future',
].map((slug) => `/about-social-work/psw-magazine/articles/${slug}`);
const PSW_ARTICLE_PAGE = `<!doctype html><html><head><meta property="og:type" content="article"><meta property="og:title" content="An article"></head>
<body><article><h1>An article</h1><p>Published by Professional Social Work magazine, 2 November, 2023</p><p>Text.</p></article></body></html>`;
// An article page that says how many readers responded, in a markup nothing reads comments from.
const COUNTED_NOT_READ = `<!doctype html><html><body><article><h1>Story</h1></article>
<div id="comments"><h3 class="comments-title">12 Responses to <em>Story</em></h3><div class="comment-widget" data-count="12"></div></div></body></html>`;

/** A fixture as the local server serves it: the real sites' addresses pointed at the server. */
function local(path: string): string {
  return fixture(path)
    .toString('utf8')
    .replace(
      /https:\/\/www\.(communitycare|basw)\.co\.uk|https:\/\/dieworkwear\.com|http:\/\/www\.heise\.de/g,
      server.baseUrl,
    );
}

const html = { 'content-type': 'text/html; charset=utf-8' };
const rss = { 'content-type': 'application/rss+xml; charset=utf-8' };

function sourcesFile(name: string, yaml: string): string {
  const file = dir.file(`${name}.yaml`);
  writeFileSync(file, `sources:\n${yaml}`);
  return file;
}

async function check(
  file: string,
  id?: string,
  contactUrl: string | null = 'https://example.org/contact',
): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  const ok = await runSourcesCheck({
    config: {
      SOURCES_FILE: file,
      ALLOW_PRIVATE_FEEDS: true,
      CONTACT_URL: contactUrl ?? undefined,
      TZ: 'Europe/London',
    },
    logger: silentLogger,
    id,
    write: (line) => lines.push(line),
    now,
  });
  // Every page read was the local server's: no test reaches the network.
  for (const url of lines.join(' ').match(/https?:\/\/[^\s)]+/g) ?? [])
    if (!url.startsWith('https://example.org/')) expect(url.startsWith(server.baseUrl), url).toBe(true);
  return { ok, lines };
}

let everyKind = '';

beforeAll(async () => {
  await server.start();
  server
    .route('/feed/', { headers: rss, body: local('feeds/community-care-wordpress.xml') })
    .route('/comments/feed/', { headers: rss, body: local('comments/community-care-site-comments-feed.xml') })
    .route(PAY_SCALES, { headers: html, body: local('comments/community-care-pay-scales-article-page.html') })
    .route('/psw/articles', { headers: html, body: local('feeds/advertises-feed.html') })
    .route('/about-social-work/psw-magazine/articles/feed', {
      headers: rss,
      body: local('feeds/psw-articles-feed.xml'),
    })
    .route('/psw/news', { headers: html, body: local('feeds/jsonld-itemlist.html') })
    .route('/psw/listing', { headers: html, body: local('feeds/drupal-listing.html') })
    .route('/counted/feed/', {
      headers: rss,
      body: `<?xml version="1.0"?><rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>T</title>
<item><title>Story</title><link>${server.baseUrl}/counted/story/</link><pubDate>Mon, 13 May 2024 09:00:00 GMT</pubDate><slash:comments>12</slash:comments></item></channel></rss>`,
    })
    .route('/counted/story/', { headers: html, body: COUNTED_NOT_READ })
    .route('/odd-dates/feed/', {
      headers: rss,
      body: `<?xml version="1.0"?><rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>T</title>
<item><title>Dated</title><link>${server.baseUrl}/odd-dates/1/</link><pubDate>Mon, 13 May 2024 09:00:00 GMT</pubDate><slash:comments>3</slash:comments></item>
<item><title>Undated</title><link>${server.baseUrl}/odd-dates/2/</link><pubDate>sometime last week</pubDate></item></channel></rss>`,
    })
    .route('/wordpress/feed/', { headers: rss, body: local('feeds/dieworkwear-wordpress-rss.xml') })
    .route('/2024/05/03/american-space-cowboys/', { headers: html, body: '<!doctype html><p>A post.</p>' })
    .route('/heise/atom', {
      headers: { 'content-type': 'application/atom+xml' },
      body: local('real-world-feeds/heise.atom'),
    })
    .route('/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html', {
      headers: html,
      body: '<!doctype html><p>Meldung.</p>',
    });
  for (const path of PSW_ARTICLES) server.route(path, { headers: html, body: PSW_ARTICLE_PAGE });
  const feed = (items: string) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;
  server
    .route('/future/feed', {
      headers: rss,
      body: feed(
        `<item><title>Dated</title><link>${server.baseUrl}/future/1</link><pubDate>Mon, 13 May 2024 09:00:00 GMT</pubDate></item>` +
          `<item><title>Ahead</title><link>${server.baseUrl}/future/2</link><pubDate>Sat, 01 Jan 2028 09:00:00 GMT</pubDate></item>`,
      ),
    })
    .route('/future/1', { headers: html, body: '<p>a</p>' })
    .route('/gone/feed', { status: 404, body: 'not here' })
    // An aggregator-like feed whose stories live on another host ("localhost", not 127.0.0.1), with no comment counts.
    .route('/elsewhere/feed', {
      headers: rss,
      body: feed(
        `<item><title>Off-site story</title><link>http://localhost:${new URL(server.baseUrl).port}/offsite/story</link><pubDate>Mon, 13 May 2024 09:00:00 GMT</pubDate></item>`,
      ),
    })
    .route('/offsite/story', { headers: html, body: '<p>another site</p>' })
    .route('/off/feed', {
      headers: rss,
      body: feed(
        `<item><title>S</title><link>${server.baseUrl}/future/1</link><pubDate>Mon, 13 May 2024 09:00:00 GMT</pubDate></item>`,
      ),
    });
  everyKind = sourcesFile(
    'every-kind',
    [
      `  - {id: community-care, name: Community Care, kind: rss, url: "${server.url('/feed/')}", commentsFeed: "${server.url('/comments/feed/')}"}`,
      `  - {id: psw-advertised, name: PSW advertised, kind: html, url: "${server.url('/psw/articles')}"}`,
      `  - {id: psw-jsonld, name: PSW news, kind: html, url: "${server.url('/psw/news')}"}`,
    ].join('\n'),
  );
});
// A server that answers with a status line no well-behaved server would send: terminal escapes in the reason phrase.
const hostile = createTcpServer((socket) =>
  socket.once('data', () =>
    socket.end('HTTP/1.1 404 \x1b[2J\x1b[31mOWNED\x1b[0m\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'),
  ),
);
beforeAll(() => new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve)));
afterAll(async () => {
  await new Promise((resolve) => hostile.close(resolve));
  await server.stop();
  dir.remove();
});

describe('sources check', () => {
  it('says how each kind of source was read, its stories, their dates and its comments', async () => {
    const { ok, lines } = await check(everyKind);
    const text = lines.join('\n');
    expect(ok).toBe(true);
    expect(lines[0]).toBe(
      `Reading 3 sources as care-review-bot/${version} (+https://example.org/contact); nothing is stored.`,
    );
    expect(text).toContain(
      'community-care (Community Care): ok: read via feed, 4 stories, 4 with a date, newest 14 May 2024 "Agency social work price caps',
    );
    // The site's comment feed, and the page of the story with the most comments.
    expect(text).toContain(
      `comments: 10 in the site comment feed · 35 of 35 counted on the article page ${server.baseUrl}${PAY_SCALES}`,
    );
    expect(text).toMatch(/psw-advertised \(PSW advertised\): ok: read via advertised feed, 3 stories, 3 with a date/);
    expect(text).toMatch(/psw-jsonld \(PSW news\): ok: read via JSON-LD, \d+ stories, \d+ with a date/);
    expect(text).not.toContain('!');
    expect(lines.at(-1)).toBe('3 sources checked: 3 ok.');
  });

  it('reads real WordPress and Atom feeds, and says when the newest story is over a year old', async () => {
    const file = sourcesFile(
      'real-feeds',
      [
        `  - {id: wordpress, name: WordPress, kind: rss, url: "${server.url('/wordpress/feed/')}"}`,
        `  - {id: heise, name: Heise, kind: rss, url: "${server.url('/heise/atom')}"}`,
      ].join('\n'),
    );
    const before = server.requests.length;
    const { ok, lines } = await check(file);
    expect(ok).toBe(true);
    expect(lines[1]).toBe(
      'wordpress (WordPress): ok: read via feed, 10 stories, 10 with a date, newest 3 May 2024 "American Space Cowboys"',
    );
    // Neither feed counts comments: no article page is read for them, as a poll would read none.
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/wordpress/feed/', '/heise/atom']);
    expect(lines.join('\n')).not.toContain('on the article page');
    expect(lines.join('\n')).toMatch(
      /heise \(Heise\): check: read via feed, \d+ stories, \d+ with a date, newest 1 Feb 2016 .*\n {2}! the newest story is from 1 Feb 2016: is this the page of current news\?/,
    );
  });

  it('asks for CONTACT_URL when it is not set', async () => {
    const { lines } = await check(everyKind, 'psw-jsonld', null);
    expect(lines.slice(0, 2)).toEqual([
      `Reading 1 source as care-review-bot/${version}; nothing is stored.`,
      'CONTACT_URL is not set: set it to a page where publishers can reach you, before polling real sites.',
    ]);
  });

  it('names the sources it knows when asked for one it does not', async () => {
    await expect(check(everyKind, 'nope')).rejects.toThrow(
      /^Unknown source "nope" in .+\. Its sources: community-care, psw-advertised, psw-jsonld$/,
    );
  });

  it('fails for a feed address that is a web page, and names the feed the page advertises', async () => {
    const file = sourcesFile(
      'page-as-feed',
      `  - {id: psw, name: PSW, kind: rss, url: "${server.url('/psw/articles')}"}\n`,
    );
    const { ok, lines } = await check(file);
    expect(ok).toBe(false);
    expect(lines[1]).toMatch(/^psw \(PSW\): FAILED, yields nothing: /);
    expect(lines[2]).toBe(
      `  ! the address is a web page that advertises the feed ${server.baseUrl}/about-social-work/psw-magazine/articles/feed: give that as its url, or make it kind: html`,
    );
  });

  it('fails, with a clear line, for a listing whose selectors match nothing', async () => {
    const file = sourcesFile(
      'no-match',
      `  - {id: psw, name: PSW, kind: html, url: "${server.url('/psw/listing')}", selectors: {item: .no-such-row, title: h2, link: a}}\n`,
    );
    const { ok, lines } = await check(file);
    expect(ok).toBe(false);
    expect(lines[1]).toBe(
      'psw (PSW): FAILED, yields nothing: no items matched the configured selectors (and the page advertises no feed and has no article data)',
    );
    expect(lines.at(-1)).toBe('1 source checked: 0 ok, 1 yielding nothing (psw).');
  });

  it('says when no story has a date, and when a page counts comments that cannot be read', async () => {
    const file = sourcesFile(
      'doubtful',
      [
        `  - {id: undated, name: Undated, kind: html, url: "${server.url('/psw/listing')}", selectors: {item: .view-content .views-row, title: .field--name-title, link: a}}`,
        `  - {id: counted, name: Counted, kind: rss, url: "${server.url('/counted/feed/')}"}`,
        `  - {id: odd-dates, name: Odd dates, kind: rss, url: "${server.url('/odd-dates/feed/')}"}`,
      ].join('\n'),
    );
    const { ok, lines } = await check(file);
    const text = lines.join('\n');
    expect(ok).toBe(true);
    expect(text).toMatch(/undated \(Undated\): check: read via selectors, \d+ stories, 0 with a date/);
    expect(text).toContain(
      '! no story has a date (name a date selector in the sources file); each would be dated when first seen',
    );
    expect(text).toContain(
      `! the article page counts 12 comments but none could be read from it (${server.baseUrl}/counted/story/)`,
    );
    expect(text).toContain('! 1 of 2 stories have no date: dates written as "sometime last week" could not be read');
    // The page of the story it counts comments on is not there: its link may be wrong.
    expect(text).toContain(
      `! the article page ${server.baseUrl}/odd-dates/1/ could not be read for comments: HTTP 404 Not Found`,
    );
    expect(lines.at(-1)).toBe('3 sources checked: 0 ok, 3 to check.');
  });

  it('at the command line: one source by id, storing nothing, sending the User-Agent, failing when it yields nothing', async () => {
    const store = dir.file('never-made.sqlite');
    const env = { SOURCES_FILE: everyKind, STORE_URL: `sqlite://${store}`, CONTACT_URL: 'https://example.org/contact' };
    const before = server.requests.length;
    const good = await runCli(['sources', 'check', 'psw-advertised'], env);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('psw-advertised (PSW advertised): ');
    expect(good.stdout).not.toContain('community-care');
    const seen = server.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    for (const request of seen)
      expect(request.headers['user-agent']).toBe(`care-review-bot/${version} (+https://example.org/contact)`);
    expect(existsSync(store)).toBe(false);

    const noMatch = dir.file('no-match.yaml');
    const bad = await runCli(['sources', 'check'], { ...env, SOURCES_FILE: noMatch });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('psw (PSW): FAILED, yields nothing: no items matched the configured selectors');
  });
});

describe('sources check on odd sources', () => {
  async function checkOne(yaml: string, id?: string): Promise<{ ok: boolean; text: string }> {
    const { ok, lines } = await check(sourcesFile(`odd-${Math.random().toString(36).slice(2)}`, yaml), id);
    return { ok, text: lines.join('\n') };
  }

  it('a story dated in the future is not reported as a date that "could not be read"', async () => {
    const { text } = await checkOne(`  - {id: future, name: Future, kind: rss, url: "${server.url('/future/feed')}"}`);
    // "Sat, 01 Jan 2028 09:00:00 GMT" is a well-formed RFC 822 date; the problem is that it is ahead of now.
    expect(text).toContain('1 of 2 stories have no date');
    expect(text).not.toMatch(/"Sat, 01 Jan 2028 09:00:00 GMT" could not be read/);
    expect(text).toContain('! 1 of 2 stories have no date: "Sat, 01 Jan 2028 09:00:00 GMT" is dated in the future');
  });

  it('reads a failing source once, not twice', async () => {
    const before = server.requestsTo('/gone/feed').length;
    const { ok, text } = await checkOne(`  - {id: gone, name: Gone, kind: rss, url: "${server.url('/gone/feed')}"}`);
    expect(ok).toBe(false);
    expect(text).toContain('HTTP 404');
    expect(server.requestsTo('/gone/feed').length - before).toBe(1);
  });

  it('reads no page on another host for a source that counts no comments (a poll never would)', async () => {
    const { text } = await checkOne(
      `  - {id: elsewhere, name: Elsewhere, kind: rss, url: "${server.url('/elsewhere/feed')}"}`,
    );
    expect(text).toContain('1 story');
    const offsite = server.requests.filter((r) => r.headers.host?.startsWith('localhost:'));
    expect(offsite.map((r) => `${r.headers.host}${r.path}`)).toEqual([]);
  });

  it('says that a source checked by its id is disabled, so its result is not taken for a live one', async () => {
    const { text } = await checkOne(
      `  - {id: off, name: Off, kind: rss, url: "${server.url('/off/feed')}", enabled: false}`,
      'off',
    );
    expect(text).toContain('off (Off)');
    expect(text).toMatch(/disabled|enabled: false/);
  });

  it("prints no terminal escapes from a hostile server's status line when a source fails", async () => {
    const port = (hostile.address() as AddressInfo).port;
    const { ok, text } = await checkOne(
      `  - {id: hostile, name: Hostile, kind: rss, url: "http://127.0.0.1:${port}/feed"}`,
    );
    expect(ok).toBe(false);
    expect(text).toContain('hostile (Hostile): FAILED');
    expect(text).not.toContain('\x1b');
  });
});
