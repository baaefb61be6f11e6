import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { findCommand } from '../commands/index.ts';
import type { SourceOutcome } from '../src/sources/poll.ts';
import { formatDate } from '../src/util/format.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { member, openTestApp, run, runReply, writeSourcesFile } from './helpers/feeds-app.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
let sourcesFile = '';
let app: App;

const rss = { 'content-type': 'application/rss+xml; charset=UTF-8' };
const html = { 'content-type': 'text/html; charset=utf-8' };

beforeAll(async () => {
  await server.start();
  server
    .route('/cc/feed/', { headers: rss, body: fixture('feeds/community-care-wordpress.xml') })
    .route('/psw/articles', { headers: html, body: fixture('feeds/advertises-feed.html') })
    .route('/about-social-work/psw-magazine/articles/feed', {
      headers: rss,
      body: fixture('feeds/psw-articles-feed.xml'),
    })
    .route('/drupal/articles', { headers: html, body: fixture('feeds/drupal-listing.html') })
    .route('/hostile/feed', { headers: rss, body: fixture('feeds/hostile-titles.xml') })
    .route('/atom', {
      headers: { 'content-type': 'application/atom+xml' },
      body: fixture('real-world-feeds/heise.atom'),
    })
    .route('/plain', { headers: { 'content-type': 'text/plain' }, body: 'Nothing to see here.' })
    .route('/malformed', { headers: rss, body: '<?xml version="1.0"?><rss><channel><item><title>Cut' })
    .route('/slow', { delayMs: 4_000, headers: rss, body: fixture('feeds/community-care-wordpress.xml') });
  sourcesFile = writeSourcesFile(dir.file('sources.yaml'), { 'community-care': server.url('/cc/feed/') });
  app = await openTestApp(sourcesFile);
});
afterAll(async () => {
  await app.close();
  await server.stop();
  dir.remove();
});

const ids = () => app.sources.map((s) => s.id);
const byId = (outcomes: SourceOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.sourceId, o]));
async function pollNow(): Promise<Record<string, SourceOutcome>> {
  const run = await app.poll({ wait: true, force: true });
  return byId(run.ran ? run.value : []);
}

describe('/feeds changes the sources for editors; its list is for any server’s moderators too', () => {
  it('is hidden from members by default and answers privately', () => {
    const feeds = findCommand('feeds')!;
    expect(feeds.definition.default_member_permissions).toBe('32'); // Manage Server
    expect(feeds.answersPrivately).toBe(true);
  });

  it.each(['list', 'add', 'remove', 'test', 'resume'])(
    'refuses /feeds %s to a member without Manage Server, on the server side',
    async (subcommand) => {
      const reply = await runReply(app, 'feeds', {
        subcommand,
        options: { url: server.url('/atom'), name: 'Heise', id: 'community-care' },
        user: member,
      });
      expect(reply).toEqual({
        ephemeral: true,
        failed: true,
        content:
          subcommand === 'list'
            ? "Only members with the Manage Server permission, or the bot's editors, can use /feeds list."
            : `Only the bot's editors can use /feeds ${subcommand}: they look after what every server shares (the tracker, proposals and sources), and are the members with Manage Server in the editor server.`,
      });
      expect(ids()).toEqual(['community-care']);
    },
  );
});

describe('/feeds test', () => {
  it('checks a feed and shows its first titles without storing anything', async () => {
    const reply = await runReply(app, 'feeds', { subcommand: 'test', options: { url: server.url('/cc/feed/') } });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(
      'reads as a feed with 4 items. The first:\n• Care review urges national social work pay scales to reward expertise and boost retention',
    );
    expect(reply.content).toContain('Nothing was stored');
    expect(await app.registry.entries()).toHaveLength(1);
  });

  it('finds the feed an HTML page advertises and reads that instead', async () => {
    const text = await run(app, 'feeds', { subcommand: 'test', options: { url: server.url('/psw/articles') } });
    expect(text).toContain(
      `The page advertises a feed, <${server.url('/about-social-work/psw-magazine/articles/feed')}>, which reads as a feed`,
    );
    expect(text).toContain('3 items');
    expect(text).toContain("• Government rules out national pay scale for children's social workers");
  });

  it('shows hostile titles as plain text: no markdown link, no control characters', async () => {
    const reply = await runReply(app, 'feeds', { subcommand: 'test', options: { url: server.url('/hostile/feed') } });
    expect(reply.content).toContain('• Council fined\\]\\(https\\://evil.example/login\\) \\[see guidance');
    expect(reply.content).not.toMatch(/[\u0000-\u0008\u001b\u0007]/);
  });

  it.each([
    [
      'an address that is not http(s)',
      'ftp://files.example.org/feed.xml',
      'Give the full address of a feed or news page, starting with http:// or https://',
    ],
    ['an address with a user name', 'https://user:secret@news.example.org/feed', 'no user name or password'],
    ['a page that advertises no feed', '/drupal/articles', 'That address is a web page that advertises no feed'],
    ['a page that is not a feed', '/plain', 'That address does not read as an RSS or Atom feed'],
    ['a malformed feed', '/malformed', 'does not read as an RSS or Atom feed: malformed feed'],
    ['a feed that does not answer in time', '/slow', 'Could not read that address: timed out after 2s'],
    ['an address that is not there', '/missing', 'Could not read that address: HTTP 404'],
  ])('refuses %s, saying why', async (_name, url, reason) => {
    const text = await run(app, 'feeds', {
      subcommand: 'test',
      options: { url: url.startsWith('/') ? server.url(url) : url },
    });
    expect(text).toContain(reason);
  });

  it('refuses a URL over 2,048 characters before fetching anything', async () => {
    const before = server.requests.length;
    const text = await run(app, 'feeds', {
      subcommand: 'test',
      options: { url: `${server.url('/cc/feed/')}?${'a'.repeat(2_048)}` },
    });
    expect(text).toMatch(/That URL is 2,\d{3} characters long; the limit is 2,048/);
    expect(server.requests.length).toBe(before);
  });
});

