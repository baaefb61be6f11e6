import { PermissionFlagsBits } from 'discord-api-types/v10';
import { guildOf } from '../src/command-kit/permissions.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { recommendationChoices, watchTarget, watchTargetOptions } from '../src/command-kit/watch-target.ts';

export const unwatch: CommandModule = {
  definition: {
    name: 'unwatch',
    description: 'Stop posting new items on a theme or recommendation in this channel (Manage Server)',
    dm_permission: false,
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [...watchTargetOptions],
  },
  answersPrivately: true,
  requires: 'manager',
  async execute(ctx, input) {
    const target = watchTarget(ctx, input);
    const removed = await ctx.settings.removeWatch({
      guildId: guildOf(input),
      channelId: input.channelId ?? 'terminal',
      ...target,
    });
    return {
      ephemeral: true,
      content: removed
        ? `Stopped watching ${target.kind} **${target.key}** in this channel.`
        : `This channel does not watch ${target.kind} **${target.key}**. /watches lists what it does.`,
    };
  },
  autocomplete: recommendationChoices,
};
