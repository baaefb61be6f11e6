import { PermissionFlagsBits } from 'discord-api-types/v10';
import { guildOf } from '../src/command-kit/permissions.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { watchTargetChoices, watchTarget, watchTargetOptions } from '../src/command-kit/watch-target.ts';

export const watch: CommandModule = {
  definition: {
    name: 'watch',
    description: 'Post new items on a theme or recommendation in this channel after each poll (Manage Server)',
    dm_permission: false,
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [...watchTargetOptions],
  },
  answersPrivately: true,
  requires: 'manager',
  async execute(ctx, input) {
    const target = watchTarget(ctx, input);
    const channelId = input.channelId ?? 'terminal';
    const added = await ctx.settings.addWatch({
      guildId: guildOf(input),
      channelId,
      kind: target.kind,
      key: target.key,
      by: input.user.name,
      at: ctx.now().toISOString(),
    });
    const where = channelId === 'terminal' ? 'here' : `in <#${channelId}>`;
    return {
      ephemeral: true,
      content: added
        ? `Watching ${target.kind} ${target.named} ${where}: new items tagged to it are posted after each poll (never the backlog). /unwatch stops it.`
        : `This channel already watches ${target.kind} ${target.named}.`,
    };
  },
  autocomplete: watchTargetChoices,
};
