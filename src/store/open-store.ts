import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { Logger } from '../logger.ts';
import { ChangeLog, type Change } from './change-log.ts';
import { Collection, tolerantDeserialize, type ScanOptions, type Validate } from './collection.ts';
import { INSTANCE_ID } from './instance-id.ts';
import { memoryLocks, redisLocks, sqliteLocks, type LockBackend, type LockInfo } from './lock-backends.ts';
import { StoreLocks } from './locks.ts';
import { DEFAULT_STORE_TIMEOUT_MS, StoreGuard } from './store-guard.ts';

// Memory stores live as long as the process, by URL, so a "reopen" in tests behaves like a restart.
const memoryStores = new Map<string, Map<string, unknown>>();
const memoryLockTables = new Map<string, Map<string, LockInfo>>();

export type Namespace =
  | 'items'
  | 'dedup'
  | 'feeds'
  | 'meta'
  | 'tracker'
  | 'settings'
  | 'watches'
  | 'outbox'
  | 'outbox-pending'
  | 'changes'
  | 'comments'
  | 'proposals'
  | 'sources';

export type StoreKind = 'sqlite' | 'redis' | 'memory';

/** The configured backend (SQLite file, Redis, or memory for tests) as typed collections, locks and a change log. */
export interface StoreConnection {
  readonly kind: StoreKind;
  /** The file or server, as named in messages (no password). */
  readonly label: string;
  /** This connection's name in locks and in the change log. */
  readonly instanceId: string;
  readonly guard: StoreGuard;
  readonly locks: StoreLocks;
  readonly changes: ChangeLog;
  collection<T>(name: Namespace, validate?: Validate<T>): Collection<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  timeoutMs?: number;
  /** How long SQLite waits for another process's write lock before failing a call. */
  busyTimeoutMs?: number;
  lockTtlMs?: number;
}

/** The Map behind one namespace of a memory store: tests use it to make writes fail on purpose. */
export function memoryNamespaceMap(url: string, name: Namespace): Map<string, unknown> {
  const key = `${url}#${name}`;
  if (!memoryStores.has(key)) memoryStores.set(key, new Map());
  return memoryStores.get(key)!;
}

export function storeKind(url: string): StoreKind {
  return url.startsWith('sqlite:') ? 'sqlite' : url.startsWith('redis') ? 'redis' : 'memory';
}

function sqliteFile(url: string): string {
  return url.replace(/^sqlite:\/\//, '');
}

function redisLabel(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'redis';
  }
}

let connections = 0;

interface Backend {
  adapter(name: Namespace): ConstructorParameters<typeof Keyv>[0];
  /** A faster full read of one namespace than keyv's iterator, where the backend has one: [key, raw value]. */
  scan?(name: Namespace, options: ScanOptions): AsyncIterable<[string, string]>;
  /** Writes a raw value under keyv's full key (`namespace:key`) only if the key holds none: true when it wrote. */
  insertIfAbsent(name: Namespace, fullKey: string, raw: string): Promise<boolean>;
  locks: LockBackend;
  close(): Promise<void>;
}

/** Rows read from SQLite a query at a time by a full read. */
const SQLITE_SCAN_PAGE = 1_000;

type SqliteQuery = (sql: string, ...params: unknown[]) => Promise<unknown>;

/**
 * A full read of one namespace straight from keyv's table, in key order a page at a time, with the
 * omitted fields removed by SQLite itself. A value that is not JSON is passed on as it is, for the
 * collection to report.
 */
