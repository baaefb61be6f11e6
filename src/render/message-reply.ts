import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Reply } from './reply.ts';

/** A Discord message body as a face-neutral reply, so the terminal prints posts as it prints answers. */
export function messageAsReply(message: Pick<RESTPostAPIChannelMessageJSONBody, 'content' | 'embeds'>): Reply {
  return {
    ...(message.content ? { content: message.content } : {}),
    embeds: (message.embeds ?? []).map((e) => ({
      title: e.title,
      description: e.description,
      color: e.color,
      footer: e.footer?.text,
      fields: e.fields?.map((f) => ({ name: f.name, value: f.value, inline: f.inline })),
    })),
  };
}
