import { loadClassifier, type Classifier } from './classify/classifier.ts';
import type { CommandContext, CommandModule } from './command-kit/types.ts';
import { loadConfig, type Config } from './config.ts';
import { Outbox } from './delivery/outbox.ts';
import { createLogger, type Logger } from './logger.ts';
import { FeedAdmin } from './sources/feed-admin.ts';
import type { FetchOptions } from './sources/fetch-source.ts';
import { fetchOptionsFor } from './sources/fetch-settings.ts';
import type { PollOptions, SourceOutcome } from './sources/poll.ts';
import { loadSources, type Source } from './sources/source-config.ts';
import { collectStatus } from './status/collect-status.ts';
import { proposalStoreOf } from './proposals/proposal-store.ts';
import { proposeFromNewItems } from './proposals/propose-new-items.ts';
import { authorityOf } from './command-kit/permissions.ts';
import type { CommentPollOutcome } from './jobs/poll-comments.ts';
import { POLL_LOCK, runPollCycle, type LastPoll, type PollCycleParts } from './jobs/poll-cycle.ts';
import type { Item } from './sources/item.ts';
import { SourceRegistry } from './sources/source-registry.ts';
import { ChangeWatcher } from './store/change-log.ts';
import { StoredComments } from './store/stored-comments.ts';
import { FeedStateStore } from './store/feed-state-store.ts';
import type { LockInfo } from './store/lock-backends.ts';
import type { LockOutcome } from './store/locks.ts';
import { ItemStore } from './store/item-store.ts';
import { SettingsStore } from './store/settings-store.ts';
import { openStore, type StoreConnection } from './store/open-store.ts';
import { loadRecommendationsData, type Recommendation } from './tracker/recommendations-schema.ts';
import { Tracker } from './tracker/tracker.ts';
import { setTimeZone } from './util/time-zone.ts';

/** The running bot's parts, opened once and shared by the CLI, the terminal prompt and Discord. */
export interface App {
  config: Config;
  logger: Logger;
  /** The slash commands this app answers (none unless the entry point gave them). */
  commands: CommandModule[];
  /** Every source as last read: the sources file with moderators' changes (see `registry`). */
  readonly sources: Source[];
  registry: SourceRegistry;
  recommendations: Recommendation[];
  classifier: Classifier;
  tracker: Tracker;
  store: StoreConnection;
  items: ItemStore;
  feeds: FeedStateStore;
  fetchOptions: FetchOptions;
  context: CommandContext;
  /** Follows other processes' writes into this process's caches. */
  watcher: ChangeWatcher;
  comments: StoredComments;
  outbox: Outbox;
  settings: SettingsStore;
  /** Run after each poll with the stories it stored that are announced (not backfill). */
  onNewItems: Array<(items: Item[]) => Promise<unknown>>;
  /** What the last poll's comment reading found, for the poll summary. */
  lastComments?: CommentPollOutcome;
  /**
   * Polls every source under the store's poll lock, so two processes never poll at once. Without
   * `wait`, a poll already running elsewhere means this one does not run (and says who holds it).
   */
  poll(options?: AppPollOptions): Promise<LockOutcome<SourceOutcome[]>>;
  close(): Promise<void>;
}

export interface AppPollOptions extends PollOptions {
  /** Wait for a poll running in another process to end, then poll. */
  wait?: boolean;
  onWait?: (heldBy: LockInfo) => void;
}

export interface OpenAppOptions {
  config?: Config;
  logger?: Logger;
  fetchOptions?: Partial<FetchOptions>;
  now?: () => Date;
  /** The slash commands, for /help and for Discord; given by the entry points (see commands/index.ts). */
  commands?: CommandModule[];
}

