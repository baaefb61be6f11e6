import type Keyv from 'keyv';

/** What the bot remembers of each source between polls. */
export interface FeedState {
  sourceId: string;
  etag?: string;
  lastModified?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** Consecutive failures; 0 after any success. */
  failures: number;
  lastError?: string;
  /** No request before this time (backoff after failures, or the server's Retry-After). */
  nextAttemptAt?: string;
  itemCount?: number;
}

export class FeedStateStore {
  constructor(private readonly kv: Keyv<FeedState>) {}

  async get(sourceId: string): Promise<FeedState | undefined> {
    return this.kv.get(sourceId);
  }

  async set(state: FeedState): Promise<void> {
    await this.kv.set(state.sourceId, state);
  }
}
