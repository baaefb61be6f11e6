import pLimit from 'p-limit';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { FeedState, FeedStateStore } from '../store/feed-state-store.ts';
import type { ItemStore } from '../store/item-store.ts';
import { nextAttemptTime } from './backoff.ts';
import { FetchError, fetchSource, type FetchOptions } from './fetch-source.ts';
import type { Item, RawEntry } from './item.ts';
import { normaliseEntry } from './normalise.ts';
import { parseFeed } from './parse-feed.ts';
import { parseHtmlListing } from './parse-html-listing.ts';
import type { Source } from './source-config.ts';

export type SourceOutcome =
  | { sourceId: string; status: 'fetched'; added: Item[]; backfill: boolean; seen: number; skippedEntries: number }
  | { sourceId: string; status: 'not-modified' }
  | { sourceId: string; status: 'error'; error: string; failures: number; nextAttemptAt: string }
  | { sourceId: string; status: 'skipped'; reason: string; nextAttemptAt: string };

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
  /** Poll even a source that is backing off. */
  force?: boolean;
  onSourceDone?: (outcome: SourceOutcome) => void;
  /** Called when polling actually begins (after any wait for the poll lock). */
  onStart?: () => void;
}

async function parseSource(source: Source, body: string): Promise<RawEntry[]> {
  if (source.kind === 'html') return parseHtmlListing(body, source.selectors);
  return parseFeed(body);
}

/** Polls one source: conditional GET, parse, normalise, store what is new. Never throws. */
export async function pollSource(source: Source, deps: PollDeps, options: PollOptions = {}): Promise<SourceOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.logger.child({ source: source.id });
  let previous: FeedState;
  try {
    previous = (await deps.feeds.get(source.id)) ?? { sourceId: source.id, failures: 0 };
  } catch (error) {
    // Without the store nothing can be kept: say so, fetch nothing, change nothing.
    return { sourceId: source.id, status: 'error', error: errorMessage(error), failures: 0, nextAttemptAt: now.toISOString() };
  }

  if (!options.force && previous.nextAttemptAt && previous.nextAttemptAt > now.toISOString()) {
    return { sourceId: source.id, status: 'skipped', reason: `backing off after ${previous.failures} failure(s): ${previous.lastError ?? 'unknown error'}`, nextAttemptAt: previous.nextAttemptAt };
  }

  try {
    const result = await fetchSource(source.url, {
      ...deps.fetchOptions,
      etag: previous.etag,
      lastModified: previous.lastModified,
    });
    if (result.kind === 'not-modified') {
      await deps.feeds.update(source.id, (current) => ({ ...current, lastAttemptAt: now.toISOString(), lastSuccessAt: now.toISOString(), failures: 0, lastError: undefined, nextAttemptAt: undefined }));
      log.debug('not modified');
      return { sourceId: source.id, status: 'not-modified' };
    }

    const entries = await parseSource(source, result.body);
    if (entries.length === 0 && source.kind === 'html') throw new Error('no items matched the configured selectors');
    const backfill = !previous.lastSuccessAt;
    const candidates: Item[] = [];
    let skippedEntries = 0;
    for (const entry of entries) {
      const normalised = normaliseEntry(entry, { sourceId: source.id, baseUrl: result.url, now, backfill });
      if ('skipped' in normalised) {
        skippedEntries++;
        log.debug({ reason: normalised.skipped, title: entry.title }, 'entry skipped');
        continue;
      }
      candidates.push(normalised);
    }
    // Throws if the store does not take every new story; the validators below are then not saved,
    // so the next poll fetches the feed again and the stories are retried.
    const added = await deps.items.addNew(candidates, deps.enrich);

    await deps.feeds.update(source.id, (current) => ({
      ...current,
      etag: result.etag,
      lastModified: result.lastModified,
      lastAttemptAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      failures: 0,
      lastError: undefined,
      nextAttemptAt: undefined,
      itemCount: entries.length,
    }));
    log.debug({ seen: entries.length, added: added.length, backfill, skippedEntries }, 'polled');
    return { sourceId: source.id, status: 'fetched', added, backfill, seen: entries.length, skippedEntries };
  } catch (error) {
    const retryAfterMs = error instanceof FetchError ? error.retryAfterMs : undefined;
    const reason = errorMessage(error);
    let failures = previous.failures + 1;
    let nextAttemptAt = nextAttemptTime(now, failures, retryAfterMs).toISOString();
    try {
      // Validators stay as they were: a failure must not make the next success look unchanged or all new.
      const state = await deps.feeds.update(source.id, (current) => {
        const count = current.failures + 1;
        return { ...current, lastAttemptAt: now.toISOString(), failures: count, lastError: reason, nextAttemptAt: nextAttemptTime(now, count, retryAfterMs).toISOString() };
      });
      failures = state.failures;
      nextAttemptAt = state.nextAttemptAt ?? nextAttemptAt;
    } catch (stateError) {
      log.warn({ err: stateError }, 'could not record the failure');
    }
    log.warn({ reason, failures, nextAttemptAt }, 'source failed');
    return { sourceId: source.id, status: 'error', error: reason, failures, nextAttemptAt };
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
      const what = outcome.backfill ? `${count} stored as backfill (first poll, not announced)` : count === 0 ? 'no new items' : `${count} new item${count === 1 ? '' : 's'}`;
      return `${outcome.sourceId}: ${what} (${outcome.seen} in source${outcome.skippedEntries ? `, ${outcome.skippedEntries} unusable` : ''})`;
    }
    case 'not-modified':
      return `${outcome.sourceId}: not modified`;
    case 'error':
      return `${outcome.sourceId}: error: ${outcome.error} (failure ${outcome.failures}; next try after ${outcome.nextAttemptAt})`;
    case 'skipped':
      return `${outcome.sourceId}: skipped, ${outcome.reason}; next try after ${outcome.nextAttemptAt}`;
  }
}

export function anySourceRead(outcomes: SourceOutcome[]): boolean {
  return outcomes.some((o) => o.status === 'fetched' || o.status === 'not-modified');
}