async function* sqliteScan(query: SqliteQuery, name: Namespace, omit: string[]): AsyncIterable<[string, string]> {
  const prefix = `${name}:`;
  // Keys in the namespace run from "name:" up to, not including, "name;" (the next character).
  const end = `${name};`;
  const paths = omit.map((field) => `'$.value.${field.replace(/[^\w-]/g, '')}'`);
  const value =
    paths.length > 0
      ? `CASE WHEN json_valid(value) THEN json_remove(value, ${paths.join(', ')}) ELSE value END`
      : 'value';
  let after = prefix;
  for (;;) {
    const rows = (await query(
      `SELECT key, ${value} AS value FROM keyv WHERE key > ? AND key < ? ORDER BY key LIMIT ${SQLITE_SCAN_PAGE}`,
      after,
      end,
    )) as Array<{ key: string; value: string }>;
    for (const row of rows) yield [row.key.slice(prefix.length), row.value];
    if (rows.length < SQLITE_SCAN_PAGE) return;
    after = rows.at(-1)!.key;
  }
}

async function openSqlite(url: string, guard: StoreGuard, options: OpenStoreOptions): Promise<Backend> {
  const file = sqliteFile(url);
  const busyTimeout = options.busyTimeoutMs ?? 5_000;
  const adapters: KeyvSqlite[] = [];
  const make = () => {
    const adapter = new KeyvSqlite({ uri: url, busyTimeout, iterationLimit: 250 });
    adapter.on('error', () => undefined); // reported by the call that failed, through the guard
    adapters.push(adapter);
    return adapter;
  };
  const control = await guard.open('open the store', async () => {
    mkdirSync(dirname(file), { recursive: true });
    // Instances started together on a new file: while one creates the table and turns WAL on, SQLite
    // answers the others "database is locked" at once, whatever the busy timeout. They try again.
    const deadline = Date.now() + busyTimeout;
    for (let attempt = 1; ; attempt++) {
      const setup = new KeyvSqlite({ uri: url, busyTimeout, iterationLimit: 250 });
      setup.on('error', () => undefined);
      try {
        // WAL lets readers in other processes work while one writes; NORMAL sync is durable across a process crash.
        await setup.query('PRAGMA journal_mode=WAL');
        await setup.query('PRAGMA synchronous=NORMAL');
        await setup.query('SELECT count(*) FROM keyv');
        adapters.push(setup);
        return setup;
      } catch (error) {
        await setup.disconnect().catch(() => undefined);
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(20 * attempt, 200)));
      }
    }
  });
  return {
    adapter: () => {
      const adapter = make();
      void adapter.query('PRAGMA synchronous=NORMAL').catch(() => undefined);
      // A dozen connections each with SQLite's default 2 MB page cache add up; the bot's reads are few.
      void adapter.query('PRAGMA cache_size=-256').catch(() => undefined);
      return adapter;
    },
    locks: sqliteLocks(control.query),
    scan: (name, options) => sqliteScan(control.query, name, options.omit ?? []),
    async insertIfAbsent(_name, fullKey, raw) {
      // keyv's own table; RETURNING yields the row only when this statement inserted it.
      const rows = (await control.query(
        'INSERT INTO keyv(key, value) VALUES(?, ?) ON CONFLICT(key) DO NOTHING RETURNING key',
        fullKey,
        raw,
      )) as unknown[];
      return rows.length === 1;
    },
    async close() {
      // Let every connection finish what it was doing, then close them one by one: the last to
      // close folds the write-ahead log back in, so a clean exit leaves one self-contained file.
      await Promise.allSettled(adapters.map((adapter) => adapter.query('SELECT 1')));
      await control.query('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
      for (const adapter of adapters.reverse()) {
        await adapter.disconnect().catch((error: unknown) => guard.noteBackgroundError(error));
      }
    },
  };
}

