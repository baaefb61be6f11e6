import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { Logger } from '../logger.ts';

// Memory stores live as long as the process, by URL, so a "reopen" in tests behaves like a restart.
const memoryStores = new Map<string, Map<string, unknown>>();

export type Namespace = 'items' | 'feeds' | 'meta' | 'tracker' | 'settings' | 'outbox';

/** One keyv instance per namespace over the configured backend (SQLite file, Redis, or memory for tests). */
export interface StoreConnection {
  readonly kind: 'sqlite' | 'redis' | 'memory';
  namespace<T>(name: Namespace): Keyv<T>;
  close(): Promise<void>;
}

function sqlitePath(url: string): string {
  return url.replace(/^sqlite:\/\//, '');
}

export async function openStore(url: string, logger: Logger): Promise<StoreConnection> {
  const kind = url.startsWith('sqlite:') ? 'sqlite' : url.startsWith('redis') ? 'redis' : 'memory';
  const opened = new Map<Namespace, Keyv>();
  const adapters: Array<{ disconnect?: () => Promise<void> }> = [];

  if (kind === 'sqlite') {
    const file = sqlitePath(url);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    // WAL with synchronous=NORMAL makes each small write cheap yet durable across a process crash.
    const setup = new KeyvSqlite({ uri: url, busyTimeout: 10_000 });
    await setup.query('PRAGMA journal_mode=WAL');
    await setup.disconnect();
  }

  const create = (name: Namespace): Keyv => {
    let store: ConstructorParameters<typeof Keyv>[0];
    if (kind === 'sqlite') {
      const adapter = new KeyvSqlite({ uri: url, busyTimeout: 10_000, iterationLimit: 2_000 } as ConstructorParameters<typeof KeyvSqlite>[0]);
      // Per connection; if it fails the store still works, only with slower, fully synced writes.
      adapter.query('PRAGMA synchronous=NORMAL').catch((error: unknown) => logger.warn({ err: error, namespace: name }, 'could not relax SQLite sync mode'));
      adapters.push(adapter);
      store = { store: adapter, namespace: name, throwOnErrors: true };
    } else if (kind === 'redis') {
      const adapter = new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: 5_000 });
      adapters.push(adapter);
      store = { store: adapter, namespace: name, throwOnErrors: true };
    } else {
      const key = `${url}#${name}`;
      if (!memoryStores.has(key)) memoryStores.set(key, new Map());
      store = { store: memoryStores.get(key), namespace: name, throwOnErrors: true };
    }
    const keyv = new Keyv(store);
    keyv.on('error', (error: unknown) => logger.error({ err: error, namespace: name }, 'store error'));
    return keyv;
  };

  return {
    kind,
    namespace<T>(name: Namespace): Keyv<T> {
      let keyv = opened.get(name);
      if (!keyv) {
        keyv = create(name);
        opened.set(name, keyv);
      }
      return keyv as Keyv<T>;
    },
    async close() {
      await Promise.allSettled(adapters.map((adapter) => adapter.disconnect?.()));
      opened.clear();
    },
  };
}

/** Every value in a namespace, for loading an in-memory index at start-up. */
export async function readAll<T>(keyv: Keyv<T>): Promise<Array<[string, T]>> {
  const entries: Array<[string, T]> = [];
  if (!keyv.iterator) return entries;
  for await (const [key, value] of keyv.iterator(undefined) as AsyncGenerator<[string, T]>) {
    if (value !== undefined) entries.push([key, value]);
  }
  return entries;
}