export async function openApp(options: OpenAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  setTimeZone(config.TZ);
  const logger = options.logger ?? createLogger(config.LOG_LEVEL, undefined, { format: config.LOG_FORMAT });
  const commands = options.commands ?? [];
  const fileSources = loadSources(config.SOURCES_FILE, 'SOURCES_FILE');
  const store = await openStore(config.STORE_URL, logger, { lockTtlMs: config.LOCK_TTL_MS });
  try {
    // The change log is read before the caches are loaded: a write landing in between is then
    // applied by the first check, never marked seen without being loaded.
    const watcher = new ChangeWatcher(
      store.changes,
      {
        items: (ids) => items.applyChanges(ids),
        tracker: () => tracker.refresh(),
        sources: async () => void (await registry.list()),
      },
      () => items.reload(),
      logger,
    );
    await watcher.prime();
    const items = await ItemStore.open(store);
    const feeds = new FeedStateStore(store);
    const registry = new SourceRegistry(fileSources, store, logger);
    await registry.list();
    const tracker = await Tracker.open(loadRecommendationsData(), store.collection<unknown>('tracker'), {
      logger,
      onWrite: (keys) => store.changes.record('tracker', keys),
    });
    // Moderators' additions (here or in another process) bring new aliases: the classifier follows.
    let classifier = loadClassifier(tracker.recommendations);
    tracker.onRecommendationsChange((recommendations) => {
      classifier = loadClassifier(recommendations);
    });
    const now = options.now ?? (() => new Date());
    const fetchOptions = { ...fetchOptionsFor(config), ...options.fetchOptions };
    const settings = new SettingsStore(store);
    const comments = new StoredComments(store);
    const feedAdmin = new FeedAdmin({ registry, feeds, fetchOptions, now });
    const context: CommandContext = {
      config,
      logger,
      items,
      tracker,
      settings,
      comments,
      feedAdmin,
      classifier: () => classifier,
      now,
      commandList: () => commands,
      status: () => collectStatus(app, now()),
      proposals: proposalStoreOf(store),
      get finder() {
        return tracker.finder;
      },
      get sources() {
        return registry.current();
      },
    };
    const outbox = new Outbox(store);
    const cycleParts: PollCycleParts = {
      registry,
      items,
      feeds,
      comments,
      settings,
      outbox,
      meta: store.collection<string[]>('meta'),
      lastPoll: store.collection<LastPoll>('meta'),
      instanceId: store.instanceId,
      classifier: () => classifier,
      fetchOptions,
      logger,
      now,
      // Stories that report a government decision become proposals for moderators, in the same cycle.
      get announcements() {
        return app.onNewItems;
      },
    };
    logger.debug({ items: items.size, sources: registry.current().length, store: store.kind }, 'app opened');
    const app: App = {
      config,
      logger,
      commands,
      get sources() {
        return registry.current();
      },
      registry,
      get recommendations() {
        return tracker.recommendations;
      },
      get classifier() {
        return classifier;
      },
      tracker,
      store,
      items,
      feeds,
      fetchOptions,
      context,
      watcher,
      comments,
      outbox,
      settings,
      // Stories that report a government decision become proposals for moderators, in the same cycle.
      onNewItems: [
        (stories) =>
          proposeFromNewItems(
            {
              store,
              tracker,
              settings,
              outbox,
              editorGuilds: authorityOf(config).editorGuilds,
              sourceName: (id) => registry.current().find((source) => source.id === id)?.name,
              logger,
              now,
            },
            stories,
          ),
      ],
      async poll(pollOptions = {}) {
        const work = async (lease: AbortSignal) => {
          const cycle = await runPollCycle(cycleParts, { ...pollOptions, lease });
          app.lastComments = cycle.comments;
          return cycle.outcomes;
        };
        if (pollOptions.wait) {
          return { ran: true, value: await store.locks.run(POLL_LOCK, work, { onWait: pollOptions.onWait }) };
        }
        return store.locks.tryRun(POLL_LOCK, work);
      },
      async close() {
        watcher.stop();
        await store.close();
      },
    };
    return app;
  } catch (error) {
    await store.close();
    throw error;
  }
}
