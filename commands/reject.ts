import type { CommandModule } from '../src/command-kit/types.ts';
import { rejectProposal } from '../src/proposals/act-on-proposal.ts';
import {
  actionDeps,
  adminDefinition,
  decidedReply,
  idOption,
  moderatorOf,
  pendingChoices,
} from '../src/proposals/proposal-replies.ts';

export const reject: CommandModule = {
  definition: adminDefinition(
    'reject',
    'Reject a proposed status change: it is remembered and never proposed again (editors)',
    [idOption],
  ),
  requires: 'editor',
  async execute(ctx, input) {
    return decidedReply(ctx, await rejectProposal(actionDeps(ctx), String(input.options.id ?? ''), moderatorOf(input)));
  },
  async autocomplete(ctx, input) {
    return input.focused.name === 'id' ? pendingChoices(ctx, input.focused.value) : [];
  },
};