async function openRedis(url: string, guard: StoreGuard, timeoutMs: number): Promise<Backend> {
  // Loaded only for Redis: the client is hundreds of modules a SQLite bot never needs in memory.
  const { default: KeyvRedis, createClient } = await import('@keyv/redis');
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries) => Math.min(5_000, 100 * 2 ** retries) },
  });
  client.on('error', (error: unknown) => guard.noteBackgroundError(error));
  // Each namespace's adapter listens on the one shared client.
  client.setMaxListeners(64);
  try {
    // The first connection error (refused, unknown host) is the answer: no need to wait out the timeout.
    await guard.open(
      'connect to the store',
      () =>
        new Promise((resolve, reject) => {
          client.once('error', reject);
          client.connect().then(resolve, reject);
        }),
    );
  } catch (error) {
    client.destroy();
    throw error;
  }
  return {
    adapter: () => {
      const adapter = new KeyvRedis(client, { throwOnErrors: true, throwOnConnectError: true });
      adapter.on('error', () => undefined);
      return adapter;
    },
    locks: redisLocks(client),
    async insertIfAbsent(name, fullKey, raw) {
      // @keyv/redis puts the namespace and "::" before keyv's key.
      return (await client.set(`${name}::${fullKey}`, raw, { NX: true })) === 'OK';
    },
    // keyv's Redis iterator scans ten keys a round trip; a full read at start-up wants a thousand.
    async *scan(name) {
      const prefix = `${name}::${name}:`;
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000, TYPE: 'string' })) {
        if (keys.length === 0) continue;
        const values = await client.mGet(keys);
        for (const [i, key] of keys.entries()) {
          const value = values[i];
          if (typeof value === 'string') yield [key.slice(prefix.length), value] as [string, string];
        }
      }
    },
    async close() {
      await client.quit().catch(() => client.destroy());
    },
  };
}

function openMemory(url: string): Backend {
  if (!memoryLockTables.has(url)) memoryLockTables.set(url, new Map());
  return {
    adapter: (name) => memoryNamespaceMap(url, name) as ConstructorParameters<typeof Keyv>[0],
    locks: memoryLocks(memoryLockTables.get(url)!),
    async insertIfAbsent(name, fullKey, raw) {
      const map = memoryNamespaceMap(url, name);
      if (map.has(fullKey)) return false;
      map.set(fullKey, raw);
      return true;
    },
    async close() {},
  };
}

export async function openStore(url: string, logger: Logger, options: OpenStoreOptions = {}): Promise<StoreConnection> {
  const kind = storeKind(url);
  const label = kind === 'sqlite' ? sqliteFile(url) : kind === 'redis' ? redisLabel(url) : url;
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  const guard = new StoreGuard(label, logger, timeoutMs);
  const backend =
    kind === 'sqlite'
      ? await openSqlite(url, guard, options)
      : kind === 'redis'
        ? await openRedis(url, guard, timeoutMs)
        : openMemory(url);
  const instanceId = `${INSTANCE_ID}/${++connections}`;
  const opened = new Map<string, Collection<unknown>>();

  const collection = <T>(name: Namespace, validate?: Validate<T>): Collection<T> => {
    let existing = opened.get(name);
    if (!existing) {
      const keyv = new Keyv({
        store: backend.adapter(name),
        namespace: name,
        throwOnErrors: true,
        deserialize: tolerantDeserialize,
      });
      keyv.on('error', () => undefined); // every failing call throws to its caller through the guard
      existing = new Collection<unknown>(
        name,
        keyv,
        guard,
        logger,
        validate,
        backend.scan ? (scanOptions) => backend.scan!(name, scanOptions) : undefined,
        (fullKey, raw) => backend.insertIfAbsent(name, fullKey, raw),
      );
      opened.set(name, existing);
    }
    return existing as Collection<T>;
  };

  const changes = new ChangeLog(collection<Change>('changes'), collection<string>('meta'), instanceId);
  return {
    kind,
    label,
    instanceId,
    guard,
    locks: new StoreLocks(backend.locks, guard, logger, instanceId, options.lockTtlMs),
    changes,
    collection,
    async close() {
      await changes
        .flush()
        .catch((error: unknown) =>
          logger.warn(
            { err: error },
            'could not write the change log; other processes learn of the last writes at their next reload',
          ),
        );
      opened.clear();
      await backend.close();
    },
  };
}
