import { allCommands } from '../commands/index.ts';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app.ts';
import { deliverPending } from '../src/delivery/deliver.ts';
import { Outbox } from '../src/delivery/outbox.ts';
import { discordMessenger } from '../src/discord/discord-messenger.ts';
import { startDiscord } from '../src/discord/start-discord.ts';
import { silentLogger } from '../src/logger.ts';
import { FakeDiscord } from './helpers/fake-discord.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { rssFeed, type FeedEntry } from './helpers/rss-feed.ts';
import { configOnFake } from './helpers/proposal-harness.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { reviewChannelOnFake } from './helpers/proposals-on-fake.ts';

const dir = tempDir();
const feeds = new FixtureServer();
const fake = new FakeDiscord();
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  dir.remove();
});

describe('from a story in a feed to the tracker, through one poll and one click', () => {
  it('proposes “Government scraps plan to …” in the review channel after the poll that stores it; after Approve, /recommendation shows the new status with the story as source', async () => {
    const entries: FeedEntry[] = [
      {
        title: 'Kinship carers describe the cost of raising grandchildren',
        url: 'https://www.communitycare.co.uk/2026/11/10/kinship-carers-cost/',
        published: new Date('2026-11-10T09:00:00Z'),
      },
    ];
    await feeds
      .route('/feed/', {
        handle: (_request, response) =>
          response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(entries)),
      })
      .start();
    cleanups.push(() => feeds.stop());
    await fake.start();
    const sourcesFile = dir.file('sources.yaml');
    writeFileSync(
      sourcesFile,
      `sources:\n  - id: community-care\n    name: Community Care\n    kind: rss\n    url: ${feeds.url('/feed/')}\n    enabled: true\n`,
    );
    const now = new Date('2026-11-23T12:00:00Z');
    const app = await openApp({
      commands: allCommands,
      config: configOnFake(fake, { SOURCES_FILE: sourcesFile, ALLOW_PRIVATE_FEEDS: true }),
      logger: silentLogger,
      now: () => now,
    });
    cleanups.push(() => app.close());
    const bot = await startDiscord(app);
    cleanups.push(async () => {
      await bot.stop();
      await fake.stop();
    });
    await reviewChannelOnFake(app, fake, now);
    const outbox = new Outbox(app.store);
    // A poll proposes from the stories it stored; the bot then delivers what was queued.
    const pollCycle = async () => {
      const run = await app.poll();
      const stored = run.ran ? run.value.flatMap((o) => (o.status === 'fetched' ? o.added : [])) : [];
      await deliverPending({
        outbox,
        messenger: discordMessenger(bot.client),
        locks: app.store.locks,
        logger: silentLogger,
      });
      return { stored, pending: await app.context.proposals!.pending() };
    };

    // The first poll of a source stores what it has quietly, as backfill.
    const first = await pollCycle();
    expect(first.stored.map((i) => i.backfill)).toEqual([true]);
    expect(fake.channelMessages.get(fake.channelId) ?? []).toEqual([]);

    const story = {
      title: 'Government scraps plan to pay kinship carers an allowance',
      url: 'https://www.communitycare.co.uk/2026/11/20/government-scraps-kinship-allowance/',
      summary:
        'Ministers have dropped plans for a national allowance for kinship carers, the Department for Education confirmed.',
      published: new Date('2026-11-20T09:30:00Z'),
    };
    entries.unshift(story);
    const second = await pollCycle();
    expect(second.stored.map((i) => i.title)).toEqual([story.title]);
    expect(second.pending).toHaveLength(1);

    const [message] = fake.channelMessages.get(fake.channelId)!;
    const id = second.pending[0]!.id;
    expect(message!.embeds[0].title).toBe('Proposed update: Financial allowance for kinship carers');
    // The outlet, as the app names its source, and the link's real host come first, then the change.
    expect(message!.embeds[0].description.split('\n')[0]).toBe(
      '**Community Care** · communitycare.co.uk · 20 Nov 2026',
    );
    expect(message!.embeds[0].description).toContain(
      '**Would change:** Response: accepted in part → not taken forward',
    );
    expect(message!.embeds[0].description).toContain(`[${story.title}](${story.url})`);

    const click = await fake.answerTo(fake.click(message!.id, `proposal:${id}:approve`, { permissions: '32' }));
    expect(click.body.type).toBe(7);
    expect(message!.embeds[0].description).toContain('✅ **Approved** by Alice on 23 Nov 2026, 12:00');

    const show = await fake.answerTo(fake.chatInput('recommendation', 'show', { key: 'kinship-allowance' }));
    const embed = show.body.data.embeds[0];
    expect(embed.description).toContain('**Government response:** Not taken forward (since 20 Nov 2026)');
    expect(embed.fields[0]).toEqual({
      name: '20 Nov 2026 · Response: Not taken forward (update by Alice)',
      value: expect.stringContaining(`[${story.title}](${story.url})`),
    });
  });
});
