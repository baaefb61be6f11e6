import type { Config } from '../config.ts';
import type { Outbox } from '../delivery/outbox.ts';
import { LAST_POLL_KEY, POLL_LOCK, type LastPoll } from '../jobs/poll-cycle.ts';
import type { Source } from '../sources/source-config.ts';
import type { FeedStateStore } from '../store/feed-state-store.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { StoreConnection } from '../store/open-store.ts';
import { DELIVERY_LOCK } from '../delivery/deliver.ts';
import { DIGEST_LOCK, nextScheduledAt } from '../jobs/digest-job.ts';
import { packageVersion } from '../util/package-version.ts';
import type { LockInfo } from '../store/lock-backends.ts';

export interface SourceStatus {
  id: string;
  name: string;
  enabled: boolean;
  itemsStored: number;
  lastSuccessAt?: string;
  lastError?: string;
  failures: number;
  paused: boolean;
  nextPollAt?: string;
  /**
   * What the last poll that read the source found: its stories, how many were dated, how many of the
   * others were dated in the future (so set aside), and how it read them.
   */
  lastRead?: { stories: number; dated: number; ahead: number; via: string };
}

export interface BotStatus {
  version: string;
  uptimeSeconds: number;
  instance: string;
  store: { kind: string; name: string; reachable: boolean };
  sources: SourceStatus[];
  lastPoll?: LastPoll;
  locks: Array<{ name: string; holder?: LockInfo }>;
  nextDigestAt: string;
  lastDigestSentAt?: string;
  pendingPosts: number;
  failedPosts: number;
}

/** The parts of the app /status reads. */
export interface StatusParts {
  config: Pick<Config, 'POLL_CRON' | 'DIGEST_CRON' | 'TZ'>;
  sources: Source[];
  items: ItemStore;
  feeds: FeedStateStore;
  outbox: Outbox;
  store: StoreConnection;
}

/** Everything /status shows, read from the store now (another process may be the one polling). */
export async function collectStatus(app: StatusParts, now = new Date()): Promise<BotStatus> {
  const nextCronPoll = nextScheduledAt(app.config.POLL_CRON, app.config.TZ, now).toISOString();
  const counts = new Map<string, number>();
  for (const item of app.items.all()) counts.set(item.sourceId, (counts.get(item.sourceId) ?? 0) + 1);
  const sources = await Promise.all(
    app.sources.map(async (source): Promise<SourceStatus> => {
      const state = await app.feeds.get(source.id);
      const paused = Boolean((state as { pausedAt?: string } | undefined)?.pausedAt);
      const backoff = state?.nextAttemptAt && state.nextAttemptAt > nextCronPoll ? state.nextAttemptAt : undefined;
      return {
        id: source.id,
        name: source.name,
        enabled: source.enabled,
        itemsStored: counts.get(source.id) ?? 0,
        lastSuccessAt: state?.lastSuccessAt,
        lastError: state?.failures ? state.lastError : undefined,
        failures: state?.failures ?? 0,
        paused,
        nextPollAt: source.enabled && !paused ? (backoff ?? nextCronPoll) : undefined,
        ...(state?.storyCount !== undefined
          ? {
              lastRead: {
                stories: state.storyCount,
                dated: state.datedCount ?? 0,
                ahead: state.aheadCount ?? 0,
                via: state.via ?? 'feed',
              },
            }
          : {}),
      };
    }),
  );
  const entries = await app.outbox.all();
  const digests = entries
    .filter((e) => e.kind === 'digest' && e.sentAt)
    .map((e) => e.sentAt!)
    .sort();
  return {
    version: packageVersion(),
    uptimeSeconds: Math.round(process.uptime()),
    instance: app.store.instanceId,
    store: { kind: app.store.kind, name: app.store.label, reachable: app.store.guard.reachable },
    sources,
    lastPoll: await app.store.collection<LastPoll>('meta').get(LAST_POLL_KEY),
    locks: await Promise.all(
      [POLL_LOCK, DIGEST_LOCK, DELIVERY_LOCK].map(async (name) => ({
        name,
        holder: await app.store.locks.inspect(name),
      })),
    ),
    nextDigestAt: nextScheduledAt(app.config.DIGEST_CRON, app.config.TZ, now).toISOString(),
    lastDigestSentAt: digests.at(-1),
    pendingPosts: entries.filter((e) => e.state === 'pending').length,
    failedPosts: entries.filter((e) => e.state === 'failed').length,
  };
}
