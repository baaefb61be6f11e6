import { allCommands } from '../../commands/index.ts';
import { openApp, type App } from '../../src/app.ts';
import { classifyItem } from '../../src/classify/classify-item.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { startDiscord } from '../../src/discord/start-discord.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Item, RawEntry } from '../../src/sources/item.ts';
import { normaliseEntry } from '../../src/sources/normalise.ts';
import type { FakeDiscord } from './fake-discord.ts';

/** Settings that point the bot at a started fake Discord, on the given store. */
export function fakeDiscordConfig(fake: FakeDiscord, storeUrl: string): Config {
  return {
    ...loadConfig({}, { dotenv: false }),
    DISCORD_TOKEN: `${'x'.repeat(24)}.fake.${'y'.repeat(27)}`,
    DISCORD_APP_ID: fake.appId,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_BASE: fake.apiBase,
    STORE_URL: storeUrl,
  };
}

export interface BotOnFake {
  app: App;
  stop(): Promise<void>;
}

/**
 * The whole bot (its own in-memory store, the real discord.js client) logged in to a started fake
 * Discord, with these feed entries stored and classified as a poll would.
 */
export async function startBotOnFake(
  fake: FakeDiscord,
  entries: RawEntry[],
  sourceId = 'community-care',
): Promise<BotOnFake> {
  const app = await openApp({
    commands: allCommands,
    config: fakeDiscordConfig(fake, `memory:bot-on-fake-${fake.port}-${Date.now()}`),
    logger: silentLogger,
  });
  const now = new Date('2026-11-20T10:00:00Z');
  await app.items.addNew(
    entries.map((entry) =>
      classifyItem(app.classifier, normaliseEntry(entry, { sourceId, baseUrl: entry.link!, now }) as Item),
    ),
  );
  const bot = await startDiscord(app);
  return {
    app,
    async stop() {
      await bot.stop();
      await fake.stop();
      await app.close();
    },
  };
}
