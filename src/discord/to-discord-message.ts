import type { APIEmbed } from 'discord-api-types/v10';
import { cutMarkdown, takeEntries } from '../render/cut-markdown.ts';
import { embedLength, LIMITS } from '../render/discord-limits.ts';
import type { Reply, ReplyEmbed } from '../render/reply.ts';
import { truncate } from '../util/format.ts';

export { LIMITS };

export const EPHEMERAL_FLAG = 1 << 6;

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  allowedMentions: { parse: [] };
  flags?: number;
}

/** How much of an embed may be kept: the room for its description (intro and entries) and how many fields. */
interface Room {
  description: number;
  fields: number;
}

/** The description and its entries within `room`, and the footer note when entries were left out. */
function fitDescription(embed: ReplyEmbed, room: number): { description: string; note?: string } {
  const intro = embed.description ? cutMarkdown(embed.description, room) : '';
  const entries = embed.entries ?? [];
  if (entries.length === 0) return { description: intro };
  const { text, shown } = takeEntries(entries, room - (intro ? intro.length + 1 : 0));
  const description = [intro, text].filter(Boolean).join('\n');
  if (shown === entries.length) return { description };
  return { description, note: `Showing ${shown} of ${entries.length}${embed.cutHint ? ` — ${embed.cutHint}` : ''}` };
}

// Embed titles, field names and footers show no links (footers no markdown at all): only field
// values, descriptions and content need link-safe cuts.
function fitEmbed(embed: ReplyEmbed, room: Room): APIEmbed {
  const out: APIEmbed = {};
  if (embed.title) out.title = cutMarkdown(embed.title, LIMITS.title);
  if (embed.url) out.url = embed.url;
  const { description, note } = fitDescription(embed, room.description);
  if (description) out.description = description;
  if (embed.color !== undefined) out.color = embed.color;
  if (embed.timestamp) out.timestamp = embed.timestamp;
  const footer = [note, embed.footer].filter(Boolean).join(' · ');
  if (footer) out.footer = { text: truncate(footer, LIMITS.footer) };
  const fields = (embed.fields ?? []).filter((f) => f.name.trim() && f.value.trim());
  if (fields.length > 0 && room.fields > 0) {
    out.fields = fields.slice(0, Math.min(room.fields, LIMITS.fields)).map((f) => ({
      name: cutMarkdown(f.name, LIMITS.fieldName),
      value: cutMarkdown(f.value, LIMITS.fieldValue),
      ...(f.inline ? { inline: true } : {}),
    }));
  }
  return out;
}

/**
 * Every embed within its own limits and all of them within the 6,000-character total: over it, the
 * last embeds lose fields from the end, then their descriptions are shortened (entries stay whole
 * and the footer says how many are shown).
 */
function fitEmbeds(source: ReplyEmbed[]): APIEmbed[] {
  const rooms: Room[] = source.map(() => ({ description: LIMITS.description, fields: LIMITS.fields }));
  const embeds = source.map((embed, i) => fitEmbed(embed, rooms[i]!));
  const excess = () => embeds.reduce((sum, e) => sum + embedLength(e), 0) - LIMITS.embedTotal;
  for (let i = embeds.length - 1; i >= 0 && excess() > 0; i--) {
    const room = rooms[i]!;
    while (excess() > 0 && (embeds[i]!.fields?.length ?? 0) > 0) {
      room.fields = embeds[i]!.fields!.length - 1;
      embeds[i] = fitEmbed(source[i]!, room);
    }
    // A shorter description can lengthen the footer note, so shorten until it fits.
    while (excess() > 0 && (embeds[i]!.description?.length ?? 0) > 0) {
      room.description = Math.max(0, Math.min(room.description, embeds[i]!.description!.length) - excess());
      embeds[i] = fitEmbed(source[i]!, room);
      if (room.description === 0) break;
    }
  }
  return embeds;
}

/**
 * A reply as a Discord message: every limit respected and every cut link-safe, no raw mentions
 * ever pinging anyone, ephemeral when asked. An empty reply (which Discord refuses) becomes a note.
 */
export function toDiscordMessage(reply: Reply): DiscordMessage {
  const embeds = fitEmbeds((reply.embeds ?? []).slice(0, LIMITS.embeds));
  let content = reply.content ? cutMarkdown(reply.content, LIMITS.content) : undefined;
  if (!content && embeds.length === 0) content = 'Nothing to show.';
  return {
    ...(content ? { content } : {}),
    embeds,
    allowedMentions: { parse: [] },
    ...(reply.ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
  };
}

export function fitChoices(choices: Array<{ name: string; value: string }>): Array<{ name: string; value: string }> {
  return choices
    .slice(0, LIMITS.choices)
    .map((c) => ({ name: truncate(c.name, LIMITS.choiceText), value: c.value.slice(0, LIMITS.choiceText) }));
}
