import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { deliverPending, type ChannelMessenger } from '../src/delivery/deliver.ts';
import type { OutgoingMessage } from '../src/delivery/outbox.ts';
import { digestJobDeps, digestTargets } from '../src/jobs/digest-deps.ts';
import { catchUpDigest, lastScheduledAt, LAST_DIGEST_KEY, runDigest } from '../src/jobs/digest-job.ts';
import { silentLogger } from '../src/logger.ts';
import { messageLimitProblems } from '../src/render/discord-limits.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { rssFeed } from './helpers/rss-feed.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

const GUILD = '100000000000000001';
const DIGEST_CHANNEL = '200000000000000002';
const ALERT_CHANNEL = '200000000000000003';

class RecordingChannel implements ChannelMessenger {
  posts: Array<{ channelId: string; message: OutgoingMessage }> = [];
  async send(channelId: string, message: OutgoingMessage) {
    this.posts.push({ channelId, message });
    return { id: String(this.posts.length) };
  }
  async recent() {
    return [];
  }
}

async function appOn(storeUrl: string, sourcesYaml?: string): Promise<App> {
  const env: Record<string, string> = { STORE_URL: storeUrl, ALLOW_PRIVATE_FEEDS: '1' };
  if (sourcesYaml) {
    const file = dir.file(`sources-${randomUUID()}.yaml`);
    (await import('node:fs')).writeFileSync(file, sourcesYaml);
    env.SOURCES_FILE = file;
  }
  return openApp({ config: loadConfig(env, { dotenv: false }), logger: silentLogger });
}

function jobs(app: App, channel: RecordingChannel) {
  const deliver = () =>
    deliverPending({ outbox: app.outbox, messenger: channel, locks: app.store.locks, logger: silentLogger });
  return { deliver, deps: digestJobDeps(app, { targets: () => digestTargets(app, [GUILD]), deliver }) };
}

describe('the weekly digest is posted exactly once', () => {
  it('posts last week’s digest once to the server’s digest channel, however often the schedule fires and from however many processes', async () => {
    const url = `sqlite://${dir.file('digest-once.sqlite')}`;
    const [one, two] = [await appOn(url), await appOn(url)];
    await one.settings.setChannel({
      guildId: GUILD,
      name: 'digest-channel',
      value: DIGEST_CHANNEL,
      by: 'Mod',
      at: '2026-11-01T00:00:00Z',
    });
    const channel = new RecordingChannel();
    const monday = new Date('2026-11-23T09:00:00Z');
    await Promise.all([
      runDigest(jobs(one, channel).deps, monday),
      runDigest(jobs(two, channel).deps, monday),
      runDigest(jobs(one, channel).deps, monday),
    ]);
    await jobs(two, channel).deliver();
    const titles = channel.posts.map((p) => p.message.embeds?.[0]?.title);
    expect(titles).toEqual(['Care review digest · Mon 16 – Sun 22 Nov 2026']);
    expect(channel.posts[0]!.channelId).toBe(DIGEST_CHANNEL);
    for (const post of channel.posts) expect(messageLimitProblems(post.message as never)).toEqual([]);
    await one.close();
    await two.close();
  });

  it('catches up a digest that fell due while the bot was down, once, and posts nothing on a first ever start', async () => {
    const app = await appOn(`memory:catch-up-${randomUUID()}`, undefined);
    await app.settings.setChannel({
      guildId: GUILD,
      name: 'digest-channel',
      value: DIGEST_CHANNEL,
      by: 'Mod',
      at: '2026-11-01T00:00:00Z',
    });
    const channel = new RecordingChannel();
    const { deps } = jobs(app, channel);
    // First start ever, on a Wednesday: nothing is posted, the last slot is noted.
    expect(await catchUpDigest(deps, new Date('2026-11-18T12:00:00Z'))).toBe(false);
    expect(await app.store.collection<string>('meta').get(LAST_DIGEST_KEY)).toBe('2026-11-16T09:00:00.000Z');
    // The bot is down over Monday 23 Nov 09:00 and comes back on Tuesday.
    expect(await catchUpDigest(deps, new Date('2026-11-24T08:00:00Z'))).toBe(true);
    expect(channel.posts.map((p) => p.message.embeds?.[0]?.title)).toEqual([
      'Care review digest · Mon 16 – Sun 22 Nov 2026',
    ]);
    // A restart the same day posts nothing more.
    expect(await catchUpDigest(deps, new Date('2026-11-24T08:05:00Z'))).toBe(false);
    expect(channel.posts).toHaveLength(1);
    await app.close();
  });

  it('a digest printed at a terminal on the same store does not use up the Discord bot’s catch-up', async () => {
    const app = await appOn(`memory:terminal-vs-discord-${randomUUID()}`, undefined);
    await app.settings.setChannel({
      guildId: GUILD,
      name: 'digest-channel',
      value: DIGEST_CHANNEL,
      by: 'Mod',
      at: '2026-11-01T00:00:00Z',
    });
    const channel = new RecordingChannel();
    const { deps } = jobs(app, channel);
    await catchUpDigest(deps, new Date('2026-11-18T12:00:00Z'));
    const printed: string[] = [];
    await runDigest({ ...deps, print: (text) => printed.push(text) }, new Date('2026-11-23T09:00:00Z'));
    expect(printed).toHaveLength(1);
    expect(await catchUpDigest(deps, new Date('2026-11-23T12:00:00Z'))).toBe(true);
    expect(channel.posts).toHaveLength(1);
    await app.close();
  });

  it('finds the schedule slot in the configured zone across the clock change', () => {
    expect(lastScheduledAt('0 9 * * 1', 'Europe/London', new Date('2026-10-26T12:00:00Z')).toISOString()).toBe(
      '2026-10-26T09:00:00.000Z',
    );
    expect(lastScheduledAt('0 9 * * 1', 'Europe/London', new Date('2026-10-19T12:00:00Z')).toISOString()).toBe(
      '2026-10-19T08:00:00.000Z',
    );
  });
});

