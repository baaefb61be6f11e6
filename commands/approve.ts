import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandModule } from '../src/command-kit/types.ts';
import { approveProposal, PROPOSABLE } from '../src/proposals/act-on-proposal.ts';
import {
  actionDeps,
  adminDefinition,
  decidedReply,
  idOption,
  moderatorOf,
  pendingChoices,
} from '../src/proposals/proposal-replies.ts';
import { PROGRESS_LABELS, RESPONSE_LABELS } from '../src/tracker/present.ts';
import type { ProgressValue, ResponseValue } from '../src/tracker/recommendations-schema.ts';

const valueChoices = [
  ...PROPOSABLE.response.map((v) => ({ name: `Response: ${RESPONSE_LABELS[v as ResponseValue]}`, value: v })),
  ...PROPOSABLE.progress.map((v) => ({ name: `Progress: ${PROGRESS_LABELS[v as ProgressValue]}`, value: v })),
];

export const approve: CommandModule = {
  definition: adminDefinition(
    'approve',
    "Approve a proposed status change: it joins the recommendation's timeline (editors)",
    [
      idOption,
      {
        type: ApplicationCommandOptionType.String,
        name: 'value',
        description: 'Record another value on the same axis, or one of the likely values the proposal offers',
        choices: valueChoices,
      },
    ],
  ),
  requires: 'editor',
  async execute(ctx, input) {
    const value = input.options.value === undefined ? undefined : String(input.options.value);
    const { proposal } = await approveProposal(actionDeps(ctx), String(input.options.id ?? ''), moderatorOf(input), {
      value,
    });
    return decidedReply(ctx, proposal);
  },
  async autocomplete(ctx, input) {
    return input.focused.name === 'id' ? pendingChoices(ctx, input.focused.value) : [];
  },
};
