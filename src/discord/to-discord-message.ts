import type { APIEmbed } from 'discord-api-types/v10';
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

function fitEmbed(embed: ReplyEmbed): APIEmbed {
  const out: APIEmbed = {};
  if (embed.title) out.title = truncate(embed.title, LIMITS.title);
  if (embed.url) out.url = embed.url;
  if (embed.description) out.description = truncate(embed.description, LIMITS.description);
  if (embed.color !== undefined) out.color = embed.color;
  if (embed.timestamp) out.timestamp = embed.timestamp;
  if (embed.footer) out.footer = { text: truncate(embed.footer, LIMITS.footer) };
  const fields = (embed.fields ?? []).filter((f) => f.name.trim() && f.value.trim());
  if (fields.length > 0) {
    out.fields = fields.slice(0, LIMITS.fields).map((f) => ({
      name: truncate(f.name, LIMITS.fieldName),
      value: truncateLines(f.value, LIMITS.fieldValue),
      ...(f.inline ? { inline: true } : {}),
    }));
  }
  return out;
}

/** Cuts a multi-line value at a line break where it can, so no link is left half-cut. */
function truncateLines(value: string, max: number): string {
  if (value.length <= max) return value;
  const lines = value.split('\n');
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max - 2) break;
    kept.push(line);
    length += line.length + 1;
  }
  return kept.length > 0 ? `${kept.join('\n')}\n…` : truncate(value, max);
}

/** Keeps a message under the 6,000-character total by dropping the last fields, then shortening descriptions. */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  const total = () => embeds.reduce((sum, e) => sum + embedLength(e), 0);
  for (let i = embeds.length - 1; i >= 0 && total() > LIMITS.embedTotal; i--) {
    const embed = embeds[i]!;
    while (total() > LIMITS.embedTotal && embed.fields && embed.fields.length > 0) embed.fields.pop();
    if (total() > LIMITS.embedTotal && embed.description) {
      embed.description = truncate(embed.description, Math.max(1, embed.description.length - (total() - LIMITS.embedTotal)));
    }
  }
  return embeds;
}

/**
 * A reply as a Discord message: every limit respected, no raw mentions ever pinging anyone,
 * ephemeral when asked. An empty reply (which Discord refuses) becomes a short note.
 */
export function toDiscordMessage(reply: Reply): DiscordMessage {
  const embeds = fitTotal((reply.embeds ?? []).slice(0, LIMITS.embeds).map(fitEmbed));
  let content = reply.content ? truncate(reply.content, LIMITS.content) : undefined;
  if (!content && embeds.length === 0) content = 'Nothing to show.';
  return {
    ...(content ? { content } : {}),
    embeds,
    allowedMentions: { parse: [] },
    ...(reply.ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
  };
}

export function fitChoices(choices: Array<{ name: string; value: string }>): Array<{ name: string; value: string }> {
  return choices.slice(0, LIMITS.choices).map((c) => ({ name: truncate(c.name, LIMITS.choiceText), value: c.value.slice(0, LIMITS.choiceText) }));
}
