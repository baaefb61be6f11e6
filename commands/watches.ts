import { guildOf } from '../src/command-kit/permissions.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { colours } from '../src/render/reply.ts';

export const watches: CommandModule = {
  definition: {
    name: 'watches',
    description: 'The themes and recommendations this server posts alerts for, by channel',
    dm_permission: false,
  },
  answersPrivately: true,
  requires: 'anyone',
  async execute(ctx, input) {
    const list = await ctx.settings.listWatches(guildOf(input));
    if (list.length === 0)
      return {
        ephemeral: true,
        content:
          'No alerts are set up in this server. A moderator can add one with /watch theme:… or /watch recommendation:… in the channel that should get them.',
      };
    const byChannel = new Map<string, string[]>();
    for (const w of list.sort((a, b) => a.key.localeCompare(b.key))) {
      const lines = byChannel.get(w.channelId) ?? [];
      lines.push(`${w.kind} **${w.key}** (by ${w.by})`);
      byChannel.set(w.channelId, lines);
    }
    const description = [...byChannel]
      .map(
        ([channel, lines]) =>
          `${channel === 'terminal' ? 'terminal' : `<#${channel}>`}\n${lines.map((l) => `• ${l}`).join('\n')}`,
      )
      .join('\n\n');
    return { ephemeral: true, embeds: [{ title: 'Alerts in this server', color: colours.neutral, description }] };
  },
};
