import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../src/logger.ts';
import { defaultFetchOptions, type FetchOptions } from '../../src/sources/fetch-source.ts';
import { pollAll, type PollOptions } from '../../src/sources/poll.ts';
import type { Source } from '../../src/sources/source-config.ts';
import { FeedStateStore } from '../../src/store/feed-state-store.ts';
import { ItemStore } from '../../src/store/item-store.ts';
import { openStore, type OpenStoreOptions, type StoreConnection } from '../../src/store/open-store.ts';
import type { Logger } from '../../src/logger.ts';

/** The poll pipeline over a real store, as the bot opens it; `reopen` is a restart on the same store. */
export async function openPollHarness(
  requestedUrl: string,
  sources: Source[],
  fetchOptions: Partial<FetchOptions> = {},
  storeOptions: OpenStoreOptions & { logger?: Logger } = {},
) {
  // Each bare `memory:` harness gets a store of its own.
  const storeUrl = requestedUrl === 'memory:' ? `memory:${randomUUID()}` : requestedUrl;
  const logger = storeOptions.logger ?? silentLogger;
  let connection: StoreConnection = await openStore(storeUrl, logger, storeOptions);
  let items = await ItemStore.open(connection);
  let feeds = new FeedStateStore(connection);
  let clock = () => new Date();
  // The fixture server is on 127.0.0.1, so private addresses are allowed unless a test says otherwise.
  const options = { ...defaultFetchOptions, timeoutMs: 2_000, allowPrivateAddresses: true, ...fetchOptions };
  return {
    get items() {
      return items;
    },
    get connection() {
      return connection;
    },
    get feeds() {
      return feeds;
    },
    setClock(now: () => Date) {
      clock = now;
    },
    poll(pollOptions?: PollOptions, only?: Source[]) {
      return pollAll(only ?? sources, { items, feeds, logger, fetchOptions: options, now: () => clock() }, pollOptions);
    },
    async reopen() {
      await connection.close();
      connection = await openStore(storeUrl, logger, storeOptions);
      items = await ItemStore.open(connection);
      feeds = new FeedStateStore(connection);
    },
    close: () => connection.close(),
  };
}

export function rssSource(id: string, url: string): Source {
  return { id, name: id, kind: 'rss', url, enabled: true };
}
