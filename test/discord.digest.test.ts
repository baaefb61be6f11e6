import { allCommands } from '../commands/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app.ts';
import { classifyItem } from '../src/classify/classify-item.ts';
import { deliverPending } from '../src/delivery/deliver.ts';
import { discordMessenger } from '../src/discord/discord-messenger.ts';
import { startDiscord } from '../src/discord/start-discord.ts';
import { enqueueAlerts } from '../src/jobs/alerts.ts';
import { digestJobDeps, digestTargets } from '../src/jobs/digest-deps.ts';
import { runDigest } from '../src/jobs/digest-job.ts';
import { silentLogger } from '../src/logger.ts';
import type { Item } from '../src/sources/item.ts';
import { normaliseEntry } from '../src/sources/normalise.ts';
import { fakeDiscordConfig } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord, messageProblems } from './helpers/fake-discord.ts';

const fake = new FakeDiscord();
const ALERT_CHANNEL = '200000000000000007';
const storeUrl = `memory:discord-digest-${Date.now()}`;
let app: App;
let bot: Awaited<ReturnType<typeof startDiscord>>;

async function start(): Promise<void> {
  const config = fakeDiscordConfig(fake, storeUrl);
  app = await openApp({ commands: allCommands, config, logger: silentLogger });
  bot = await startDiscord(app);
}

const deliver = () =>
  deliverPending({
    outbox: app.outbox,
    messenger: discordMessenger(bot.client),
    locks: app.store.locks,
    logger: silentLogger,
  });
const digestDeps = () =>
  digestJobDeps(app, { targets: () => digestTargets(app, [...bot.client.guilds.cache.keys()]), deliver });

beforeAll(async () => {
  await fake.start();
  await start();
  const now = new Date('2026-11-20T10:00:00Z');
  const entries = [
    {
      title: 'Kinship carers win paid leave in @everyone <@123> *_~`|> win](https://evil.example)',
      link: 'https://www.communitycare.co.uk/2026/11/18/kinship-leave/',
      published: '2026-11-18T09:00:00Z',
    },
    {
      title: 'Foster carer recruitment drive doubles applications',
      link: 'https://www.communitycare.co.uk/2026/11/19/fostering/',
      published: '2026-11-19T09:00:00Z',
    },
  ];
  await app.items.addNew(
    entries.map((entry) =>
      classifyItem(
        app.classifier,
        normaliseEntry(entry, { sourceId: 'community-care', baseUrl: entry.link, now }) as Item,
      ),
    ),
  );
  await app.settings.setChannel({
    guildId: fake.guildId,
    name: 'digest-channel',
    value: fake.channelId,
    by: 'Mod',
    at: '2026-11-01T00:00:00Z',
  });
  await app.settings.addWatch({
    guildId: fake.guildId,
    channelId: ALERT_CHANNEL,
    kind: 'theme',
    key: 'fostering',
    by: 'Mod',
    at: '2026-11-01T00:00:00Z',
  });
});
afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  await app?.close();
});

describe('digests and alerts through Discord', () => {
  it('posts the scheduled digest and an alert to the right channels, once, within every limit and pinging no one', async () => {
    await runDigest(digestDeps(), new Date('2026-11-23T09:00:00Z'));
    await enqueueAlerts(
      { outbox: app.outbox, sourceName: () => 'Community Care', now: new Date() },
      app.items.all().filter((i) => i.title.startsWith('Foster')),
      await app.settings.listWatches(),
    );
    await deliver();
    const digestPosts = fake.channelMessages.get(fake.channelId) ?? [];
    const alertPosts = fake.channelMessages.get(ALERT_CHANNEL) ?? [];
    expect(digestPosts).toHaveLength(1);
    expect(digestPosts[0]!.embeds[0].title).toBe('Care review digest · Mon 16 – Sun 22 Nov 2026');
    expect(JSON.stringify(digestPosts[0]!.embeds)).toContain('Foster carer recruitment drive doubles applications');
    expect(JSON.stringify(digestPosts[0]!.embeds)).not.toContain('](https://evil.example)');
    expect(alertPosts).toHaveLength(1);
    expect(JSON.stringify(alertPosts[0]!.embeds)).toContain('Foster carer recruitment');
    for (const post of fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/channels/'))) {
      expect(messageProblems(post.body)).toEqual([]);
      expect(post.body.allowed_mentions).toEqual({ parse: [] });
      expect(String(post.body.nonce).length).toBeLessThanOrEqual(25);
      expect(post.body.enforce_nonce).toBe(true);
    }
  });

  it('answers /digest privately, and public:true only for Manage Server', async () => {
    const mine = await fake.answerTo(fake.chatInput('digest', 'show', { period: 'last week' }));
    expect(JSON.stringify(mine.body)).toContain('Care review digest');
    expect(fake.publicMessages(mine.path.split('/')[2]!)).toEqual([]);
    const id = fake.chatInput('digest', 'show', { public: true });
    await fake.answerTo(id);
    expect(fake.publicMessages(id)).toEqual([]);
    expect(JSON.stringify(fake.messagesOf(id))).toContain('Only members with the Manage Server permission');
  });

  it('posts nothing again after a restart, and a 500 on the first send is retried and posted once', async () => {
    await bot.stop();
    await app.close();
    await start();
    await runDigest(digestDeps(), new Date('2026-11-23T09:00:00Z'));
    await deliver();
    expect(fake.channelMessages.get(fake.channelId)).toHaveLength(1);

    fake.failNext(/^\/channels\/\d+\/messages$/, 1, 500, 0, 'Internal Server Error');
    await runDigest(digestDeps(), new Date('2026-11-30T09:00:00Z'));
    await deliver();
    const pending = (await app.outbox.pending()).map((e) => e.id);
    const after = () => (fake.channelMessages.get(fake.channelId) ?? []).length;
    if (pending.length > 0) {
      const entry = (await app.outbox.get(pending[0]!))!;
      await app.outbox.save({ ...entry, nextAttemptAt: undefined });
      await deliver();
    }
    expect(after()).toBe(2);
    await deliver();
    expect(after()).toBe(2);
  });
});
