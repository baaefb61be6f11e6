import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { DateTime } from 'luxon';
import type { OutgoingMessage } from '../delivery/outbox.ts';
import { LIMITS } from '../render/discord-limits.ts';
import { escapeText, markdownLink } from '../render/markdown.ts';
import { colours } from '../render/reply.ts';
import { headingText } from '../tracker/present.ts';
import { formatDate, plural, truncate } from '../util/format.ts';
import { timeZone } from '../util/time-zone.ts';
import { describeChange } from './proposal.ts';
import type { StoredProposal } from './proposal-store.ts';

/** What a button or the edit form asks for: `proposal:<id>:approve|edit|reject`, and `proposal:<id>:edited` for the form. */
export type ProposalAction = 'approve' | 'edit' | 'reject' | 'edited';

const ACTIONS: readonly ProposalAction[] = ['approve', 'edit', 'reject', 'edited'];

export function proposalCustomId(id: string, action: ProposalAction): string {
  return `proposal:${id}:${action}`;
}

export function parseProposalCustomId(customId: string): { id: string; action: ProposalAction } | undefined {
  const m = /^proposal:([0-9a-f]{8}):([a-z]+)$/.exec(customId);
  return m && ACTIONS.includes(m[2] as ProposalAction) ? { id: m[1]!, action: m[2] as ProposalAction } : undefined;
}

/** "23 Nov 2026, 10:05" in the configured zone. */
export function formatMoment(iso: string): string {
  const time = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone());
  return time.isValid ? time.toFormat('d LLL yyyy, HH:mm') : iso;
}

const CHANGE_LABELS = { pending: 'Would change', approved: 'Recorded', rejected: 'Would have changed' } as const;
const FIELD_NAMES: Record<string, string> = { title: 'headline', summary: 'standfirst', body: 'opening of the story' };
/** Room kept under Discord's 4,096 for the description, whatever the sources hold. */
const DESCRIPTION_BUDGET = 3_900;
const MAX_SOURCES = 10;

/** What the proposal would record, or what was recorded: "response: under consideration → rejected". */
function changeLine(p: StoredProposal): string {
  if (p.state !== 'approved' || !p.decision?.value || p.decision.value === p.value) return describeChange(p);
  return `${describeChange({ ...p, value: p.decision.value as StoredProposal['value'] })} (edited from ${p.value.replace(/-/g, ' ')})`;
}

function decisionLine(p: StoredProposal): string | undefined {
  if (p.state === 'pending' || !p.decision) return undefined;
  const who = `${escapeText(p.decision.by.name, 60)} on ${formatMoment(p.decision.at)}`;
  return p.state === 'approved'
    ? `✅ **Approved** by ${who}: added to the timeline of ${p.key}.`
    : `❌ **Rejected** by ${who}: it will not be proposed again.`;
}

/** The lines of a proposal, each escaped; the sources as many as fit. Shared by the message and the terminal. */
export function proposalLines(p: StoredProposal): string[] {
  const evidence = p.evidence[0];
  const summary = p.state === 'approved' && p.decision?.summary ? p.decision.summary : p.summary;
  const lines = [
    ...(decisionLine(p) ? [decisionLine(p)!, ''] : []),
    `**Recommendation:** ${p.key}`,
    `**${CHANGE_LABELS[p.state]}:** ${changeLine(p)}`,
    `**Date:** ${formatDate(p.date)}`,
    `**Summary:** ${escapeText(summary, 300)}`,
    ...(evidence
      ? [
          `**Evidence:** '${escapeText(evidence.phrase, 80)}' in the ${FIELD_NAMES[evidence.field] ?? evidence.field}: “${escapeText(evidence.sentence, 400)}”`,
        ]
      : []),
    `**${p.sources.length > 1 ? `Sources (${p.sources.length})` : 'Source'}:**`,
  ];
  let length = lines.join('\n').length;
  const shown = p.sources.slice(0, MAX_SOURCES);
  for (const [index, source] of shown.entries()) {
    const line = `• ${markdownLink(source.title, source.url, 150)} (${formatDate(source.date)})`;
    const rest = p.sources.length - index;
    if (length + line.length + 40 > DESCRIPTION_BUDGET) {
      lines.push(`…and ${plural(rest, 'more source')}.`);
      return lines;
    }
    lines.push(line);
    length += line.length + 1;
  }
  if (p.sources.length > shown.length) lines.push(`…and ${plural(p.sources.length - shown.length, 'more source')}.`);
  return lines;
}

export function proposalEmbed(p: StoredProposal, recommendationTitle: string): APIEmbed {
  const heading = { pending: 'Proposed update', approved: 'Approved', rejected: 'Rejected' }[p.state];
  return {
    title: headingText(`${heading}: ${recommendationTitle}`, LIMITS.title),
    description: proposalLines(p).join('\n'),
    color: p.state === 'pending' ? colours.pending : p.state === 'approved' ? colours.good : colours.muted,
    footer: {
      text:
        p.state === 'pending'
          ? `Proposal ${p.id} · Approve, Edit or Reject below (editors), or /approve id:${p.id}`
          : `Proposal ${p.id}`,
    },
  };
}

function button(
  id: string,
  action: ProposalAction,
  label: string,
  style: ButtonStyle.Success | ButtonStyle.Secondary | ButtonStyle.Danger,
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label, custom_id: proposalCustomId(id, action) };
}

/** The buttons of a pending proposal; a decided one has none. */
export function proposalButtons(p: StoredProposal): Array<APIActionRowComponent<APIButtonComponentWithCustomId>> {
  if (p.state !== 'pending') return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button(p.id, 'approve', 'Approve', ButtonStyle.Success),
        button(p.id, 'edit', 'Edit', ButtonStyle.Secondary),
        button(p.id, 'reject', 'Reject', ButtonStyle.Danger),
      ],
    },
  ];
}

/** The review-channel message of a proposal, as posted and as updated once decided. */
export function proposalMessage(p: StoredProposal, recommendationTitle: string): OutgoingMessage {
  return {
    embeds: [proposalEmbed(p, recommendationTitle)],
    components: proposalButtons(p),
    allowed_mentions: { parse: [] },
  };
}

/** The form the Edit button opens: the value (on the proposal's axis) and the summary, filled in as proposed. */
export function editForm(p: StoredProposal, allowed: readonly string[]): APIModalInteractionResponseCallbackData {
  return {
    custom_id: proposalCustomId(p.id, 'edited'),
    title: truncate(`Edit, then approve ${p.id}`, 45),
    components: [
      {
        type: ComponentType.Label,
        label: `New ${p.axis} value`,
        description: truncate(`One of: ${allowed.join(', ')}`, 100),
        component: {
          type: ComponentType.TextInput,
          custom_id: 'value',
          style: TextInputStyle.Short,
          value: p.value,
          required: true,
          min_length: 3,
          max_length: 40,
        },
      },
      {
        type: ComponentType.Label,
        label: 'Summary for the timeline',
        description: 'One line: what government decided or did.',
        component: {
          type: ComponentType.TextInput,
          custom_id: 'summary',
          style: TextInputStyle.Paragraph,
          value: truncate(p.summary, 300),
          required: true,
          min_length: 5,
          max_length: 300,
        },
      },
    ],
  };
}
