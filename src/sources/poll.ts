import pLimit from 'p-limit';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { stateForUrl, type FeedState, type FeedStateStore } from '../store/feed-state-store.ts';
import type { ItemStore } from '../store/item-store.ts';
import { FetchError, type FetchOptions } from './fetch-source.ts';
import type { Item } from './item.ts';
import { isDatedAhead, normaliseEntry } from './normalise.ts';
import { needsPauseNotice, recordFailure, recordSuccess } from './pause.ts';
import { readSource, type HtmlVia } from './read-source.ts';
import type { Source } from './source-config.ts';
import { formatDate, formatDateTime } from '../util/format.ts';
import { yieldToLoop } from '../util/yield-to-loop.ts';
import { MAX_FEED_ENTRIES } from './parse-feed.ts';

/** Entries normalised between two turns of the event loop (bodies of up to 20,000 characters each). */
const NORMALISE_SLICE = 50;
/** New stories classified and stored between two turns of the event loop. */
const STORE_SLICE = 50;

export type SourceOutcome =
  | {
      sourceId: string;
      status: 'fetched';
      added: Item[];
      backfill: boolean;
      seen: number;
      skippedEntries: number;
      via?: HtmlVia;
    }
  | { sourceId: string; status: 'not-modified'; via?: HtmlVia }
  /** `paused`: this failure was one too many, and the source is now paused. */
  | { sourceId: string; status: 'error'; error: string; failures: number; nextAttemptAt: string; paused?: boolean }
  | { sourceId: string; status: 'skipped'; reason: string; nextAttemptAt: string }
  /** Not polled: paused after failing repeatedly, until a moderator resumes it. */
  | {
      sourceId: string;
      status: 'paused';
      pausedAt: string;
      failures: number;
      lastError?: string;
      noticePending: boolean;
    };

export interface PollDeps {
  items: ItemStore;
  feeds: FeedStateStore;
  logger: Logger;
  fetchOptions: FetchOptions;
  now?: () => Date;
  /** Runs on each new item before it is stored (classification); never on stories already stored. */
  enrich?: (item: Item) => Item;
  concurrency?: number;
}

export interface PollOptions {
  /** Poll even a source that is backing off (a paused source stays paused until resumed). */
  force?: boolean;
  onSourceDone?: (outcome: SourceOutcome) => void;
  /** Called when polling actually begins (after any wait for the poll lock). */
  onStart?: () => void;
  /** The poll lock's lease: once aborted, nothing more is written (another process polls now). */
  lease?: AbortSignal;
}

/** Polls one source: conditional GET, parse, normalise, store what is new. Never throws. */
export async function pollSource(source: Source, deps: PollDeps, options: PollOptions = {}): Promise<SourceOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.logger.child({ source: source.id });
  const leaseLost = () => ({
    sourceId: source.id,
    status: 'error' as const,
    error: errorMessage(options.lease!.reason),
    failures: 0,
    nextAttemptAt: now.toISOString(),
  });
  if (options.lease?.aborted) return leaseLost();
  const forThisUrl = (state: FeedState) => stateForUrl(state, source.url);
  let previous: FeedState;
  try {
    previous = stateForUrl((await deps.feeds.get(source.id)) ?? { sourceId: source.id, failures: 0 }, source.url);
  } catch (error) {
    // Without the store nothing can be kept: say so, fetch nothing, change nothing.
    return {
      sourceId: source.id,
      status: 'error',
      error: errorMessage(error),
      failures: 0,
      nextAttemptAt: now.toISOString(),
    };
  }

  if (previous.pausedAt) {
    return {
      sourceId: source.id,
      status: 'paused',
      pausedAt: previous.pausedAt,
      failures: previous.failures,
      lastError: previous.lastError,
      noticePending: needsPauseNotice(previous),
    };
  }
  if (!options.force && previous.nextAttemptAt && previous.nextAttemptAt > now.toISOString()) {
    return {
      sourceId: source.id,
      status: 'skipped',
      reason: `backing off after ${previous.failures} failure(s): ${previous.lastError ?? 'unknown error'}`,
      nextAttemptAt: previous.nextAttemptAt,
    };
  }

  try {
    const read = await readSource(source, previous, deps.fetchOptions, log);
    options.lease?.throwIfAborted();
    if (read.kind === 'not-modified') {
      await deps.feeds.update(source.id, (current) => recordSuccess(forThisUrl(current), now));
      log.debug('not modified');
      return { sourceId: source.id, status: 'not-modified', via: read.via };
    }

    const { entries, total } = read;
    const backfill = !previous.lastSuccessAt;
    if (total > entries.length)
      log.warn(
        { kept: entries.length, left: total - entries.length, total },
        `the source holds more than the ${MAX_FEED_ENTRIES} items a poll reads: only its first ${entries.length} were read, ${total - entries.length} were left`,
      );
    const candidates: Item[] = [];
    let skippedEntries = 0;
    let aheadCount = 0;
    for (const [index, entry] of entries.entries()) {
      if (index > 0 && index % NORMALISE_SLICE === 0) await yieldToLoop();
      const normalised = normaliseEntry(entry, { sourceId: source.id, baseUrl: read.baseUrl, now, backfill });
      if ('skipped' in normalised) {
        skippedEntries++;
        log.debug({ reason: normalised.skipped, title: entry.title }, 'entry skipped');
        continue;
      }
      candidates.push(normalised);
      if (!normalised.publishedKnown && isDatedAhead(entry.published, now)) aheadCount++;
    }
    // Throws if the store does not take every new story; the validators below are then not saved,
    // so the next poll fetches the feed again and the stories are retried. Stored a slice at a time
    // (classifying and writing 200 stories holds the event loop for too long); a later slice finds
    // an earlier one's stories in the store, so duplicates across slices count once all the same.
    const added: Item[] = [];
    for (let at = 0; at < candidates.length; at += STORE_SLICE) {
      if (at > 0) await yieldToLoop();
      added.push(...(await deps.items.addNew(candidates.slice(at, at + STORE_SLICE), deps.enrich, options.lease)));
    }
    options.lease?.throwIfAborted();

    await deps.feeds.update(source.id, (current) => ({
      ...recordSuccess(forThisUrl(current), now),
      etag: read.etag,
      lastModified: read.lastModified,
      itemCount: total,
      storyCount: candidates.length,
      datedCount: candidates.filter((item) => item.publishedKnown).length,
      aheadCount,
      ...(read.feedUrl !== undefined ? { feedUrl: read.feedUrl ?? undefined, feedPageUrl: read.feedPageUrl } : {}),
      ...(read.via ? { via: read.via } : {}),
    }));
    log.debug({ seen: total, added: added.length, backfill, skippedEntries, via: read.via }, 'polled');
    return {
      sourceId: source.id,
      status: 'fetched',
      added,
      backfill,
      seen: total,
      skippedEntries,
      via: read.via,
    };
  } catch (error) {
    // Without the lease this process must not write: the holder now owns the feed state.
    if (options.lease?.aborted) return leaseLost();
    const retryAfterMs = error instanceof FetchError ? error.retryAfterMs : undefined;
    const reason = errorMessage(error);
    let state = recordFailure(previous, now, reason, retryAfterMs);
    try {
      state = await deps.feeds.update(source.id, (current) =>
        recordFailure(forThisUrl(current), now, reason, retryAfterMs),
      );
    } catch (stateError) {
      log.warn({ err: stateError }, 'could not record the failure');
    }
    const paused = state.pausedAt === now.toISOString();
    log.warn(
      { reason, failures: state.failures, nextAttemptAt: state.nextAttemptAt, paused },
      paused ? 'source failed too often in a row and is paused' : 'source failed',
    );
    return {
      sourceId: source.id,
      status: 'error',
      error: reason,
      failures: state.failures,
      nextAttemptAt: state.nextAttemptAt!,
      ...(paused ? { paused } : {}),
    };
  }
}