describe('alerts on watched themes', () => {
  it('posts new stories on a watched theme once to the watching channel after a poll, never the backfill', async () => {
    let entries = [
      {
        title: 'Kinship carers to get paid leave, government confirms',
        url: 'https://news.example.org/kinship-leave/',
        published: new Date('2026-11-20T09:00:00Z'),
      },
    ];
    server.route('/alerts/feed', {
      handle: (_, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(entries)),
    });
    const app = await appOn(
      `memory:alerts-${randomUUID()}`,
      `sources:\n  - {id: cc, name: Community Care, kind: rss, url: "${server.url('/alerts/feed')}"}\n`,
    );
    await app.settings.addWatch({
      guildId: GUILD,
      channelId: ALERT_CHANNEL,
      kind: 'theme',
      key: 'kinship-care',
      by: 'Mod',
      at: '2026-11-01T00:00:00Z',
    });
    const channel = new RecordingChannel();
    const { deliver } = jobs(app, channel);
    await app.poll();
    await deliver();
    expect(channel.posts).toEqual([]); // the first poll is backfill
    entries = [
      ...entries,
      {
        title: 'Special guardianship support: kinship carers forced out of work',
        url: 'https://news.example.org/kinship-work/',
        published: new Date('2026-11-21T09:00:00Z'),
      },
      {
        title: 'NHS doctors strike over pay',
        url: 'https://news.example.org/nhs/',
        published: new Date('2026-11-21T10:00:00Z'),
      },
    ];
    await app.poll({ force: true });
    await deliver();
    await deliver();
    expect(channel.posts).toHaveLength(1);
    expect(channel.posts[0]!.channelId).toBe(ALERT_CHANNEL);
    const text = JSON.stringify(channel.posts[0]!.message);
    expect(text).toContain('kinship carers forced out of work');
    expect(text).not.toContain('NHS doctors');
    expect(text).toContain('watched: theme kinship-care');
    await app.close();
  });
});

