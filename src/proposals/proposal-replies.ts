import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Choice, CommandContext, CommandDefinition, CommandInput } from '../command-kit/types.ts';
import { UserFacingError } from '../errors.ts';
import { escapeText, markdownLink } from '../render/markdown.ts';
import { colours, type Reply } from '../render/reply.ts';
import { headingText, statusLines } from '../tracker/present.ts';
import type { Moderator } from '../tracker/tracker-records.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { formatDate, plural, truncate } from '../util/format.ts';
import type { ProposalActionDeps } from './act-on-proposal.ts';
import { asTrackerStands, quotedSource } from './proposal-context.ts';
import { changeText, confidenceText, hostOf, proposalLines } from './proposal-lines.ts';
import type { ProposalStore, StoredProposal } from './proposal-store.ts';

/** The proposals of the running app, or a clear word that this process keeps none. */
export function proposalsOf(ctx: CommandContext): ProposalStore {
  if (!ctx.proposals) throw new UserFacingError('Proposals are not kept by this process.');
  return ctx.proposals;
}

export function actionDeps(ctx: CommandContext): ProposalActionDeps {
  return { proposals: proposalsOf(ctx), tracker: ctx.tracker, now: ctx.now };
}

export const moderatorOf = (input: CommandInput): Moderator => ({ id: input.user.id, name: input.user.name });

export const MANAGE_GUILD = String(PermissionFlagsBits.ManageGuild);

export const idOption = {
  type: ApplicationCommandOptionType.String,
  name: 'id',
  description: 'The proposal’s id (from /proposals or the review channel)',
  required: true,
  min_length: 8,
  max_length: 8,
  autocomplete: true,
} as const;

/** A proposal admin command: server-only and, in Discord's menus, for Manage Server alone. */
export function adminDefinition(
  name: string,
  description: string,
  options: CommandDefinition['options'] = [],
): CommandDefinition {
  return { name, description, dm_permission: false, default_member_permissions: MANAGE_GUILD, options };
}

/** "a1b2c3d4: kinship-leave, response → not taken forward" for the id's autocomplete, pending ones only. */
export async function pendingChoices(ctx: CommandContext, typed: string): Promise<Choice[]> {
  const wanted = typed.trim().toLowerCase();
  return (await proposalsOf(ctx).pending())
    .filter((p) => !wanted || p.id.startsWith(wanted) || p.key.includes(wanted))
    .slice(0, 25)
    .map((p) => ({ name: truncate(`${p.id}: ${p.key}, ${changeWords(p)}`, 100), value: p.id }));
}

/** "response → rejected", or "unsure: response accepted or progress in progress" while the value is unsure. */
function changeWords(p: StoredProposal): string {
  const words = (value: string) => value.replace(/-/g, ' ');
  return p.choices && p.choices.length > 1
    ? `unsure: ${p.choices.map((c) => `${c.axis} ${words(c.value)}`).join(' or ')}`
    : `${p.axis} → ${words(p.value)}`;
}

/** One entry of the /proposals list: what it would change (or that the value is unsure), how sure, and from where. */
export function listEntry(p: StoredProposal): string {
  const source = quotedSource(p);
  const more = p.sources.length > 1 ? ` and ${plural(p.sources.length - 1, 'other')}` : '';
  const change = p.choices && p.choices.length > 1 ? changeWords(p) : changeText(p);
  const sure = p.confidence === undefined ? '' : ` · confidence ${confidenceText(p.confidence)}`;
  const outlet = source.outlet ? `${escapeText(source.outlet, 60)}, ` : '';
  return `**${p.id}** · ${p.key} · ${change}${sure} · ${formatDate(p.date)}\n${escapeText(p.summary, 160)} ${markdownLink(source.title, source.url, 80)} (${outlet}${escapeText(hostOf(source.url), 80)})${more}`;
}

/** The pending proposals, each with what it would change as the tracker stands now. */
export async function pendingAsTrackerStands(proposals: ProposalStore, tracker: Tracker): Promise<StoredProposal[]> {
  return (await proposals.pending()).map((p) => asTrackerStands(p, tracker.status(p.key)));
}

export function pendingListReply(pending: StoredProposal[]): Reply {
  if (pending.length === 0)
    return {
      ephemeral: true,
      content:
        'No proposals are waiting. Stories reporting a government decision on a recommendation are proposed here after each poll.',
    };
  return {
    ephemeral: true,
    embeds: [
      {
        title: `Proposed status changes waiting for a moderator (${pending.length})`,
        color: colours.pending,
        entries: pending.map(listEntry),
        cutHint: 'approve or reject the oldest first',
        footer: '/approve id:<id> [value] records one · /reject id:<id> drops it for good',
      },
    ],
  };
}

/** What /approve and /reject answer: the proposal as decided, and for an approval the recommendation's status now. */
export function decidedReply(ctx: CommandContext, p: StoredProposal): Reply {
  const title = ctx.tracker.get(p.key)?.title ?? p.key;
  const status = p.state === 'approved' ? ctx.tracker.status(p.key) : undefined;
  return {
    embeds: [
      {
        title: headingText(`${p.state === 'approved' ? 'Approved' : 'Rejected'}: ${title}`),
        color: p.state === 'approved' ? colours.good : colours.muted,
        description: [...proposalLines(p), ...(status ? ['', '**Now:**', ...statusLines(status)] : [])].join('\n'),
        footer: `Proposal ${p.id}`,
      },
    ],
  };
}
