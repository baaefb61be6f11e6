import { loadClassifier, type Classifier } from './classify/classifier.ts';
import { classifyItem } from './classify/classify-item.ts';
import { allCommands } from './command-kit/registry.ts';
import type { CommandContext } from './command-kit/types.ts';
import { loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { defaultFetchOptions, type FetchOptions } from './sources/fetch-source.ts';
import type { Item } from './sources/item.ts';
import { pollAll, type PollOptions, type SourceOutcome } from './sources/poll.ts';
import { loadSources, type Source } from './sources/source-config.ts';
import { FeedStateStore, type FeedState } from './store/feed-state-store.ts';
import { ItemStore } from './store/item-store.ts';
import { openStore, type StoreConnection } from './store/open-store.ts';
import { loadRecommendationsData, type Recommendation } from './tracker/recommendations-schema.ts';
import { Tracker } from './tracker/tracker.ts';

/** The running bot's parts, opened once and shared by the CLI, the terminal prompt and Discord. */
export interface App {
  config: Config;
  logger: Logger;
  sources: Source[];
  recommendations: Recommendation[];
  classifier: Classifier;
  tracker: Tracker;
  store: StoreConnection;
  items: ItemStore;
  feeds: FeedStateStore;
  fetchOptions: FetchOptions;
  context: CommandContext;
  poll(options?: PollOptions): Promise<SourceOutcome[]>;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  config?: Config;
  logger?: Logger;
  fetchOptions?: Partial<FetchOptions>;
  now?: () => Date;
}

export async function openApp(options: OpenAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const sources = loadSources(config.SOURCES_FILE);
  const store = await openStore(config.STORE_URL, logger);
  try {
    const items = await ItemStore.open(store.namespace<Item>('items'));
    const feeds = new FeedStateStore(store.namespace<FeedState>('feeds'));
    const tracker = await Tracker.open(loadRecommendationsData(), store.namespace<unknown>('tracker'), { logger });
    // Moderators' additions (here or in another process) bring new aliases: the classifier follows.
    let classifier = loadClassifier(tracker.recommendations);
    tracker.onRecommendationsChange((recommendations) => {
      classifier = loadClassifier(recommendations);
    });
    const now = options.now ?? (() => new Date());
    const fetchOptions = { ...defaultFetchOptions, ...options.fetchOptions };
    const context: CommandContext = {
      config, logger, items, sources, tracker, now, commandList: () => allCommands,
      get finder() {
        return tracker.finder;
      },
    };
    logger.debug({ items: items.size, sources: sources.length, store: store.kind }, 'app opened');
    return {
      config,
      logger,
      sources,
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
      poll: (pollOptions) => pollAll(sources, { items, feeds, logger, fetchOptions, now, enrich: (item) => classifyItem(classifier, item) }, pollOptions),
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