describe('reader comments', () => {
  const article = () => server.url('/2022/05/23/care-review-urges-national-social-work-pay-scales/');
  beforeAll(() => {
    server
      .route('/2022/05/23/care-review-urges-national-social-work-pay-scales/', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: fixture('comments/community-care-pay-scales-article-page.html'),
      })
      .route('/comments/feed/', {
        headers: { 'content-type': 'application/rss+xml' },
        body: fixture('comments/community-care-site-comments-feed.xml'),
      })
      .route('/comments-test/feed', {
        handle: (_, res) =>
          void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
            rssFeed([
              {
                title: 'Care review urges national social work pay scales',
                url: article(),
                published: new Date(Date.now() - 2 * 86_400_000),
                comments: 35,
              },
            ]),
          ),
      });
  });

  it('reads an article’s comment section when its count is ahead of what is stored, and stores each comment once', async () => {
    const app = await appOn(
      `memory:comments-${randomUUID()}`,
      `sources:\n  - {id: cc, name: Community Care, kind: rss, url: "${server.url('/comments-test/feed')}"}\n`,
    );
    await app.poll();
    const onArticle = await app.comments.forArticles([article()]);
    expect(onArticle).toHaveLength(35);
    expect(onArticle.every((c) => c.author.length > 0 && c.text.length > 0 && c.classification !== undefined)).toBe(
      true,
    );
    await app.poll({ force: true });
    expect(app.lastComments).toMatchObject({ added: 0, read: 0 });
    await app.close();
  });

  it('reads the site-wide comment feed with each poll', async () => {
    const app = await appOn(
      `memory:site-comments-${randomUUID()}`,
      `sources:\n  - {id: cc, name: Community Care, kind: rss, url: "${server.url('/comments-test/feed')}", commentsFeed: "${server.url('/comments/feed/')}"}\n`,
    );
    const requests = () => server.requestsTo('/comments/feed/').length;
    const before = requests();
    await app.poll();
    expect(requests()).toBe(before + 1);
    const urls = [
      ...new Set((await app.comments.publishedBetween('2000-01-01', '2100-01-01')).map((c) => c.articleUrl)),
    ];
    expect(urls).toContain(
      'https://www.communitycare.co.uk/2022/05/23/care-review-urges-national-social-work-pay-scales-to-reward-expertise-and-boost-retention/',
    );
    await app.close();
  });
});

describe('stored means announced, even after a failure between the two', () => {
  it('a failed write of the dedup keys leaves the stories new for the next poll, which stores and announces them', async () => {
    const url = `memory:half-write-${randomUUID()}`;
    let entries = [
      {
        title: 'Foster carer allowance review launched',
        url: 'https://news.example.org/a/',
        published: new Date('2026-11-20T09:00:00Z'),
      },
    ];
    server.route('/half-write/feed', {
      handle: (_, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(entries)),
    });
    const app = await appOn(
      url,
      `sources:\n  - {id: cc, name: Community Care, kind: rss, url: "${server.url('/half-write/feed')}"}\n`,
    );
    await app.settings.addWatch({
      guildId: GUILD,
      channelId: ALERT_CHANNEL,
      kind: 'theme',
      key: 'fostering',
      by: 'Mod',
      at: '2026-11-01T00:00:00Z',
    });
    await app.poll(); // backfill
    entries = [
      ...entries,
      {
        title: 'Foster carers to get higher national minimum allowance',
        url: 'https://news.example.org/b/',
        published: new Date('2026-11-21T09:00:00Z'),
      },
    ];
    const { memoryNamespaceMap } = await import('../src/store/open-store.ts');
    const dedup = memoryNamespaceMap(url, 'dedup');
    const realSet = dedup.set.bind(dedup);
    dedup.set = () => {
      throw new Error('disk full');
    };
    const failed = await app.poll({ force: true });
    dedup.set = realSet;
    expect(JSON.stringify(failed)).toContain('disk full');
    expect(app.items.list().map((i) => i.title)).not.toContain(
      'Foster carers to get higher national minimum allowance',
    );
    await app.poll({ force: true });
    const channel = new RecordingChannel();
    await jobs(app, channel).deliver();
    expect(app.items.list().map((i) => i.title)).toContain('Foster carers to get higher national minimum allowance');
    expect(channel.posts).toHaveLength(1);
    expect(JSON.stringify(channel.posts[0]!.message)).toContain('higher national minimum allowance');
    await app.close();
  });

  it('an alert that could not be queued is queued by the next poll, once', async () => {
    const url = `memory:alert-retry-${randomUUID()}`;
    let entries = [
      {
        title: 'Fostering story one',
        url: 'https://news.example.org/f1/',
        published: new Date('2026-11-20T09:00:00Z'),
      },
    ];
    server.route('/alert-retry/feed', {
      handle: (_, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(entries)),
    });
    const app = await appOn(
      url,
      `sources:\n  - {id: cc, name: Community Care, kind: rss, url: "${server.url('/alert-retry/feed')}"}\n`,
    );
    await app.settings.addWatch({
      guildId: GUILD,
      channelId: ALERT_CHANNEL,
      kind: 'theme',
      key: 'fostering',
      by: 'Mod',
      at: '2026-11-01T00:00:00Z',
    });
    await app.poll();
    entries = [
      ...entries,
      {
        title: 'Foster carer recruitment hubs to open in every region',
        url: 'https://news.example.org/f2/',
        published: new Date('2026-11-21T09:00:00Z'),
      },
    ];
    const { memoryNamespaceMap } = await import('../src/store/open-store.ts');
    const outboxMap = memoryNamespaceMap(url, 'outbox');
    const realSet = outboxMap.set.bind(outboxMap);
    outboxMap.set = () => {
      throw new Error('store busy');
    };
    await app.poll({ force: true });
    outboxMap.set = realSet;
    expect(await app.outbox.all()).toEqual([]);
    await app.poll({ force: true });
    await app.poll({ force: true });
    const entriesQueued = await app.outbox.all();
    expect(entriesQueued).toHaveLength(1);
    expect(JSON.stringify(entriesQueued[0]!.parts)).toContain('recruitment hubs');
    await app.close();
  });
});