describe('/feeds add, list, remove and resume', () => {
  it('adds a feed under an id made from its name, and the next poll stores its stories quietly', async () => {
    const text = await run(app, 'feeds', {
      subcommand: 'add',
      options: { url: server.url('/atom'), name: 'Heise   online' },
    });
    expect(text).toContain(`Added Heise online as heise-online: <${server.url('/atom')}>.`);
    expect(text).toContain('15 current items are stored quietly at the next poll and never announced');
    expect(ids()).toEqual(['community-care', 'heise-online']);

    const outcomes = await pollNow();
    expect(outcomes['heise-online']).toMatchObject({ status: 'fetched', backfill: true, seen: 15 });
    expect(app.items.list({ sourceId: 'heise-online' })).toHaveLength(15);
    // Its name in /items and in the source autocomplete.
    expect(await run(app, 'items', { options: { source: 'heise-online', limit: 1 } })).toContain(
      'Latest from Heise online',
    );
    const choices = await findCommand('items')!.autocomplete!(app.context, {
      options: {},
      user: member,
      focused: { name: 'source', value: 'heise' },
    });
    expect(choices).toEqual([{ name: 'Heise online', value: 'heise-online' }]);
  });

  it('adds the feed a page advertises, and refuses the same feed twice', async () => {
    const text = await run(app, 'feeds', {
      subcommand: 'add',
      options: { url: server.url('/psw/articles'), name: 'PSW magazine' },
    });
    expect(text).toContain(`as psw-magazine: <${server.url('/about-social-work/psw-magazine/articles/feed')}>`);
    expect(text).toContain('(the feed the page advertises)');
    const [record] = (await app.registry.entries()).filter((e) => e.source.id === 'psw-magazine');
    expect(record!.source).toEqual({
      id: 'psw-magazine',
      name: 'PSW magazine',
      kind: 'rss',
      url: server.url('/about-social-work/psw-magazine/articles/feed'),
      enabled: true,
    });
    expect(record!.record!.added).toMatchObject({ by: 'Mod', pageUrl: server.url('/psw/articles') });

    expect(
      await run(app, 'feeds', { subcommand: 'add', options: { url: server.url('/psw/articles'), name: 'PSW again' } }),
    ).toBe('That feed is already polled (psw-magazine: PSW magazine).');
    expect(await run(app, 'feeds', { subcommand: 'add', options: { url: server.url('/cc/feed/'), name: 'CC' } })).toBe(
      'That feed is already polled (community-care: community-care news).',
    );
  });

  it('gives a second feed of the same name its own id', async () => {
    const text = await run(app, 'feeds', {
      subcommand: 'add',
      options: { url: server.url('/hostile/feed'), name: 'Heise online' },
    });
    expect(text).toContain('as heise-online-2');
    expect(await run(app, 'feeds', { subcommand: 'remove', options: { id: 'heise-online-2' } })).toContain(
      'Removed Heise online (heise-online-2)',
    );
  });

  it('checks and escapes the name: at most 100 characters, no markdown, no mentions', async () => {
    expect(
      await run(app, 'feeds', {
        subcommand: 'add',
        options: { url: server.url('/hostile/feed'), name: 'x'.repeat(101) },
      }),
    ).toBe('That name is 101 characters long; the limit is 100.');
    expect(
      await run(app, 'feeds', { subcommand: 'add', options: { url: server.url('/hostile/feed'), name: ' \u0007 ' } }),
    ).toContain('Give the feed a name');
    const reply = await runReply(app, 'feeds', {
      subcommand: 'add',
      options: {
        url: server.url('/hostile/feed?edition=uk'),
        name: '**Hostile** [news](https://evil.example) @everyone',
      },
    });
    expect(reply.content).toContain(
      'Added **\\*\\*Hostile\\*\\* \\[news\\]\\(https\\://evil.example\\) @everyone** as `hostile-news-https-evil-example-everyone`',
    );
    await run(app, 'feeds', { subcommand: 'remove', options: { id: 'hostile-news-https-evil-example-everyone' } });
  });

  it('lists every source with where it comes from and how it is doing', async () => {
    const reply = await runReply(app, 'feeds', { subcommand: 'list' });
    expect(reply.ephemeral).toBe(true);
    const entries = reply.embeds![0]!.entries!;
    expect(entries[0]).toBe(
      `• **community-care news** (\`community-care\`): read ${formatDate(new Date().toISOString())}\n  rss, sources file: <${server.url('/cc/feed/')}>`,
    );
    expect(entries.find((e) => e.includes('`heise-online`'))).toMatch(/read .*\n {2}rss, added by Mod on /);
    expect(entries.find((e) => e.includes('`psw-magazine`'))).toContain('not polled yet');
    expect(entries.find((e) => e.includes('`heise-online-2`'))).toContain('removed by Mod on');
  });

  it('removes an added feed: no longer polled, its stories kept; resume brings it back', async () => {
    const stored = app.items.list({ sourceId: 'heise-online' }).length;
    expect(await run(app, 'feeds', { subcommand: 'remove', options: { id: 'heise-online' } })).toBe(
      'Removed Heise online (heise-online): it is no longer polled. Its stored items are kept; /feeds resume heise-online polls it again.',
    );
    const requests = server.requestsTo('/atom').length;
    expect((await pollNow())['heise-online']).toBeUndefined();
    expect(server.requestsTo('/atom').length).toBe(requests);
    expect(app.items.list({ sourceId: 'heise-online' })).toHaveLength(stored);
    expect(await run(app, 'feeds', { subcommand: 'remove', options: { id: 'heise-online' } })).toBe(
      'Heise online (heise-online) is not polled already.',
    );

    expect(await run(app, 'feeds', { subcommand: 'resume', options: { id: 'heise-online' } })).toContain(
      'Heise online (heise-online) is a source again: it is polled at the next poll',
    );
    expect((await pollNow())['heise-online']).toMatchObject({ status: 'fetched', backfill: false });
  });

  it('disables a source of the sources file in the store, leaving the file as it is', async () => {
    const before = readFileSync(sourcesFile, 'utf8');
    expect(await run(app, 'feeds', { subcommand: 'remove', options: { id: 'community-care' } })).toBe(
      "community-care news (community-care) comes from the sources file, which is not edited: it is now disabled in the bot's store, so no instance polls it. Its stored items are kept; /feeds resume community-care enables it again.",
    );
    expect(readFileSync(sourcesFile, 'utf8')).toBe(before);
    expect((await pollNow())['community-care']).toBeUndefined();
    expect(app.sources.find((s) => s.id === 'community-care')).toMatchObject({ enabled: false });

    expect(await run(app, 'feeds', { subcommand: 'resume', options: { id: 'community-care' } })).toContain(
      'is a source again',
    );
    expect((await pollNow())['community-care']).toMatchObject({ status: 'fetched' });
  });

  it('answers an unknown or over-long id plainly', async () => {
    expect(await run(app, 'feeds', { subcommand: 'remove', options: { id: 'guardian' } })).toMatch(
      /^Unknown source "guardian"\. Sources: community-care, heise-online, psw-magazine, /,
    );
    expect(await run(app, 'feeds', { subcommand: 'resume', options: { id: 'x'.repeat(101) } })).toBe(
      'That id is 101 characters long; the limit is 100.',
    );
  });
});

describe('private addresses', () => {
  it('are refused for a new feed unless ALLOW_PRIVATE_FEEDS is set, and nothing is stored', async () => {
    const strict = await openTestApp(sourcesFile, { allowPrivateFeeds: false });
    try {
      const before = server.requestsTo('/atom').length;
      const text = await run(strict, 'feeds', {
        subcommand: 'add',
        options: { url: server.url('/atom'), name: 'Local feed' },
      });
      expect(text).toBe(
        'Could not read that address: refused: 127.0.0.1 is a loopback address (set ALLOW_PRIVATE_FEEDS=1 to allow private addresses).',
      );
      expect(server.requestsTo('/atom').length).toBe(before);
      expect(await strict.registry.entries()).toHaveLength(1);
      expect(
        await run(strict, 'feeds', {
          subcommand: 'test',
          options: { url: 'http://169.254.169.254/latest/meta-data/' },
        }),
      ).toContain('refused: 169.254.169.254 is a link-local address');
    } finally {
      await strict.close();
    }
  });
});
