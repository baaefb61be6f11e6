// The list of commands lives with the commands: the kit they are built on never imports one.
import { approve } from './approve.ts';
import { config } from './config.ts';
import { digest } from './digest.ts';
import { explain } from './explain.ts';
import { feeds } from './feeds.ts';
import { help } from './help.ts';
import { items } from './items.ts';
import { proposals } from './proposals.ts';
import { recommendation } from './recommendation.ts';
import { status } from './status.ts';
import { reject } from './reject.ts';
import { unwatch } from './unwatch.ts';
import { watch } from './watch.ts';
import { watches } from './watches.ts';
import type { CommandModule } from '../src/command-kit/types.ts';

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
