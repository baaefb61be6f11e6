import { refuseUnlessManager } from '../src/command-kit/permissions.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { adminDefinition, pendingListReply, proposalsOf } from '../src/proposals/proposal-replies.ts';

export const proposals: CommandModule = {
  definition: adminDefinition(
    'proposals',
    'Status changes proposed from the news, waiting for a moderator, with their ids (Manage Server)',
  ),
  answersPrivately: true,
  async execute(ctx, input) {
    const refused = refuseUnlessManager(input, 'see proposed status changes');
    if (refused) return refused;
    return pendingListReply(await proposalsOf(ctx).pending());
  },
};
