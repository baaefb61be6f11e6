import type { Classifier } from '../classify/classifier.ts';
import { classifyItem } from '../classify/classify-item.ts';
import type { Outbox } from '../delivery/outbox.ts';
import type { Logger } from '../logger.ts';
import type { FetchOptions } from '../sources/fetch-source.ts';
import type { Item } from '../sources/item.ts';
import { enqueuePauseNotices } from '../sources/pause-notices.ts';
import { pausedAwaitingNotice, pollAll, type PollOptions, type SourceOutcome } from '../sources/poll.ts';
import type { SourceRegistry } from '../sources/source-registry.ts';
import type { Collection } from '../store/collection.ts';
import type { FeedStateStore } from '../store/feed-state-store.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { SettingsStore } from '../store/settings-store.ts';
import type { StoredComments } from '../store/stored-comments.ts';
import { enqueueAlerts } from './alerts.ts';
import { AnnouncementLedger } from './announcements.ts';
import { pollComments, type CommentPollOutcome } from './poll-comments.ts';

/** The store lock one poll cycle runs under: one process polls at a time. */
export const POLL_LOCK = 'poll';
export const LAST_POLL_KEY = 'last-poll';

export interface LastPoll {
  instance: string;
  at: string;
}

/** A step that announces new stories (alerts, proposals), run once per story even across failures. */
export type Announcement = (stories: Item[]) => Promise<unknown>;

/** The parts one poll cycle reads and writes; opened by the app. */
export interface PollCycleParts {
  registry: SourceRegistry;
  items: ItemStore;
  feeds: FeedStateStore;
  comments: StoredComments;
  settings: SettingsStore;
  outbox: Outbox;
  meta: Collection<string[]>;
  lastPoll: Collection<LastPoll>;
  instanceId: string;
  classifier: () => Classifier;
  fetchOptions: FetchOptions;
  logger: Logger;
  now: () => Date;
  /** Announcements after the alerts, in order (status-change proposals). */
  announcements: Announcement[];
}

export interface PollCycleResult {
  outcomes: SourceOutcome[];
  comments?: CommentPollOutcome;
}

/**
 * One poll cycle, in the order its stages run, all under the poll lock's lease:
 *
 * 1. read the source list as stored now (another process may have added or removed a source);
 * 2. poll every source: fetch, parse, normalise, classify and store what is new, each new story
 *    first entered in every announcement's ledger;
 * 3. tell admins of sources that have just been paused;
 * 4. read reader comments of the sources read in step 2 (site comment feeds, then articles whose
 *    count is ahead); a source backing off or paused is left alone, its comments too;
 * 5. announce: alerts to watching channels, then each further announcement (proposals), each over
 *    what this poll stored and whatever an earlier poll stored but could not announce;
 * 6. record which instance polled, and when.
 *
 * Once the lease is aborted (another process holds the lock now) nothing more is written.
 */
export async function runPollCycle(
  parts: PollCycleParts,
  options: PollOptions & { lease: AbortSignal },
): Promise<PollCycleResult> {
  const { items, feeds, settings, outbox, logger, lease } = { ...parts, lease: options.lease };
  const sources = await parts.registry.listOrCurrent();
  const sourceName = (id: string) => sources.find((s) => s.id === id)?.name ?? id;

  const announcements: Array<[string, Announcement]> = [
    [
      'alerts',
      async (stories) =>
        enqueueAlerts({ outbox, sourceName, now: parts.now(), lease }, stories, await settings.listWatches()),
    ],
    ...parts.announcements.map((announce, i): [string, Announcement] => [`hook-${i + 1}`, announce]),
  ];
  const ledgers = announcements.map(([name]) => new AnnouncementLedger(parts.meta, name));

  items.beforeStore = async (added) => void (await Promise.all(ledgers.map((ledger) => ledger.add(added))));
  const outcomes = await pollAll(
    sources,
    {
      items,
      feeds,
      logger,
      fetchOptions: parts.fetchOptions,
      now: parts.now,
      enrich: (item) => classifyItem(parts.classifier(), item),
    },
    options,
  ).finally(() => {
    items.beforeStore = undefined;
  });

  const result: PollCycleResult = { outcomes };
  const afterPoll: Array<[string, () => Promise<unknown>]> = [];
  const paused = new Set(pausedAwaitingNotice(outcomes));
  if (paused.size > 0) {
    afterPoll.push([
      'pause notices',
      () =>
        enqueuePauseNotices(
          sources.filter((s) => paused.has(s.id)),
          { feeds, settings, outbox, logger, now: parts.now, lease },
        ),
    ]);
  }
  // Comments only of the sources whose stories were read: one backing off or paused is left alone.
  const read = new Set(
    outcomes.filter((o) => o.status === 'fetched' || o.status === 'not-modified').map((o) => o.sourceId),
  );
  afterPoll.push([
    'comments',
    async () =>
      (result.comments = await pollComments(
        sources.filter((s) => read.has(s.id)),
        {
          items,
          comments: parts.comments,
          feeds,
          classifier: parts.classifier,
          fetchOptions: parts.fetchOptions,
          logger,
          now: parts.now(),
          lease,
        },
      )),
  ]);
  for (const [name, step] of afterPoll) {
    if (lease.aborted) break;
    await step().catch((error: unknown) =>
      logger.error({ err: error, step: name }, 'a step after the poll failed; the rest goes on'),
    );
  }

  // Ids whose story the store never took are dropped: a poll that stores it lists it again.
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

  if (!lease.aborted) {
    await parts.lastPoll
      .set(LAST_POLL_KEY, { instance: parts.instanceId, at: parts.now().toISOString() })
      .catch(() => undefined);
  }
  return result;
}
