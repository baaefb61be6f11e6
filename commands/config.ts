import {
  ApplicationCommandOptionType,
  ChannelType,
  PermissionFlagsBits,
  type APIApplicationCommandChannelOption,
} from 'discord-api-types/v10';
import { authorityOf, guildOf, isEditorGuild } from '../src/command-kit/permissions.ts';
import type { CommandContext, CommandInput, CommandModule } from '../src/command-kit/types.ts';
import { UserFacingError } from '../src/errors.ts';
import { escapeText } from '../src/render/markdown.ts';
import { colours, type Reply } from '../src/render/reply.ts';
import { CHANNEL_SETTINGS, type ChannelSetting } from '../src/store/settings-store.ts';
import { describeCron } from '../src/util/describe-cron.ts';

const PURPOSE: Record<ChannelSetting, string> = {
  'digest-channel': 'where the weekly digest is posted',
  'admin-channel': 'where admins are told about feeds that keep failing',
  'review-channel': 'where proposed status changes wait for a moderator',
};

const NOT_REVIEWED =
  'Proposals are posted only in the editor server(s), and this server is not one, so none are posted here.';

/** Alerts listed in full before the rest are counted (/watches lists them all). */
const MAX_WATCH_LINES = 20;

/** One optional channel per setting: `/config` alone shows them, `/config digest-channel:#news` sets one. */
const channelOption = (name: ChannelSetting): APIApplicationCommandChannelOption => ({
  type: ApplicationCommandOptionType.Channel,
  name,
  description: `Set ${PURPOSE[name]} (a text channel)`,
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
});

export const config: CommandModule = {
  definition: {
    name: 'config',
    description: "This server's settings; give a channel to change where digests, admin notices or proposals go",
    dm_permission: false,
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: CHANNEL_SETTINGS.map(channelOption),
  },

  answersPrivately: true,
  requires: 'manager',
  async execute(ctx, input) {
    const given = CHANNEL_SETTINGS.filter((name) => input.options[name] !== undefined);
    return given.length > 0 ? setChannels(ctx, input, given) : show(ctx, input);
  },
};

async function setChannels(ctx: CommandContext, input: CommandInput, names: ChannelSetting[]): Promise<Reply> {
  const guildId = guildOf(input);
  const reviewed = isEditorGuild(authorityOf(ctx.config), guildId);
  const chosen = names.map((name) => {
    const channel = String(input.options[name]).trim();
    if (!/^\d{17,20}$/.test(channel))
      throw new UserFacingError(
        `Pick a channel for ${name} (a Discord channel id). /config alone shows this server's settings.`,
      );
    // Discord resolves a channel option with its server; the terminal is a server of its own.
    if ((input.channelGuilds?.[name] ?? 'terminal') !== guildId)
      throw new UserFacingError('That channel is not in this server: pick one of its own.');
    return { name, channel };
  });
  for (const { name, channel } of chosen)
    await ctx.settings.setChannel({ guildId, name, value: channel, by: input.user.name, at: ctx.now().toISOString() });
  const lines = chosen.map(({ name, channel }) => {
    const note = name === 'review-channel' && !reviewed ? ` ${NOT_REVIEWED}` : '';
    return `Done: <#${channel}> is now ${PURPOSE[name]}.${note}`;
  });
  return { ephemeral: true, content: lines.join('\n') };
}

/** The terminal and the command line: the operator's own, not a Discord server (see guildOf). */
const TERMINAL = 'terminal';

/**
 * At the terminal the channels are Discord's: what each one is for and where it is set, without a
 * server's permissions, since whoever types here runs the bot.
 */
const TERMINAL_CHANNELS = [
  '**Channels** apply on Discord, where each server sets its own with `/config` there:',
  ...CHANNEL_SETTINGS.map((setting) => `• **${setting}**: ${PURPOSE[setting]} (\`/config ${setting}:#channel\`)`),
  'At the terminal the weekly digest and alerts are printed here, and proposals wait in `/proposals`.',
];

/** Every setting of this server, each with how to change it; only the member who asked sees it. */
async function show(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const guildId = guildOf(input);
  const atTerminal = guildId === TERMINAL;
  const reviewed = isEditorGuild(authorityOf(ctx.config), guildId);
  const digestDefault = await defaultDigestChannel(ctx, guildId);
  const channels = atTerminal
    ? TERMINAL_CHANNELS
    : await Promise.all(
        CHANNEL_SETTINGS.map(async (setting) => {
          const value = await ctx.settings.channel(guildId, setting);
          const fallback = setting === 'digest-channel' && digestDefault ? digestDefault : 'not set';
          const note = setting === 'review-channel' && !reviewed ? ` ${NOT_REVIEWED}` : '';
          return `**${setting}** (${PURPOSE[setting]}): ${value ? `<#${value}>` : fallback}. Change: \`/config ${setting}:#channel\`.${note}`;
        }),
      );
  const watches = (await ctx.settings.listWatches(guildId)).sort(
    (a, b) => a.channelId.localeCompare(b.channelId) || a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key),
  );
  const watchLines = watches
    .slice(0, MAX_WATCH_LINES)
    .map(
      (w) =>
        `• ${w.kind} **${escapeText(w.key, 60)}** in ${w.channelId === 'terminal' ? 'the terminal' : `<#${w.channelId}>`} (by ${escapeText(w.by, 60)})`,
    );
  if (watches.length > MAX_WATCH_LINES)
    watchLines.push(`…and ${watches.length - MAX_WATCH_LINES} more: /watches lists them all.`);
  const zone = ctx.config.TZ;
  return {
    ephemeral: true,
    embeds: [
      {
        title: atTerminal ? 'Settings at the terminal' : 'Settings for this server',
        color: colours.neutral,
        description: [
          ...channels,
          '',
          `**Alerts** (new stories on a theme or recommendation, posted after each poll): ${alertsHow(watches.length === 0, atTerminal)}`,
          ...watchLines,
          '',
          `**Schedule** (set by whoever runs the bot, for every server): Weekly digest: ${describeCron(ctx.config.DIGEST_CRON, zone, ctx.now())} (${zone}), from \`DIGEST_CRON\`; new stories read ${describeCron(ctx.config.POLL_CRON, zone, ctx.now())}, from \`POLL_CRON\`.`,
        ].join('\n'),
        ...(atTerminal ? {} : { footer: 'Only you can see this. Members with Manage Server change these settings.' }),
      },
    ],
  };
}

/** How to add and stop alerts: in the channel that should get them, or here at the terminal. */
function alertsHow(none: boolean, atTerminal: boolean): string {
  const where = atTerminal ? 'here' : 'in the channel that should get them';
  if (none) return `No alerts. Add one with \`/watch theme:…\` or \`/watch recommendation:…\` ${where}.`;
  return `Add one with \`/watch\` ${where}; \`/unwatch\` ${atTerminal ? 'here' : 'there'} stops one.`;
}

/** DIGEST_CHANNEL_ID as this server's default: only where that channel belongs to this server. */
async function defaultDigestChannel(ctx: CommandContext, guildId: string): Promise<string | undefined> {
  const channelId = ctx.config.DIGEST_CHANNEL_ID;
  if (!channelId) return undefined;
  if (!ctx.digestFallback) return `<#${channelId}> (the default from DIGEST_CHANNEL_ID, for the server it belongs to)`;
  const fallback = await ctx.digestFallback().catch(() => undefined);
  return fallback?.guildId === guildId ? `<#${channelId}> (the default from DIGEST_CHANNEL_ID)` : undefined;
}
