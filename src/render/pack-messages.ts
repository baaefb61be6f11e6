import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { truncate } from '../util/format.ts';
import { LIMITS } from './discord-limits.ts';
import { blockMarkdown, type Section } from './rich-text.ts';

/** A message body as the Discord API takes it, never able to ping anyone. */
export type MessagePayload = RESTPostAPIChannelMessageJSONBody & {
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
};

export interface PackOptions {
  /** Text for the footer of each message's last embed, e.g. "part 2 of 3". */
  footer?: (part: number, parts: number) => string;
}

// Kept free in every message for its footer, which is only known once all messages are packed.
const FOOTER_ROOM = 100;

interface Draft {
  embeds: APIEmbed[];
  total: number;
}

/**
 * Sections as as few Discord messages as every limit allows: a section's blocks fill an embed's
 * description, continue in another embed ("… (continued)") when it is full, and in a new message
 * when ten embeds or 6,000 characters are reached. A block is never split between embeds.
 */
export function packSections(sections: Section[], options: PackOptions = {}): MessagePayload[] {
  const budget = LIMITS.embedTotal - FOOTER_ROOM;
  const drafts: Draft[] = [{ embeds: [], total: 0 }];
  let current = drafts[0]!;
  const startEmbed = (title: string, colour: number | undefined, needs: number): APIEmbed => {
    if (current.embeds.length >= LIMITS.embeds || current.total + title.length + needs > budget) {
      current = { embeds: [], total: 0 };
      drafts.push(current);
    }
    const embed: APIEmbed = { title, ...(colour !== undefined ? { color: colour } : {}) };
    current.embeds.push(embed);
    current.total += title.length;
    return embed;
  };

  for (const section of sections) {
    const title = truncate(section.title, LIMITS.title);
    const continued = truncate(`${section.title} (continued)`, LIMITS.title);
    if (section.blocks.length === 0) {
      startEmbed(title, section.colour, 0);
      continue;
    }
    let embed: APIEmbed | undefined;
    for (const block of section.blocks) {
      const text = blockMarkdown(block, LIMITS.description);
      const separator = embed?.description ? 1 : 0;
      const fits =
        embed &&
        (embed.description?.length ?? 0) + separator + text.length <= LIMITS.description &&
        current.total + separator + text.length <= budget;
      if (!fits) {
        embed = startEmbed(embed ? continued : title, section.colour, text.length);
        embed.description = text;
        current.total += text.length;
      } else {
        embed!.description = embed!.description ? `${embed!.description}\n${text}` : text;
        current.total += separator + text.length;
      }
    }
  }

  const used = drafts.filter((d) => d.embeds.length > 0);
  return used.map((draft, index) => {
    if (options.footer)
      draft.embeds[draft.embeds.length - 1]!.footer = {
        text: truncate(options.footer(index + 1, used.length), FOOTER_ROOM),
      };
    return { embeds: draft.embeds, allowed_mentions: { parse: [] } };
  });
}
