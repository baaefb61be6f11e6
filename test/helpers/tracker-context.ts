import { recommendation } from '../../commands/recommendation.ts';
import { allCommands } from '../../commands/index.ts';
import { runCommand } from '../../src/command-kit/run-command.ts';
import type { CommandContext, CommandUser, OptionValue } from '../../src/command-kit/types.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Reply } from '../../src/render/reply.ts';
import type { Collection } from '../../src/store/collection.ts';
import { SettingsStore } from '../../src/store/settings-store.ts';
import { StoredComments } from '../../src/store/stored-comments.ts';
import { loadClassifier } from '../../src/classify/classifier.ts';
import { memoryCollection, memoryConnection } from './memory-store.ts';
import { ItemStore } from '../../src/store/item-store.ts';
import { loadRecommendationsData, type RecommendationsData } from '../../src/tracker/recommendations-schema.ts';
import { Tracker } from '../../src/tracker/tracker.ts';
import { renderText } from '../../src/terminal/render-text.ts';

/** The servers the harnesses take for the operator's editor servers (EDITOR_GUILD_IDS), unless told otherwise. */
export const HARNESS_EDITOR_GUILDS = ['100000000000000001', '100000000000000002'];

/** A member without Manage Server, in any server. */
export const member: CommandUser = {
  id: '190000000000000003',
  name: 'Member',
  rights: { manageServer: false, editor: false },
};
/** A moderator of the editor server: Manage Server there, so an editor too. */
export const moderator: CommandUser = {
  id: '190000000000000001',
  name: 'Alice',
  rights: { manageServer: true, editor: true },
};

export interface TrackerHarness {
  ctx: CommandContext;
  tracker: Tracker;
  /** /recommendation <subcommand> as a reply. */
  reply(subcommand: string, options?: Record<string, OptionValue>, user?: CommandUser): Promise<Reply>;
  /** The same, as the terminal prints it. */
  text(subcommand: string, options?: Record<string, OptionValue>, user?: CommandUser): Promise<string>;
}

/** The command context over a tracker, without Discord, a network or a data directory. */
export async function trackerHarness(
  options: { data?: RecommendationsData; kv?: Collection<unknown>; now?: Date; tracker?: Tracker } = {},
): Promise<TrackerHarness> {
  const tracker =
    options.tracker ??
    (await Tracker.open(options.data ?? loadRecommendationsData(), options.kv ?? (await memoryCollection()), {
      logger: silentLogger,
    }));
  const connection = await memoryConnection();
  const items = await ItemStore.open(connection);
  const classifier = loadClassifier(tracker.recommendations);
  const now = options.now ?? new Date('2026-11-23T12:00:00Z');
  const ctx: CommandContext = {
    config: { ...loadConfig({}, { dotenv: false }), EDITOR_GUILD_IDS: HARNESS_EDITOR_GUILDS },
    logger: silentLogger,
    items,
    sources: [],
    tracker,
    settings: new SettingsStore(connection),
    comments: new StoredComments(connection),
    classifier: () => classifier,
    get finder() {
      return tracker.finder;
    },
    now: () => now,
    commandList: () => allCommands,
  };
  const reply = (subcommand: string, opts: Record<string, OptionValue> = {}, user = member) =>
    runCommand(recommendation, ctx, { subcommand, options: opts, user });
  return { ctx, tracker, reply, text: async (...args) => renderText(await reply(...args)) };
}
