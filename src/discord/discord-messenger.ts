import { DiscordAPIError, Routes, type Client } from 'discord.js';
import type { APIMessage } from 'discord-api-types/v10';
import { PermanentDeliveryError, type ChannelMessenger, type SentMessage } from '../delivery/deliver.ts';
import type { OutgoingMessage } from '../delivery/outbox.ts';

// Discord's answers that will not change on a retry: no access, no permission, no such channel, a refused body.
const PERMANENT_CODES = new Set([10003, 50001, 50013, 50035, 50006]);

function classify(error: unknown): unknown {
  if (
    error instanceof DiscordAPIError &&
    (PERMANENT_CODES.has(Number(error.code)) || error.status === 403 || error.status === 404)
  ) {
    return new PermanentDeliveryError(`Discord refused the post: ${error.message} (code ${error.code})`);
  }
  return error;
}

/** Posts to channels through the client's REST manager (its rate limits and retries included). */
export function discordMessenger(client: Client): ChannelMessenger {
  return {
    async send(channelId: string, message: OutgoingMessage, nonce: string) {
      try {
        const sent = (await client.rest.post(Routes.channelMessages(channelId), {
          body: { ...message, allowed_mentions: { parse: [] }, nonce, enforce_nonce: true },
        })) as APIMessage;
        return { id: sent.id };
      } catch (error) {
        throw classify(error);
      }
    },
    async recent(channelId: string, limit: number): Promise<SentMessage[]> {
      try {
        const messages = (await client.rest.get(Routes.channelMessages(channelId), {
          query: new URLSearchParams({ limit: String(limit) }),
        })) as APIMessage[];
        return messages.map((m) => ({
          id: m.id,
          mine: m.author.id === client.user?.id,
          content: m.content,
          embeds: m.embeds,
        }));
      } catch (error) {
        throw classify(error);
      }
    },
  };
}
