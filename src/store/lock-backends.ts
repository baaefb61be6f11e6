import type KeyvSqlite from '@keyv/sqlite';

export interface LockInfo {
  holder: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * The atomic operations a lock needs from each backend: take the lock if it is free, expired, or
 * already ours; extend it only while it is still ours. Keyv has no compare-and-set, so each backend
 * does them natively.
 */
export interface LockBackend {
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends a lock this holder still has; never takes one back once released or taken over. */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
  inspect(name: string): Promise<LockInfo | undefined>;
}

type SqliteQuery = KeyvSqlite['query'];

/** Claims are never released: rows this long expired are deleted now and then so the table stays small. */
const SWEEP_AFTER_MS = 3_600_000;
const SWEEP_EVERY = 200;

/** A table of its own in the SQLite file; an upsert guarded by a WHERE clause is atomic under SQLite's write lock. */
export function sqliteLocks(query: SqliteQuery): LockBackend {
  const ready = query(
    'CREATE TABLE IF NOT EXISTS locks(name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires INTEGER NOT NULL)',
  );
  const inspect = async (name: string): Promise<LockInfo | undefined> => {
    await ready;
    const rows = (await query(
      'SELECT holder, expires FROM locks WHERE name = ? AND expires >= ?',
      name,
      Date.now(),
    )) as Array<{
      holder: string;
      expires: number;
    }>;
    const row = rows[0];
    return row ? { holder: row.holder, expiresAt: Number(row.expires) } : undefined;
  };
  let acquisitions = 0;
  return {
    async acquire(name, holder, ttlMs) {
      await ready;
      // A statement of its own, touching only rows no holder can still have (expired an hour ago).
      if (++acquisitions % SWEEP_EVERY === 0)
        await query('DELETE FROM locks WHERE expires < ?', Date.now() - SWEEP_AFTER_MS);
      const now = Date.now();
      await query(
        `INSERT INTO locks(name, holder, expires) VALUES(?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
         WHERE locks.expires < ? OR locks.holder = excluded.holder`,
        name,
        holder,
        now + ttlMs,
        now,
      );
      return (await inspect(name))?.holder === holder;
    },
    async renew(name, holder, ttlMs) {
      await ready;
      const now = Date.now();
      // An UPDATE, never an insert: a lock released (or taken over) meanwhile stays released.
      await query(
        'UPDATE locks SET expires = ? WHERE name = ? AND holder = ? AND expires >= ?',
        now + ttlMs,
        name,
        holder,
        now,
      );
      return (await inspect(name))?.holder === holder;
    },
    async release(name, holder) {
      await ready;
      await query('DELETE FROM locks WHERE name = ? AND holder = ?', name, holder);
    },
    inspect,
  };
}

interface RedisLike {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  get(key: string): Promise<string | null>;
  pTTL(key: string): Promise<number>;
}

const ACQUIRE = `local v = redis.call('GET', KEYS[1])
if (not v) or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Redis: a key with an expiry, taken and released by small scripts so check and set are one step. */
export function redisLocks(client: RedisLike, prefix = 'care-review-bot:lock:'): LockBackend {
  return {
    async acquire(name, holder, ttlMs) {
      return Number(await client.eval(ACQUIRE, { keys: [prefix + name], arguments: [holder, String(ttlMs)] })) === 1;
    },
    async renew(name, holder, ttlMs) {
      return Number(await client.eval(RENEW, { keys: [prefix + name], arguments: [holder, String(ttlMs)] })) === 1;
    },
    async release(name, holder) {
      await client.eval(RELEASE, { keys: [prefix + name], arguments: [holder] });
    },
    async inspect(name) {
      const holder = await client.get(prefix + name);
      if (!holder) return undefined;
      const ttl = await client.pTTL(prefix + name);
      return { holder, expiresAt: Date.now() + Math.max(0, ttl) };
    },
  };
}

/** One process's memory (tests and the memory: store): the same rules, no sharing beyond the process. */
export function memoryLocks(table: Map<string, LockInfo>): LockBackend {
  return {
    async acquire(name, holder, ttlMs) {
      const current = table.get(name);
      if (current && current.expiresAt >= Date.now() && current.holder !== holder) return false;
      table.set(name, { holder, expiresAt: Date.now() + ttlMs });
      return true;
    },
    async renew(name, holder, ttlMs) {
      const current = table.get(name);
      if (!current || current.expiresAt < Date.now() || current.holder !== holder) return false;
      table.set(name, { holder, expiresAt: Date.now() + ttlMs });
      return true;
    },
    async release(name, holder) {
      if (table.get(name)?.holder === holder) table.delete(name);
    },
    async inspect(name) {
      const current = table.get(name);
      return current && current.expiresAt >= Date.now() ? current : undefined;
    },
  };
}
