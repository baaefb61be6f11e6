import { config } from '../../commands/config.ts';
import { digest } from '../../commands/digest.ts';
import { explain } from '../../commands/explain.ts';
import { feeds } from '../../commands/feeds.ts';
import { help } from '../../commands/help.ts';
import { items } from '../../commands/items.ts';
import { recommendation } from '../../commands/recommendation.ts';
import { status } from '../../commands/status.ts';
import { unwatch } from '../../commands/unwatch.ts';
import { watch } from '../../commands/watch.ts';
import { watches } from '../../commands/watches.ts';
import type { CommandModule } from './types.ts';

/** Every command, in the order /help lists them. */
export const allCommands: CommandModule[] = [recommendation, items, digest, explain, watch, unwatch, watches, feeds, config, status, help];

export function findCommand(name: string): CommandModule | undefined {
  return allCommands.find((command) => command.definition.name === name);
}
