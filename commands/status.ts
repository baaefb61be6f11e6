import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { CommandModule } from '../src/command-kit/types.ts';
import { describeHolder } from '../src/store/locks.ts';
import { escapeText } from '../src/render/markdown.ts';
import { colours } from '../src/render/reply.ts';
import type { BotStatus, SourceStatus } from '../src/status/collect-status.ts';
import { formatDateTime, plural } from '../src/util/format.ts';

/** A time in the configured zone, or "never". */
function when(iso: string | undefined): string {
  return iso ? formatDateTime(iso) : 'never';
}

function uptime(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  return days > 0 ? `${days}d ${hours}h` : hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m ${seconds % 60}s`;
}

/** Why a source that reads without error most likely has a wrong configuration: it yields nothing usable. */
function configurationDoubt(s: SourceStatus): string | undefined {
  if (!s.enabled || s.failures > 0 || !s.lastRead) return undefined;
  if (s.lastRead.stories === 0) return 'the last poll found no stories';
  if (s.lastRead.dated === 0)
    return s.lastRead.ahead > 0
      ? `no story had a date it could use at the last poll (${plural(s.lastRead.ahead, 'story', 'stories')} dated in the future)`
      : 'no story had a date at the last poll';
  return undefined;
}

function sourceLine(s: SourceStatus): string {
  const doubt = configurationDoubt(s);
  const state = !s.enabled
    ? 'disabled'
    : s.paused
      ? '**paused** (/feeds resume)'
      : s.failures > 0
        ? `failing (${plural(s.failures, 'time')})`
        : doubt
          ? '**check its configuration**'
          : 'ok';
  const parts = [
    `**${escapeText(s.name, 60)}** (${s.id}): ${state}`,
    `${s.itemsStored} stored`,
    `last success ${when(s.lastSuccessAt)}`,
  ];
  if (s.lastRead)
    parts.push(
      `last read: ${plural(s.lastRead.stories, 'story', 'stories')}, ${s.lastRead.dated} dated${s.lastRead.ahead > 0 ? ` (${s.lastRead.ahead} dated in the future)` : ''}, via ${escapeText(s.lastRead.via, 40)}`,
    );
  if (s.nextPollAt) parts.push(`next ${when(s.nextPollAt)}`);
  const error = s.lastError ? `\n  last error: ${escapeText(s.lastError, 200)}` : '';
  const check = doubt ? `\n  ${doubt}: run \`care-review-bot sources check ${s.id}\`` : '';
  return `${parts.join(' · ')}${error}${check}`;
}

function botStatusLines(status: BotStatus): { sources: string[]; bot: string[] } {
  const locks = status.locks
    .map((l) => `${l.name}: ${l.holder ? `held by ${escapeText(describeHolder(l.holder.holder), 80)}` : 'free'}`)
    .join(' · ');
  return {
    sources: status.sources.map((s) => sourceLine(s)),
    bot: [
      `Version ${status.version} · up ${uptime(status.uptimeSeconds)} · this instance: ${escapeText(describeHolder(status.instance), 80)}`,
      `Store: ${status.store.kind} (${escapeText(status.store.name, 120)})${status.store.reachable ? '' : ' · **unreachable**'}`,
      `Last poll: ${status.lastPoll ? `${when(status.lastPoll.at)} by ${escapeText(describeHolder(status.lastPoll.instance), 80)}` : 'none yet'}`,
      `Locks: ${locks}`,
      `Next digest: ${when(status.nextDigestAt)} · last digest sent: ${when(status.lastDigestSentAt)}`,
      `Posts waiting: ${status.pendingPosts}${status.failedPosts > 0 ? ` · **${status.failedPosts} could not be posted** (check the channels' permissions)` : ''}`,
    ],
  };
}

export const status: CommandModule = {
  definition: {
    name: 'status',
    description: 'How the bot is doing: sources, schedule, store and locks (editors)',
    dm_permission: false,
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  },
  answersPrivately: true,
  // Names the store, the hosts the bot runs on and its locks: the operator's side, not a server's.
  requires: 'editor',
  async execute(ctx) {
    if (!ctx.status) return { ephemeral: true, failed: true, content: 'Status is not available here.' };
    const { sources, bot } = botStatusLines(await ctx.status());
    return {
      ephemeral: true,
      embeds: [
        {
          title: 'care-review-bot status',
          color: colours.neutral,
          description: bot.join('\n'),
          fields: [{ name: 'Sources', value: sources.join('\n') || 'none' }],
        },
      ],
    };
  },
};
