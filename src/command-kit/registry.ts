import { approve } from '../../commands/approve.ts';
import { config } from '../../commands/config.ts';
import { digest } from '../../commands/digest.ts';
import { explain } from '../../commands/explain.ts';
import { feeds } from '../../commands/feeds.ts';
import { help } from '../../commands/help.ts';
import { items } from '../../commands/items.ts';
import { proposals } from '../../commands/proposals.ts';
import { recommendation } from '../../commands/recommendation.ts';
import { status } from '../../commands/status.ts';
import { reject } from '../../commands/reject.ts';
import { unwatch } from '../../commands/unwatch.ts';
import { watch } from '../../commands/watch.ts';
import { watches } from '../../commands/watches.ts';
import type { CommandModule } from './types.ts';

/** Every command, in the order /help lists them. */
export const allCommands: CommandModule[] = [
  recommendation,
  items,
  digest,
  explain,
  watch,
  unwatch,
  watches,
  feeds,
  config,
  proposals,
  approve,
  reject,
  status,
  help,
];

export function findCommand(name: string): CommandModule | undefined {
  return allCommands.find((command) => command.definition.name === name);
}
