import { loadClassifier, type Classifier } from './classify/classifier.ts';
import { classifyItem } from './classify/classify-item.ts';
import { allCommands } from './command-kit/registry.ts';
import type { CommandContext } from './command-kit/types.ts';
import { loadConfig, type Config } from './config.ts';
import { Outbox } from './delivery/outbox.ts';
import { createLogger, type Logger } from './logger.ts';
import { FeedAdmin } from './sources/feed-admin.ts';
import { defaultFetchOptions, type FetchOptions } from './sources/fetch-source.ts';
import { enqueuePauseNotices } from './sources/pause-notices.ts';
import { pausedAwaitingNotice, pollAll, type PollOptions, type SourceOutcome } from './sources/poll.ts';
import { loadSources, type Source } from './sources/source-config.ts';
import { SourceRegistry } from './sources/source-registry.ts';
import { ChangeWatcher } from './store/change-log.ts';
import { FeedStateStore } from './store/feed-state-store.ts';
import type { LockInfo } from './store/lock-backends.ts';
import type { LockOutcome } from './store/locks.ts';
import { ItemStore } from './store/item-store.ts';
import { SettingsStore } from './store/settings-store.ts';
import { openStore, type StoreConnection } from './store/open-store.ts';
import { RecommendationFinder } from './tracker/find-recommendation.ts';
import { loadRecommendations, type Recommendation } from './tracker/recommendations-schema.ts';
import { Tracker, type ModeratorEdit } from './tracker/tracker.ts';
import { setTimeZone } from './util/time-zone.ts';

/** The running bot's parts, opened once and shared by the CLI, the terminal prompt and Discord. */
export interface App {
  config: Config;
  logger: Logger;
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
  /**
   * Polls every source under the store's poll lock, so two processes never poll at once. Without
   * `wait`, a poll already running elsewhere means this one does not run (and says who holds it).
   */
  poll(options?: AppPollOptions): Promise<LockOutcome<SourceOutcome[]>>;
  close(): Promise<void>;
}

export const POLL_LOCK = 'poll';
export const LAST_POLL_KEY = 'last-poll';

export interface LastPoll {
  instance: string;
  at: string;
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
}

export async function openApp(options: OpenAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  setTimeZone(config.TZ);
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const fileSources = loadSources(config.SOURCES_FILE);
  const recommendations = loadRecommendations();
  const classifier = loadClassifier(recommendations);
  const store = await openStore(config.STORE_URL, logger);
  try {
    const items = await ItemStore.open(store);
    const feeds = new FeedStateStore(store);
    const registry = new SourceRegistry(fileSources, store, logger);
    await registry.list();
    const tracker = await Tracker.open(recommendations, store.collection<ModeratorEdit[]>('tracker'));
    const watcher = new ChangeWatcher(store.changes, { items: (ids) => items.applyChanges(ids), tracker: () => tracker.refresh(), sources: async () => void (await registry.list()) }, () => items.reload(), logger);
    await watcher.prime();
    const finder = new RecommendationFinder(recommendations);
    const now = options.now ?? (() => new Date());
    const fetchOptions = { ...defaultFetchOptions, allowPrivateAddresses: config.ALLOW_PRIVATE_FEEDS, ...options.fetchOptions };
    const settings = new SettingsStore(store);
    const feedAdmin = new FeedAdmin({ registry, feeds, fetchOptions, now });
    const context: CommandContext = {
      config, logger, items, tracker, settings, finder, now, feedAdmin, commandList: () => allCommands,
      get sources() {
        return registry.current();
      },
    };
    logger.debug({ items: items.size, sources: registry.current().length, store: store.kind }, 'app opened');
    return {
      config,
      logger,
      get sources() {
        return registry.current();
      },
      registry,
      recommendations,
      classifier,
      tracker,
      store,
      items,
      feeds,
      fetchOptions,
      context,
      watcher,
      async poll(pollOptions = {}) {
        const work = async () => {
          // Read at each poll: another process may have added or removed a source.
          const sources = await registry.listOrCurrent();
          const outcomes = await pollAll(sources, { items, feeds, logger, fetchOptions, now, enrich: (item) => classifyItem(classifier, item) }, pollOptions);
          const paused = new Set(pausedAwaitingNotice(outcomes));
          if (paused.size > 0) await enqueuePauseNotices(sources.filter((s) => paused.has(s.id)), { feeds, settings, outbox: new Outbox(store), logger, now });
          await store.collection<LastPoll>('meta').set(LAST_POLL_KEY, { instance: store.instanceId, at: now().toISOString() }).catch(() => undefined);
          return outcomes;
        };
        if (pollOptions.wait) return { ran: true, value: await store.locks.run(POLL_LOCK, work, { onWait: pollOptions.onWait }) };
        return store.locks.tryRun(POLL_LOCK, work);
      },
      async close() {
        watcher.stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