/** Polls every enabled source; one source's failure never stops the others. */
export async function pollAll(sources: Source[], deps: PollDeps, options: PollOptions = {}): Promise<SourceOutcome[]> {
  const limit = pLimit(deps.concurrency ?? 4);
  const enabled = sources.filter((source) => source.enabled);
  options.onStart?.();
  return Promise.all(
    enabled.map((source) =>
      limit(async () => {
        const outcome = await pollSource(source, deps, options);
        options.onSourceDone?.(outcome);
        return outcome;
      }),
    ),
  );
}

export function describeOutcome(outcome: SourceOutcome): string {
  switch (outcome.status) {
    case 'fetched': {
      const count = outcome.added.length;
      const what = outcome.backfill
        ? `${count} stored as backfill (first poll, not announced)`
        : count === 0
          ? 'no new items'
          : `${count} new item${count === 1 ? '' : 's'}`;
      const details = [
        `${outcome.seen} in source`,
        ...(outcome.skippedEntries ? [`${outcome.skippedEntries} unusable`] : []),
        ...(outcome.via ? [`via ${outcome.via}`] : []),
      ];
      return `${outcome.sourceId}: ${what} (${details.join(', ')})`;
    }
    case 'not-modified':
      return `${outcome.sourceId}: not modified${outcome.via ? ` (via ${outcome.via})` : ''}`;
    case 'error': {
      const line = `${outcome.sourceId}: error: ${outcome.error} (failure ${outcome.failures}`;
      return outcome.paused
        ? `${line}); paused after ${outcome.failures} failures in a row: /feeds resume ${outcome.sourceId} restarts it`
        : `${line}; next try after ${formatDateTime(outcome.nextAttemptAt)})`;
    }
    case 'skipped':
      return `${outcome.sourceId}: skipped, ${outcome.reason}; next try after ${formatDateTime(outcome.nextAttemptAt)}`;
    case 'paused':
      return `${outcome.sourceId}: paused since ${formatDate(outcome.pausedAt)} after ${outcome.failures} failures in a row (last: ${outcome.lastError ?? 'unknown error'}); not polled until /feeds resume ${outcome.sourceId}`;
  }
}

export function anySourceRead(outcomes: SourceOutcome[]): boolean {
  return outcomes.some((o) => o.status === 'fetched' || o.status === 'not-modified');
}

/** The sources this poll found paused whose admins are still to be told. */
export function pausedAwaitingNotice(outcomes: SourceOutcome[]): string[] {
  return outcomes
    .filter((o) => (o.status === 'error' && o.paused) || (o.status === 'paused' && o.noticePending))
    .map((o) => o.sourceId);
}
