import { stripControl } from '../render/markdown.ts';
import type { FeedState, FeedStateStore } from '../store/feed-state-store.ts';
import { checkFeed, FeedCheckError, type CheckedFeed } from './check-feed.ts';
import type { FetchOptions } from './fetch-source.ts';
import { recordResume } from './pause.ts';
import type { Source } from './source-config.ts';
import { uniqueId, type RegisteredSource, type SourceRegistry } from './source-registry.ts';

export const MAX_NAME_LENGTH = 100;

export interface FeedAdminDeps {
  registry: SourceRegistry;
  feeds: FeedStateStore;
  fetchOptions: FetchOptions;
  now: () => Date;
}

export type RemoveResult =
  | { kind: 'unknown' }
  | { kind: 'already-off'; entry: RegisteredSource }
  /** An added feed, no longer polled. */
  | { kind: 'removed'; entry: RegisteredSource }
  /** A source of the sources file: the file is not edited, the source is disabled in the store. */
  | { kind: 'disabled'; entry: RegisteredSource };

export type ResumeResult =
  | { kind: 'unknown' }
  /** Disabled in the sources file itself: only the file can enable it. */
  | { kind: 'disabled-in-file'; entry: RegisteredSource }
  | { kind: 'resumed'; entry: RegisteredSource; wasPaused: boolean; wasRemoved: boolean; wasBackingOff: boolean };

/** A feed's name as shown: control characters removed, spacing folded, 1 to 100 characters. */
export function checkedName(raw: string): string {
  const name = stripControl(raw).replace(/\s+/g, ' ').trim();
  if (!name) throw new FeedCheckError('Give the feed a name, for example "Children & Young People Now".');
  if (name.length > MAX_NAME_LENGTH)
    throw new FeedCheckError(`That name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}.`);
  return name;
}

function sameAddress(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/**
 * What moderators do with the sources (/feeds): check a feed, add it, remove or disable a source,
 * resume one that was paused. Changes go to the store, where every process's next poll finds them.
 */
export class FeedAdmin {
  constructor(private readonly deps: FeedAdminDeps) {}

  /** Every source with its state, in the order they are polled. */
  async overview(): Promise<Array<{ entry: RegisteredSource; state?: FeedState }>> {
    const entries = await this.deps.registry.entries();
    const states = await Promise.all(entries.map((entry) => this.deps.feeds.get(entry.source.id)));
    return entries.map((entry, i) => ({ entry, state: states[i] }));
  }

  /** All the checks of a new feed, storing nothing. */
  test(url: string): Promise<CheckedFeed> {
    return checkFeed(url, this.deps.fetchOptions);
  }

  /** Checks the feed and adds it under an id made from its name; its current stories are stored quietly at the next poll. */
  async add(url: string, rawName: string, by: string): Promise<{ source: Source; checked: CheckedFeed }> {
    const name = checkedName(rawName);
    const checked = await this.test(url);
    const entries = await this.deps.registry.entries();
    const existing = entries.find(
      ({ source, record }) =>
        sameAddress(source.url, checked.feedUrl) ||
        (record?.added?.pageUrl !== undefined && sameAddress(record.added.pageUrl, checked.feedUrl)),
    );
    if (existing) {
      const { id, name, enabled } = existing.source;
      const how = enabled
        ? 'is already polled'
        : existing.record?.removed
          ? `was removed; /feeds resume ${id} polls it again`
          : 'is switched off in the sources file';
      throw new FeedCheckError(`That feed ${how} (${id}: ${name}).`);
    }
    const id = uniqueId(name, await this.deps.registry.takenIds());
    const source: Source = { id, name, kind: 'rss', url: checked.feedUrl, enabled: true };
    const at = this.deps.now().toISOString();
    // A fresh state: the first poll stores the feed's current stories as backfill, never announced.
    await this.deps.feeds.set({ sourceId: id, failures: 0 });
    await this.deps.registry.save({
      id,
      added: { source, by, at, ...(checked.pageUrl ? { pageUrl: checked.pageUrl } : {}) },
    });
    return { source, checked };
  }

  async remove(id: string, by: string): Promise<RemoveResult> {
    const entry = await this.deps.registry.find(id);
    if (!entry) return { kind: 'unknown' };
    if (!entry.source.enabled) return { kind: 'already-off', entry };
    const removed = { by, at: this.deps.now().toISOString() };
    await this.deps.registry.save({ ...(entry.record ?? { id }), removed });
    return { kind: entry.origin === 'file' ? 'disabled' : 'removed', entry };
  }

  /** Polls the source again from the next poll: pause, backoff and failure count cleared, a removal undone. */
  async resume(id: string): Promise<ResumeResult> {
    const entry = await this.deps.registry.find(id);
    if (!entry) return { kind: 'unknown' };
    const wasRemoved = Boolean(entry.record?.removed);
    if (!entry.source.enabled && !wasRemoved) return { kind: 'disabled-in-file', entry };
    if (wasRemoved) {
      if (entry.record!.added) await this.deps.registry.save({ id, added: entry.record!.added });
      else await this.deps.registry.forget(id);
    }
    const before = await this.deps.feeds.get(id);
    const now = this.deps.now().toISOString();
    if (before) await this.deps.feeds.update(id, recordResume);
    return {
      kind: 'resumed',
      entry,
      wasPaused: Boolean(before?.pausedAt),
      wasRemoved,
      wasBackingOff: Boolean(before?.nextAttemptAt && before.nextAttemptAt > now),
    };
  }
}
