import { allCommands } from '../../commands/index.ts';
import { openApp, type App } from '../../src/app.ts';
import { deliverPending } from '../../src/delivery/deliver.ts';
import { Outbox } from '../../src/delivery/outbox.ts';
import { discordMessenger } from '../../src/discord/discord-messenger.ts';
import { startDiscord } from '../../src/discord/start-discord.ts';
import { silentLogger } from '../../src/logger.ts';
import { proposeFromNewItems } from '../../src/proposals/propose-new-items.ts';
import type { Item } from '../../src/sources/item.ts';
import type { FakeDiscord } from './fake-discord.ts';
import { configOnFake, sourceNameOf } from './proposal-harness.ts';

/** The fake's channel as the review channel of its server, set by Alice. */
export function reviewChannelOnFake(app: App, fake: FakeDiscord, now: Date) {
  return app.context.settings.setChannel({
    guildId: fake.guildId,
    name: 'review-channel',
    value: fake.channelId,
    by: 'Alice',
    at: now.toISOString(),
  });
}

/**
 * The bot started with the real client on the fake Discord, the fake's channel as the review
 * channel of its editor server, and `pollCycle`: what the bot runs after a poll (propose from the
 * new stories, then deliver the outbox to Discord).
 */
export async function proposalsOnFake(fake: FakeDiscord, now: Date) {
  await fake.start();
  const app = await openApp({
    commands: allCommands,
    config: configOnFake(fake),
    logger: silentLogger,
    now: () => now,
  });
  const bot = await startDiscord(app);
  await reviewChannelOnFake(app, fake, now);
  async function pollCycle(items: Item[]) {
    const outbox = new Outbox(app.store);
    await proposeFromNewItems(
      {
        store: app.store,
        tracker: app.tracker,
        settings: app.context.settings,
        outbox,
        editorGuilds: [fake.guildId],
        sourceName: sourceNameOf,
        logger: silentLogger,
        now: () => now,
      },
      items,
    );
    return deliverPending({
      outbox,
      messenger: discordMessenger(bot.client),
      locks: app.store.locks,
      logger: silentLogger,
    });
  }
  return { app, bot, pollCycle };
}

export type ProposalsOnFake = Awaited<ReturnType<typeof proposalsOnFake>>;
