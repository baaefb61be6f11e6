import type { Client } from 'discord.js';
import type { App } from '../app.ts';
import type { ChannelMessenger } from '../delivery/deliver.ts';
import type { ChannelGuildLookup } from '../jobs/digest-deps.ts';
import { channelGuildLookup } from './channel-guild.ts';
import { discordMessenger } from './discord-messenger.ts';
import { startDiscord } from './start-discord.ts';

/** A live connection to Discord and what the running bot uses it for. */
export interface DiscordConnection {
  client: Client;
  /** Posts to channels. */
  messenger: ChannelMessenger;
  /** Which server a channel belongs to. */
  guildOf: ChannelGuildLookup;
  stop(): Promise<void>;
}

/**
 * Logs in and answers commands. `start` loads this module only when DISCORD_TOKEN is set, so the
 * terminal bot never loads discord.js.
 */
export async function connectDiscord(app: App): Promise<DiscordConnection> {
  const started = await startDiscord(app);
  const { client } = started;
  return {
    client,
    messenger: discordMessenger(client),
    guildOf: channelGuildLookup(client),
    stop: () => started.stop(),
  };
}
