import type { CommandModule } from '../src/command-kit/types.ts';
import {
  adminDefinition,
  pendingAsTrackerStands,
  pendingListReply,
  proposalsOf,
} from '../src/proposals/proposal-replies.ts';

export const proposals: CommandModule = {
  definition: adminDefinition(
    'proposals',
    'Status changes proposed from the news, waiting for a moderator, with their ids (editors)',
  ),
  answersPrivately: true,
  requires: 'editor',
  async execute(ctx) {
    return pendingListReply(await pendingAsTrackerStands(proposalsOf(ctx), ctx.tracker));
  },
};
