import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describeTags } from '../src/classify/classify-item.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { escapeText, markdownLink } from '../src/render/markdown.ts';
import { colours } from '../src/render/reply.ts';
import { plural, storyDate } from '../src/util/format.ts';

const MAX_LIMIT = 25;

export const items: CommandModule = {
  definition: {
    name: 'items',
    description: 'The latest stored news items',
    dm_permission: false,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'source',
        description: 'Only items from this source',
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'limit',
        description: 'How many (1 to 25, default 10)',
        min_value: 1,
        max_value: MAX_LIMIT,
      },
    ],
  },
  requires: 'anyone',
  async execute(ctx, input) {
    const sourceId = input.options.source === undefined ? undefined : String(input.options.source);
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(input.options.limit ?? 10)));
    const names = new Map(ctx.sources.map((s) => [s.id, s.name]));
    if (sourceId && !names.has(sourceId)) {
      return {
        ephemeral: true,
        failed: true,
        content: `Unknown source "${escapeText(sourceId, 60)}". Known sources: ${[...names.keys()].join(', ')}.`,
      };
    }
    const latest = ctx.items.list({ sourceId, limit });
    if (latest.length === 0) {
      return {
        ephemeral: true,
        content: sourceId
          ? `No items stored from ${escapeText(names.get(sourceId)!)} yet.`
          : 'No items stored yet. The first poll may still be running, or no source could be read: /status shows how each source is doing.',
      };
    }
    // Feed text (titles, the evidence quoted from them) is escaped: it must never read as markdown.
    const entries = latest.map((item) => {
      const tags = describeTags(item.classification).filter((line) => line.startsWith('tagged'));
      const why = tags.length > 0 ? `\n  ↳ ${escapeText(tags.join('; '), 200)}` : '';
      return `• ${markdownLink(item.title, item.url, 150)}: ${escapeText(names.get(item.sourceId) ?? item.sourceId)}, ${storyDate(item)}${why}`;
    });
    return {
      embeds: [
        {
          title: sourceId ? `Latest from ${names.get(sourceId)}` : 'Latest items',
          color: colours.neutral,
          entries,
          cutHint: 'use limit or source to narrow',
          footer: `${plural(ctx.items.size, 'item')} stored`,
        },
      ],
    };
  },
  async autocomplete(ctx, input) {
    const typed = input.focused.value.toLowerCase();
    return ctx.sources
      .filter((s) => s.id.includes(typed) || s.name.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((s) => ({ name: s.name, value: s.id }));
  },
};
