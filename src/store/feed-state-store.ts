import type { Collection } from './collection.ts';
import type { StoreConnection } from './open-store.ts';

/** What the bot remembers of each source between polls. */
export interface FeedState {
  sourceId: string;
  /** The source's address when the validators and failures below were recorded (absent in older records). */
  url?: string;
  etag?: string;
  lastModified?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** Consecutive failures; 0 after any success. */
  failures: number;
  /** When the current run of failures began (the first of them); absent after a success. */
  failuresStartedAt?: string;
  lastError?: string;
  /** No request before this time (backoff after failures, or the server's Retry-After). */
  nextAttemptAt?: string;
  itemCount?: number;
  /** Of those, the stories that could be stored, and how many had a date the last time the source was read. */
  storyCount?: number;
  datedCount?: number;
  /** Of the undated ones, how many gave a well-formed date more than two days ahead. */
  aheadCount?: number;
  /** Paused after too many failures in a row: not polled until a moderator resumes it. */
  pausedAt?: string;
  /** When the servers' admins were told of the pause (its notices were put in the outbox). */
  pauseNoticesAt?: string;
  /** For an html source: the feed its page advertises, read instead of the page; the validators above are that feed's. */
  feedUrl?: string;
  /** The page `feedUrl` was found on: a source given another page in the sources file looks again. */
  feedPageUrl?: string;
  /** How the items were found the last time: "feed", "advertised feed", "JSON-LD", "OpenGraph" or "selectors". */
  via?: string;
}

/**
 * The state as it applies to the source at `url`: a source given another address in the sources file
 * keeps its history, but not the old address's validators or its run of failures and backoff.
 */
export function stateForUrl(state: FeedState, url: string): FeedState {
  if (state.url === undefined || state.url === url) return { ...state, url };
  return {
    ...state,
    url,
    etag: undefined,
    lastModified: undefined,
    failures: 0,
    failuresStartedAt: undefined,
    lastError: undefined,
    nextAttemptAt: undefined,
  };
}

function isFeedState(value: unknown): value is FeedState {
  return typeof value === 'object' && value !== null && typeof (value as FeedState).sourceId === 'string';
}

/**
 * Feed state per source. Each outcome changes only the fields it is about, applied to the record as
 * the store holds it at that moment: a slow failure finishing after a fast success never erases the
 * validators or the last success that the success stored.
 */
export class FeedStateStore {
  private readonly kv: Collection<FeedState>;

  constructor(connection: StoreConnection) {
    this.kv = connection.collection<FeedState>('feeds', isFeedState);
  }

  async get(sourceId: string): Promise<FeedState | undefined> {
    return this.kv.get(sourceId);
  }

  async set(state: FeedState): Promise<void> {
    await this.kv.set(state.sourceId, state);
  }

  /** Applies `change` to the current record (or a fresh one) and stores the result. */
  async update(sourceId: string, change: (current: FeedState) => FeedState): Promise<FeedState> {
    const current = (await this.kv.get(sourceId)) ?? { sourceId, failures: 0 };
    const next = change(current);
    await this.kv.set(sourceId, next);
    return next;
  }
}
