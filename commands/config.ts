import {
  ApplicationCommandOptionType,
  ChannelType,
  PermissionFlagsBits,
  type APIApplicationCommandChannelOption,
} from 'discord-api-types/v10';
import { authorityOf, guildOf, isEditorGuild } from '../src/command-kit/permissions.ts';
import type { CommandContext, CommandModule } from '../src/command-kit/types.ts';
import { UserFacingError } from '../src/errors.ts';
import { colours } from '../src/render/reply.ts';
import { CHANNEL_SETTINGS, type ChannelSetting } from '../src/store/settings-store.ts';

const PURPOSE: Record<ChannelSetting, string> = {
  'digest-channel': 'where the weekly digest is posted',
  'admin-channel': 'where admins are told about feeds that keep failing',
  'review-channel': 'where proposed status changes wait for a moderator',
};

const NOT_REVIEWED =
  'Proposals are posted only in the editor server(s), and this server is not one, so none are posted here.';

const channelOption: APIApplicationCommandChannelOption = {
  type: ApplicationCommandOptionType.Channel,
  name: 'channel',
  description: 'The text channel',
  required: true,
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
};

export const config: CommandModule = {
  definition: {
    name: 'config',
    description: "This server's settings: where digests, admin notices and proposals go (Manage Server)",
    dm_permission: false,
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      ...CHANNEL_SETTINGS.map((name) => ({
        type: ApplicationCommandOptionType.Subcommand as const,
        name,
        description: `Set ${PURPOSE[name]}`,
        options: [channelOption],
      })),
      { type: ApplicationCommandOptionType.Subcommand, name: 'show', description: "This server's settings" },
    ],
  },

  answersPrivately: true,
  requires: 'manager',
  async execute(ctx, input) {
    const guildId = guildOf(input);
    const reviewed = isEditorGuild(authorityOf(ctx.config), guildId);
    const name = input.subcommand as ChannelSetting | 'show' | undefined;
    if (name && name !== 'show') {
      if (!CHANNEL_SETTINGS.includes(name)) throw new UserFacingError(`Unknown setting "${name}".`);
      const channel = String(input.options.channel ?? '').trim();
      if (!/^\d{17,20}$/.test(channel)) throw new UserFacingError('Pick a channel (a Discord channel id).');
      // Discord resolves a channel option with its server; the terminal is a server of its own.
      if ((input.channelGuilds?.channel ?? 'terminal') !== guildId)
        throw new UserFacingError('That channel is not in this server: pick one of its own.');
      await ctx.settings.setChannel({
        guildId,
        name,
        value: channel,
        by: input.user.name,
        at: ctx.now().toISOString(),
      });
      const note = name === 'review-channel' && !reviewed ? ` ${NOT_REVIEWED}` : '';
      return { ephemeral: true, content: `Done: <#${channel}> is now ${PURPOSE[name]}.${note}` };
    }
    const digestDefault = await defaultDigestChannel(ctx, guildId);
    const lines = await Promise.all(
      CHANNEL_SETTINGS.map(async (setting) => {
        const value = await ctx.settings.channel(guildId, setting);
        const fallback = setting === 'digest-channel' && digestDefault ? digestDefault : 'not set';
        const note = setting === 'review-channel' && !reviewed ? ` (${NOT_REVIEWED})` : '';
        return `**${setting}** (${PURPOSE[setting]}): ${value ? `<#${value}>` : fallback}${note}`;
      }),
    );
    return {
      ephemeral: true,
      embeds: [
        {
          title: 'Settings for this server',
          color: colours.neutral,
          description: [...lines, '', `Weekly digest schedule: \`${ctx.config.DIGEST_CRON}\` (${ctx.config.TZ})`].join(
            '\n',
          ),
        },
      ],
    };
  },
};

/** DIGEST_CHANNEL_ID as this server's default: only where that channel belongs to this server. */
async function defaultDigestChannel(ctx: CommandContext, guildId: string): Promise<string | undefined> {
  const channelId = ctx.config.DIGEST_CHANNEL_ID;
  if (!channelId) return undefined;
  if (!ctx.digestFallback) return `<#${channelId}> (the default from DIGEST_CHANNEL_ID, for the server it belongs to)`;
  const fallback = await ctx.digestFallback().catch(() => undefined);
  return fallback?.guildId === guildId ? `<#${channelId}> (the default from DIGEST_CHANNEL_ID)` : undefined;
}