describe('a story is announced once per channel', () => {
  it('after an alert run that failed half way, the next poll announces each story once in each channel', async () => {
    const url = `memory:alert-half-${randomUUID()}`;
    const story = (n: string, day: number) => ({
      title: `Kinship carers story ${n}`,
      url: `https://news.example.org/kin-${n}/`,
      published: new Date(Date.UTC(2026, 10, day, 9)),
    });
    let entries = [story('A', 18)];
    server.route('/alert-half/feed', {
      handle: (_, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(entries)),
    });
    const app = await appOn(
      url,
      `sources:\n  - {id: cc, name: Community Care, kind: rss, url: "${server.url('/alert-half/feed')}"}\n`,
    );
    app.onNewItems.length = 0;
    for (const channelId of ['200000000000000011', '200000000000000012'])
      await app.settings.addWatch({
        guildId: GUILD,
        channelId,
        kind: 'theme',
        key: 'kinship-care',
        by: 'Mod',
        at: '2026-11-01T00:00:00Z',
      });
    await app.poll();
    entries = [...entries, story('X', 19), story('Y', 20)];
    const original = app.outbox.enqueue.bind(app.outbox);
    let calls = 0;
    app.outbox.enqueue = async (entry) => {
      if (++calls === 2) throw new Error('store timeout');
      return original(entry);
    };
    await app.poll({ force: true });
    app.outbox.enqueue = original;
    entries = [...entries, story('Z', 21)];
    await app.poll({ force: true });
    const perChannel = new Map<string, string[]>();
    for (const entry of await app.outbox.all())
      perChannel.set(entry.channelId, [...(perChannel.get(entry.channelId) ?? []), ...(entry.refs ?? [])]);
    for (const refs of perChannel.values()) {
      expect(refs).toHaveLength(3);
      expect(new Set(refs).size).toBe(3);
    }
    expect(perChannel.size).toBe(2);
    await app.close();
  });
});

describe('an instance that dies while posting the digest', () => {
  it('leaves the digest in the outbox, and another instance posts it once', async () => {
    const url = `sqlite://${dir.file('digest-handover.sqlite')}`;
    const [a, b] = [await appOn(url), await appOn(url)];
    await a.settings.setChannel({
      guildId: GUILD,
      name: 'digest-channel',
      value: DIGEST_CHANNEL,
      by: 'Mod',
      at: '2026-11-01T00:00:00Z',
    });
    const channel = new RecordingChannel();
    // A prepares the digest and dies before sending it.
    await runDigest({ ...jobs(a, channel).deps, deliver: async () => undefined }, new Date('2026-11-23T09:00:00Z'));
    await a.close();
    expect(channel.posts).toEqual([]);
    // B's schedule fires for the same slot, and its delivery loop runs.
    await runDigest(jobs(b, channel).deps, new Date('2026-11-23T09:00:00Z'));
    await jobs(b, channel).deliver();
    expect(channel.posts.map((p) => p.message.embeds?.[0]?.title)).toEqual([
      'Care review digest · Mon 16 – Sun 22 Nov 2026',
    ]);
    await b.close();
  });
});

describe('the announcement ledger', () => {
  it('keeps every id when several sources add theirs at the same moment', async () => {
    const { AnnouncementLedger } = await import('../src/jobs/announcements.ts');
    const { openStore } = await import('../src/store/open-store.ts');
    const connection = await openStore(`sqlite://${dir.file('ledger.sqlite')}`, silentLogger);
    const ledger = new AnnouncementLedger(connection.collection<string[]>('meta'), 'alerts');
    const item = (id: string) => ({ id, backfill: false }) as never;
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => ledger.add([item(id)])));
    expect((await ledger.pending()).sort()).toEqual(['a', 'b', 'c', 'd']);
    await connection.close();
  });
});
