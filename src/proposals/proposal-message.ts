import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { OutgoingMessage } from '../delivery/outbox.ts';
import { LIMITS } from '../render/discord-limits.ts';
import { colours } from '../render/reply.ts';
import { headingText } from '../tracker/present.ts';
import type { Axis } from '../tracker/recommendations-schema.ts';
import { truncate } from '../util/format.ts';
import { proposalLines } from './proposal-lines.ts';
import type { StoredProposal } from './proposal-store.ts';

/**
 * What a button or the edit form asks for: `proposal:<id>:approve|edit|reject`,
 * `proposal:<id>:choose:<axis>:<value>` for one of the likely values, `proposal:<id>:edited` for the form.
 */
export type ProposalAction = 'approve' | 'choose' | 'edit' | 'reject' | 'edited';

const ACTIONS: readonly ProposalAction[] = ['approve', 'choose', 'edit', 'reject', 'edited'];

export interface ParsedCustomId {
  id: string;
  action: ProposalAction;
  /** For `choose`: the value clicked, to be checked against the ones the proposal offered. */
  choice?: { axis: Axis; value: string };
}

export function proposalCustomId(id: string, action: ProposalAction, choice?: { axis: Axis; value: string }): string {
  return choice ? `proposal:${id}:${action}:${choice.axis}:${choice.value}` : `proposal:${id}:${action}`;
}

export function parseProposalCustomId(customId: string): ParsedCustomId | undefined {
  const m = /^proposal:([0-9a-f]{8}):([a-z]+)(?::(response|progress):([a-z-]{1,40}))?$/.exec(customId);
  if (!m || !ACTIONS.includes(m[2] as ProposalAction)) return undefined;
  const action = m[2] as ProposalAction;
  // A value belongs to `choose` alone, and `choose` always carries one.
  if ((action === 'choose') !== (m[3] !== undefined)) return undefined;
  return { id: m[1]!, action, ...(m[3] ? { choice: { axis: m[3] as Axis, value: m[4]! } } : {}) };
}

export function proposalEmbed(p: StoredProposal, recommendationTitle: string): APIEmbed {
  const heading = { pending: 'Proposed update', approved: 'Approved', rejected: 'Rejected' }[p.state];
  return {
    title: headingText(`${heading}: ${recommendationTitle}`, LIMITS.title),
    description: proposalLines(p).join('\n'),
    color: p.state === 'pending' ? colours.pending : p.state === 'approved' ? colours.good : colours.muted,
    footer: {
      text:
        p.state !== 'pending'
          ? `Proposal ${p.id}`
          : unsure(p)
            ? `Proposal ${p.id} · choose a value, Edit or Reject below (editors), or /approve id:${p.id} value:<value>`
            : `Proposal ${p.id} · Approve, Edit or Reject below (editors), or /approve id:${p.id}`,
    },
  };
}

/** Whether the proposal asks a moderator to choose between likely values rather than approve one. */
export const unsure = (p: StoredProposal): boolean => (p.choices?.length ?? 0) > 1;

const AXIS_NAMES: Record<Axis, string> = { response: 'Response', progress: 'Progress' };

function button(
  id: string,
  action: ProposalAction,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Success | ButtonStyle.Secondary | ButtonStyle.Danger,
  choice?: { axis: Axis; value: string },
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label, custom_id: proposalCustomId(id, action, choice) };
}

/**
 * The buttons of a pending proposal: Approve, Edit and Reject, or, while the value is unsure, one
 * button per likely value instead of Approve. A decided proposal has none.
 */
export function proposalButtons(p: StoredProposal): Array<APIActionRowComponent<APIButtonComponentWithCustomId>> {
  if (p.state !== 'pending') return [];
  const approve = unsure(p)
    ? p.choices!.map((c) =>
        button(
          p.id,
          'choose',
          truncate(`${AXIS_NAMES[c.axis]}: ${c.value.replace(/-/g, ' ')} (${c.probability.toFixed(2)})`, 80),
          ButtonStyle.Primary,
          { axis: c.axis, value: c.value },
        ),
      )
    : [button(p.id, 'approve', 'Approve', ButtonStyle.Success)];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        ...approve,
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
