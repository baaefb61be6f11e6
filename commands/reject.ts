import { refuseUnlessManager } from '../src/command-kit/permissions.ts';
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
    'Reject a proposed status change: it is remembered and never proposed again (Manage Server)',
    [idOption],
  ),
  async execute(ctx, input) {
    const refused = refuseUnlessManager(input, 'reject proposed status changes');
    if (refused) return refused;
    return decidedReply(ctx, await rejectProposal(actionDeps(ctx), String(input.options.id ?? ''), moderatorOf(input)));
  },
  async autocomplete(ctx, input) {
    return input.focused.name === 'id' ? pendingChoices(ctx, input.focused.value) : [];
  },
};
