import { PermissionFlagsBits } from 'discord-api-types/v10';
import { guildOf } from '../src/command-kit/permissions.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { watchTargetChoices, watchTarget, watchTargetOptions } from '../src/command-kit/watch-target.ts';

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
      kind: target.kind,
      key: target.key,
    });
    return {
      ephemeral: true,
      content: removed
        ? `Stopped watching ${target.kind} ${target.named} in this channel.`
        : `This channel does not watch ${target.kind} ${target.named}. /watches lists what it does.`,
    };
  },
  autocomplete: watchTargetChoices,
};
