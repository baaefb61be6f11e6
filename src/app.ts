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
import { collectStatus } from './status/collect-status.ts';
import { proposalStoreOf } from './proposals/proposal-store.ts';
import { proposeFromNewItems } from './proposals/propose-new-items.ts';
import { enqueueAlerts } from './jobs/alerts.ts';
import { AnnouncementLedger } from './jobs/announcements.ts';
import { pollComments, type CommentPollOutcome } from './jobs/poll-comments.ts';
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
  const store = await openStore(config.STORE_URL, logger);
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
    const fetchOptions = {
      ...defaultFetchOptions,
      allowPrivateAddresses: config.ALLOW_PRIVATE_FEEDS,
      ...options.fetchOptions,
    };
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
      commandList: () => allCommands,
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
    const meta = store.collection<string[]>('meta');
    logger.debug({ items: items.size, sources: registry.current().length, store: store.kind }, 'app opened');
    const app: App = {
      config,
      logger,
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
      onNewItems: [(stories) => proposeFromNewItems({ store, tracker, settings, outbox, logger, now }, stories)],
      async poll(pollOptions = {}) {
        const work = async (lease: AbortSignal) => {
          // Read at each poll: another process may have added or removed a source.
          const sources = await registry.listOrCurrent();
          const announcements: Array<[string, (stories: Item[]) => Promise<unknown>]> = [
            [
              'alerts',
              async (stories) =>
                enqueueAlerts(
                  { outbox, sourceName: (id) => sources.find((s) => s.id === id)?.name ?? id, now: now() },
                  stories,
                  await settings.listWatches(),
                ),
            ],
            ...app.onNewItems.map((hook, i): [string, (stories: Item[]) => Promise<unknown>] => [
              `hook-${i + 1}`,
              hook,
            ]),
          ];
          const ledgers = announcements.map(([name]) => new AnnouncementLedger(meta, name));
          items.beforeStore = async (added) => void (await Promise.all(ledgers.map((ledger) => ledger.add(added))));
          const outcomes = await pollAll(
            sources,
            { items, feeds, logger, fetchOptions, now, enrich: (item) => classifyItem(classifier, item) },
            { ...pollOptions, lease },
          ).finally(() => {
            items.beforeStore = undefined;
          });
          // Responses, alerts and proposals follow in the same cycle, so nothing waits a poll behind.
          const steps: Array<[string, () => Promise<unknown>]> = [
            [
              'comments',
              async () =>
                (app.lastComments = await pollComments(sources, {
                  items,
                  comments,
                  feeds,
                  classifier: () => classifier,
                  fetchOptions,
                  logger,
                  now: now(),
                })),
            ],
          ];
          const paused = new Set(pausedAwaitingNotice(outcomes));
          if (paused.size > 0)
            steps.unshift([
              'pause notices',
              () =>
                enqueuePauseNotices(
                  sources.filter((s) => paused.has(s.id)),
                  { feeds, settings, outbox, logger, now },
                ),
            ]);
          for (const [name, step] of steps)
            if (!lease.aborted)
              await step().catch((error: unknown) =>
                logger.error({ err: error, step: name }, 'a step after the poll failed; the rest goes on'),
              );
          // Each announcement covers what this poll stored and whatever an earlier poll stored but it
          // could not announce. Ids whose story the store never took are dropped: a poll that stores
          // it lists it again.
          for (const [index, [name, announce]] of announcements.entries()) {
            if (lease.aborted) break;
            const ledger = ledgers[index]!;
            try {
              const ids = await ledger.pending();
              await announce(await items.fetch(ids));
              if (lease.aborted) break;
              await ledger.done(ids);
            } catch (error) {
              logger.error({ err: error, step: name }, 'could not announce new stories; the next poll tries again');
            }
          }
          await store
            .collection<LastPoll>('meta')
            .set(LAST_POLL_KEY, { instance: store.instanceId, at: now().toISOString() })
            .catch(() => undefined);
          return outcomes;
        };
        if (pollOptions.wait)
          return { ran: true, value: await store.locks.run(POLL_LOCK, work, { onWait: pollOptions.onWait }) };
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
