import { approve } from '../../commands/approve.ts';
import { config } from '../../commands/config.ts';
import { explain } from '../../commands/explain.ts';
import { help } from '../../commands/help.ts';
import { items } from '../../commands/items.ts';
import { proposals } from '../../commands/proposals.ts';
import { recommendation } from '../../commands/recommendation.ts';
import { reject } from '../../commands/reject.ts';
import { unwatch } from '../../commands/unwatch.ts';
import { watch } from '../../commands/watch.ts';
import { watches } from '../../commands/watches.ts';
import type { CommandModule } from './types.ts';

/** Every command, in the order /help lists them. */
export const allCommands: CommandModule[] = [recommendation, items, explain, watch, unwatch, watches, config, proposals, approve, reject, help];

export function findCommand(name: string): CommandModule | undefined {
  return allCommands.find((command) => command.definition.name === name);
}
