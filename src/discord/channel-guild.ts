import { DiscordAPIError, RESTJSONErrorCodes, Routes, type Client } from 'discord.js';
import type { APIChannel } from 'discord-api-types/v10';
import type { ChannelGuildLookup } from '../jobs/digest-deps.ts';

const OUT_OF_REACH = new Set<number | string>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
]);

/** Which server a channel belongs to, asked of Discord (GET /channels/{id}, which names its guild_id). */
export function channelGuildLookup(client: Client): ChannelGuildLookup {
  return async (channelId) => {
    try {
      const channel = (await client.rest.get(Routes.channel(channelId))) as APIChannel;
      return 'guild_id' in channel && channel.guild_id ? channel.guild_id : undefined;
    } catch (error) {
      if (error instanceof DiscordAPIError && OUT_OF_REACH.has(error.code)) return undefined;
      throw error;
    }
  };
}
