import type {
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Classifier } from '../classify/classifier.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { ProposalStore } from '../proposals/proposal-store.ts';
import type { Reply } from '../render/reply.ts';
import type { FeedAdmin } from '../sources/feed-admin.ts';
import type { Source } from '../sources/source-config.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { SettingsStore } from '../store/settings-store.ts';
import type { CommentStore } from '../responses/comment-store.ts';
import type { BotStatus } from '../status/collect-status.ts';
import type { RecommendationFinder } from '../tracker/find-recommendation.ts';
import type { Tracker } from '../tracker/tracker.ts';

export type OptionValue = string | number | boolean;

/** What the caller may do, computed once by whoever received the interaction (see permissions.ts). */
export interface Rights {
  /** Holds Manage Server in the server the interaction came from. */
  manageServer: boolean;
  /** May change what every server sees: the tracker, proposals and sources. */
  editor: boolean;
}

/**
 * What a command, subcommand or button needs: `manager` changes this server's own state, `editor`
 * shared state, and `admin` is a read-only admin view open to either.
 */
export type Right = 'anyone' | 'manager' | 'admin' | 'editor';

/** A right, with the words for a refusal when the command's name does not say it ("post a digest for everyone"). */
export type Requirement = Right | { right: Right; action: string };

export interface CommandUser {
  id: string;
  name: string;
  /** Always every right at the terminal and the command line: they are the operator's own. */
  rights: Rights;
}

export interface CommandInput {
  subcommand?: string;
  options: Record<string, OptionValue>;
  user: CommandUser;
  /** The server and channel the command was typed in (`terminal` at the prompt and the command line). */
  guildId?: string;
  channelId?: string;
  /** The server each channel option's channel belongs to, as Discord resolved it (none at the terminal). */
  channelGuilds?: Record<string, string>;
}

export interface AutocompleteInput extends CommandInput {
  focused: { name: string; value: string };
}

/** Everything a command handler may read or change; no Discord types. */
export interface CommandContext {
  config: Config;
  logger: Logger;
  items: ItemStore;
  /** Every source as last read (the sources file with moderators' changes); see SourceRegistry. */
  sources: Source[];
  /** Adding, removing and resuming sources (/feeds); absent where no store is open for it. */
  feedAdmin?: FeedAdmin;
  tracker: Tracker;
  settings: SettingsStore;
  comments: CommentStore;
  /** Sources, schedule, store and locks, read now. */
  status?: () => Promise<BotStatus>;
  /** Status changes proposed from the news (/proposals, /approve, /reject); absent where the app does not keep them. */
  proposals?: ProposalStore;
  finder: RecommendationFinder;
  /** The classifier in use, over every recommendation including any added while running. */
  classifier: () => Classifier;
  now: () => Date;
  /** The names of every command, for /help. */
  commandList: () => CommandModule[];
  /** DIGEST_CHANNEL_ID and the server it belongs to, once Discord has said (absent away from Discord). */
  digestFallback?: () => Promise<{ guildId: string; channelId: string } | undefined>;
}

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;
export type Choice = APIApplicationCommandOptionChoice<string>;

export interface CommandModule {
  definition: CommandDefinition;
  /**
   * Whether the answer is shown only to the person who asked, known before the command runs: a slow
   * answer is deferred, and Discord cannot make a public deferral private later. A private answer to
   * a command declared public (a refusal, an error) still stays private, at the cost of a follow-up.
   */
  answersPrivately?: boolean | ((input: CommandInput) => boolean);
  /**
   * Who may run it, checked before it runs and before its autocomplete answers (see permissions.ts);
   * a function where subcommands or options differ.
   */
  requires: Requirement | ((input: CommandInput) => Requirement);
  execute(ctx: CommandContext, input: CommandInput): Promise<Reply>;
  autocomplete?(ctx: CommandContext, input: AutocompleteInput): Promise<Choice[]>;
}
