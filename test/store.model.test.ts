import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import type { Item } from '../src/sources/item.ts';
import type { SourceOutcome } from '../src/sources/poll.ts';
import { ChangeWatcher } from '../src/store/change-log.ts';
import { FeedStateStore } from '../src/store/feed-state-store.ts';
import { ItemStore } from '../src/store/item-store.ts';
import { memoryNamespaceMap, openStore } from '../src/store/open-store.ts';
import { StoreError } from '../src/store/store-guard.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness, rssSource } from './helpers/poll-harness.ts';
import { rssFeed, type FeedEntry } from './helpers/rss-feed.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

const day = 24 * 3600 * 1000;
const entry = (n: number, overrides: Partial<FeedEntry> = {}): FeedEntry => ({
  title: `Kinship carers story number ${n}`,
  url: `https://news.example.org/2026/11/story-${n}/`,
  published: new Date(Date.UTC(2026, 10, 1) + n * 3_600_000),
  ...overrides,
});

/** A feed at `path` whose ETag follows its content, like a WordPress site. */
function serveFeed(path: string, entries: () => FeedEntry[]): void {
  server.route(path, {
    handle(request, response) {
      const body = rssFeed(entries());
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 12)}"`;
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8', etag }).end(body);
    },
  });
}

function captureLogger() {
  const lines: Array<{ msg: string; level: number; [key: string]: unknown }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const added = (outcomes: SourceOutcome[]) => outcomes.flatMap((o) => (o.status === 'fetched' ? o.added : []));

describe('a story is stored only once the store has it', () => {
  it('keeps the feed validators when two of four writes fail, and stores the stories at the next poll (case 1)', async () => {
    const url = `memory:failed-writes-${Date.now()}`;
    serveFeed('/failing/feed', () => [1, 2, 3, 4].map((n) => entry(n)));
    const harness = await openPollHarness(url, [rssSource('cc', server.url('/failing/feed'))]);
    const itemsMap = memoryNamespaceMap(url, 'items');
    let refused = 0;
    const realSet = itemsMap.set.bind(itemsMap);
    itemsMap.set = (key: string, value: unknown) => {
      if (refused < 2) {
        refused++;
        throw new Error('SQLITE_BUSY: database is locked');
      }
      return realSet(key, value);
    };

    const [failed] = await harness.poll();
    expect(failed).toMatchObject({ status: 'error' });
    expect((failed as { error: string }).error).toContain('SQLITE_BUSY');
    expect((await harness.feeds.get('cc'))?.etag).toBeUndefined();

    itemsMap.set = realSet;
    await harness.reopen();
    const requestsBefore = server.requestsTo('/failing/feed').length;
    const [retried] = await harness.poll({ force: true });
    expect(retried).toMatchObject({ status: 'fetched' });
    expect(server.requestsTo('/failing/feed')[requestsBefore]!.headers['if-none-match']).toBeUndefined();
    expect(harness.items.size).toBe(4);
    expect((await harness.feeds.get('cc'))?.etag).toBeDefined();

    await harness.reopen();
    expect(
      harness.items
        .list()
        .map((i) => i.title)
        .sort(),
    ).toEqual([1, 2, 3, 4].map((n) => entry(n).title).sort());
    const [again] = await harness.poll();
    expect(again).toMatchObject({ status: 'not-modified' });
    await harness.close();
  });

  it('fails a poll cleanly while another process holds the database past the busy timeout, then stores every story once it is released', async () => {
    const file = dir.file('locked.sqlite');
    serveFeed('/locked/feed', () => [1, 2, 3].map((n) => entry(n)));
    const harness = await openPollHarness(
      `sqlite://${file}`,
      [rssSource('cc', server.url('/locked/feed'))],
      {},
      { busyTimeoutMs: 200, timeoutMs: 3_000 },
    );
    await harness.poll(); // creates the tables and stores the first three as backfill
    const more = [1, 2, 3, 4, 5].map((n) => entry(n));
    serveFeed('/locked/feed', () => more);

    const other = new sqlite3.Database(file);
    const exec = (sql: string) =>
      new Promise<void>((resolve, reject) => other.exec(sql, (error) => (error ? reject(error) : resolve())));
    await exec('BEGIN EXCLUSIVE');
    const [blocked] = await harness.poll();
    expect(blocked).toMatchObject({ status: 'error' });
    expect((blocked as { error: string }).error).toContain(file);
    await exec('COMMIT');
    await new Promise<void>((resolve) => other.close(() => resolve()));

    const [released] = await harness.poll();
    expect(released).toMatchObject({ status: 'fetched' });
    expect(
      added([released!])
        .map((i) => i.title)
        .sort(),
    ).toEqual([entry(4).title, entry(5).title]);
    await harness.reopen();
    expect(harness.items.size).toBe(5);
    await harness.close();
  });
});

describe('feed state under overlapping polls (case 3)', () => {
  it('a slow failure finishing after a fast success keeps the ETag and the last success, so new stories are announced', async () => {
    let request = 0;
    const body = rssFeed([entry(1), entry(2)]);
    server.route('/overlap/feed', {
      handle(incoming, response) {
        request++;
        if (request === 2) return void setTimeout(() => response.writeHead(503).end('busy'), 600);
        if (incoming.headers['if-none-match'] === '"v1"') return void response.writeHead(304, { etag: '"v1"' }).end();
        response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(body);
      },
    });
    const harness = await openPollHarness(`memory:overlap-${Date.now()}`, [
      rssSource('cc', server.url('/overlap/feed')),
    ]);
    await harness.poll(); // first poll: backfill, ETag v1
    server.route('/overlap/feed', {
      handle(incoming, response) {
        request++;
        if (request === 2) return void setTimeout(() => response.writeHead(503).end('busy'), 600);
        response
          .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v2"' })
          .end(rssFeed([entry(1), entry(2), entry(3)]));
      },
    });
    const slow = harness.poll({ force: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fast = await harness.poll({ force: true });
    expect(fast[0]).toMatchObject({ status: 'fetched', backfill: false });
    expect((await slow)[0]).toMatchObject({ status: 'error' });

    const state = await harness.feeds.get('cc');
    expect(state?.etag).toBe('"v2"');
    expect(state?.lastSuccessAt).toBeDefined();
    server.route('/overlap/feed', {
      headers: { 'content-type': 'application/rss+xml', etag: '"v3"' },
      body: rssFeed([entry(1), entry(2), entry(3), entry(4)]),
    });
    const [next] = await harness.poll({ force: true });
    expect(next).toMatchObject({ status: 'fetched', backfill: false });
    expect(added([next!]).map((i) => i.title)).toEqual([entry(4).title]);
    await harness.close();
  });
});

describe('every process sees the others’ writes (case 4)', () => {
  it('a story stored by one connection appears in another’s listing after one change check, with no restart', async () => {
    const url = `sqlite://${dir.file('shared.sqlite')}`;
    serveFeed('/shared/feed', () => [entry(1)]);
    const bot = await openPollHarness(url, [rssSource('cc', server.url('/shared/feed'))]);
    const shell = await openPollHarness(url, [rssSource('cc', server.url('/shared/feed'))]);
    const watcher = new ChangeWatcher(
      bot.connection.changes,
      { items: (ids) => bot.items.applyChanges(ids) },
      () => bot.items.reload(),
      silentLogger,
    );
    await watcher.prime();

    await shell.poll();
    expect(shell.items.size).toBe(1);
    expect(bot.items.size).toBe(0);
    await watcher.check();
    expect(bot.items.list().map((i) => i.title)).toEqual([entry(1).title]);
    await bot.close();
    await shell.close();
  });

  it('a comment-count refresh keeps the classification another process wrote since', async () => {
    const url = `memory:reclassify-${Date.now()}`;
    let comments = 1;
    serveFeed('/comments-move/feed', () => [entry(1, { comments })]);
    const bot = await openPollHarness(url, [rssSource('cc', server.url('/comments-move/feed'))]);
    await bot.poll();
    const stale = bot.items.list()[0]!;

    const shell = await openPollHarness(url, []);
    const reclassified: Item = {
      ...stale,
      classification: {
        aboutReform: true,
        themes: [{ key: 'kinship-care', score: 3, evidence: [] }],
        recommendations: [],
      },
    };
    await shell.items.update([reclassified]);

    comments = 5;
    await bot.poll();
    const stored = await shell.connection.collection<Item>('items').get(stale.id);
    expect(stored?.commentCount).toBe(5);
    expect(stored?.classification?.themes.map((t) => t.key)).toEqual(['kinship-care']);
    await bot.close();
    await shell.close();
  });
});

describe('same-source title dedup has a time window (case 9)', () => {
  it('stores a weekly column with an unchanged title every week, and still drops a re-sent copy of this week’s', async () => {
    const connection = await openStore(`memory:weekly-${Date.now()}`, silentLogger);
    const items = await ItemStore.open(connection);
    const column = (week: number, path = `round-up-${week}`): Item => ({
      id: `weekly-${path}`,
      sourceId: 'cc',
      guid: path,
      url: `https://news.example.org/${path}/`,
      title: 'Social work news round-up',
      summary: '',
      categories: [],
      published: new Date(Date.UTC(2026, 10, 2) + week * 7 * day).toISOString(),
      publishedKnown: true,
      firstSeen: new Date().toISOString(),
      backfill: false,
    });
    expect(await items.addNew([column(0)])).toHaveLength(1);
    expect(await items.addNew([column(1)])).toHaveLength(1);
    expect(await items.addNew([{ ...column(1, 'round-up-1-amp'), published: column(1).published }])).toHaveLength(0);
    expect(items.size).toBe(2);
    await connection.close();
  });

  it('stores a daily column with its own guid and URL every day', async () => {
    const connection = await openStore(`memory:daily-${Date.now()}`, silentLogger);
    const items = await ItemStore.open(connection);
    for (let d = 0; d < 14; d++) {
      const path = `daily-${d}`;
      await items.addNew([
        {
          id: path,
          sourceId: 'cc',
          guid: path,
          url: `https://news.example.org/${path}/`,
          title: 'Social work news round-up',
          summary: '',
          categories: [],
          published: new Date(Date.UTC(2026, 10, 1) + d * day).toISOString(),
          publishedKnown: true,
          firstSeen: new Date().toISOString(),
          backfill: false,
        },
      ]);
    }
    expect(items.size).toBe(14);
    await connection.close();
  });
});

describe('damaged records and the SQLite file (cases 15 and 16)', () => {
  const runSql = (file: string, sql: string) =>
    new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(file);
      db.exec(sql, (error) => db.close(() => (error ? reject(error) : resolve())));
    });

  it('skips a record that is bad JSON, null or not an item, names it in the log, and serves the rest', async () => {
    const file = dir.file('damaged.sqlite');
    const first = await openStore(`sqlite://${file}`, silentLogger);
    const items = await ItemStore.open(first);
    await items.addNew(
      [1, 2].map((n) => ({
        id: `ok-${n}`,
        sourceId: 'cc',
        url: `https://x.org/${n}`,
        title: `Fine story ${n}`,
        summary: '',
        categories: [],
        published: '2026-11-01T00:00:00.000Z',
        publishedKnown: true,
        firstSeen: '2026-11-01T00:00:00.000Z',
        backfill: false,
      })),
    );
    await first.close();
    await runSql(
      file,
      `INSERT INTO keyv(key, value) VALUES ('items:bad-json', '{"value": {"id": '), ('items:null', 'null'), ('items:no-title', '{"value":{"id":"no-title","url":"https://x.org/3"}}')`,
    );

    const { logger, lines } = captureLogger();
    const second = await openStore(`sqlite://${file}`, logger);
    const reopened = await ItemStore.open(second);
    expect(
      reopened
        .list()
        .map((i) => i.id)
        .sort(),
    ).toEqual(['ok-1', 'ok-2']);
    const skipped = lines.filter((l) => l.msg === 'skipping a damaged stored record').map((l) => l.key);
    expect(skipped.sort()).toEqual(['bad-json', 'no-title', 'null']);
    await second.close();
  });

  it('leaves one self-contained database file after a clean close', async () => {
    const file = dir.file('clean.sqlite');
    const connection = await openStore(`sqlite://${file}`, silentLogger);
    await connection.collection<string>('meta').set('hello', 'world');
    await connection.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = await openStore(`sqlite://${file}`, silentLogger);
    expect(await again.collection<string>('meta').get('hello')).toBe('world');
    await again.close();
  });

  it('creates a missing database file, folders included', async () => {
    const file = dir.file('new/folder/fresh.sqlite');
    const connection = await openStore(`sqlite://${file}`, silentLogger);
    await connection.collection<string>('meta').set('hello', 'world');
    await connection.close();
    expect(existsSync(file)).toBe(true);
  });

  it('reports a read-only database by its file on every write, and keeps running', async () => {
    const file = dir.file('read-only.sqlite');
    serveFeed('/read-only/feed', () => [entry(1)]);
    const first = await openPollHarness(`sqlite://${file}`, [rssSource('cc', server.url('/read-only/feed'))]);
    await first.close();
    if (spawnSync('chattr', ['+i', file]).status !== 0) {
      console.warn('chattr is not available here: the read-only database case is not exercised');
      return;
    }
    try {
      const harness = await openPollHarness(`sqlite://${file}`, [rssSource('cc', server.url('/read-only/feed'))]);
      const [outcome] = await harness.poll();
      expect(outcome).toMatchObject({ status: 'error' });
      expect((outcome as { error: string }).error).toContain(file);
      expect((outcome as { error: string }).error).toMatch(/readonly|read-only|SQLITE_/i);
      await harness.close();
    } finally {
      spawnSync('chattr', ['-i', file]);
    }
  });

  it('names the file when it is not a database', async () => {
    const file = dir.file('not-a-database.sqlite');
    writeFileSync(file, 'this is a text file, not SQLite'.repeat(100));
    const error = await openStore(`sqlite://${file}`, silentLogger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(file);
  });
});

describe('locks: one poll at a time', () => {
  it('two connections cannot both hold the poll lock, and the one waiting is told who holds it', async () => {
    const url = `sqlite://${dir.file('locks.sqlite')}`;
    const a = await openStore(url, silentLogger);
    const b = await openStore(url, silentLogger);
    let release!: () => void;
    const holding = a.locks.tryRun('poll', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await b.locks.tryRun('poll', async () => 'ran');
    expect(refused.ran).toBe(false);
    expect(!refused.ran && refused.heldBy.holder).toContain(a.instanceId);

    const waits: string[] = [];
    const waiting = b.locks.run('poll', async () => 'ran after', {
      onWait: (heldBy) => waits.push(heldBy.holder),
      pollMs: 50,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await holding;
    expect(await waiting).toBe('ran after');
    expect(waits).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('a lock whose holder died expires, and is renewed while its holder works', async () => {
    const url = `sqlite://${dir.file('expiry.sqlite')}`;
    const a = await openStore(url, silentLogger, { lockTtlMs: 300 });
    const b = await openStore(url, silentLogger, { lockTtlMs: 300 });
    // A long run keeps its lock past the TTL by renewing it.
    let release!: () => void;
    const long = a.locks.tryRun('digest', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await b.locks.tryRun('digest', async () => 'stolen')).ran).toBe(false);
    release();
    await long;
    await a.close();
    // A holder that vanished without releasing: its lock lapses after the TTL.
    const backend = (b.locks as unknown as { backend: { acquire(n: string, h: string, t: number): Promise<boolean> } })
      .backend;
    expect(await backend.acquire('poll', 'crashed-process#1', 300)).toBe(true);
    expect((await b.locks.tryRun('poll', async () => 1)).ran).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await b.locks.tryRun('poll', async () => 1)).toEqual({ ran: true, value: 1 });
    await b.close();
  });
});

describe('a holder that loses its lock stops writing', () => {
  it('aborts the work’s lease when another process has taken the lock, and a poll then writes nothing', async () => {
    const url = `memory:lease-${Date.now()}`;
    const connection = await openStore(url, silentLogger, { lockTtlMs: 300 });
    const backend = (
      connection.locks as unknown as {
        backend: {
          release(n: string, h: string): Promise<void>;
          acquire(n: string, h: string, ttl: number): Promise<boolean>;
          inspect(n: string): Promise<{ holder: string }>;
        };
      }
    ).backend;
    let aborted = false;
    await connection.locks.tryRun('poll', async (lease) => {
      const mine = (await backend.inspect('poll')).holder;
      // Another process takes the lock (as if this one's had lapsed).
      await backend.release('poll', mine);
      await backend.acquire('poll', 'another-process#1', 60_000);
      await new Promise((resolve) => setTimeout(resolve, 400));
      aborted = lease.aborted;
      serveFeed('/lease/feed', () => [entry(1)]);
      const harness = await openPollHarness(url, [rssSource('cc', server.url('/lease/feed'))]);
      const [outcome] = await harness.poll({ lease });
      expect(outcome).toMatchObject({ status: 'error' });
      expect((outcome as { error: string }).error).toContain('lost the poll lock');
      expect(harness.items.size).toBe(0);
      expect(await harness.feeds.get('cc')).toBeUndefined();
    });
    expect(aborted).toBe(true);
    await connection.close();
  });
});

describe('feed state store', () => {
  it('applies each change to the record as stored at that moment', async () => {
    const connection = await openStore(`memory:feed-state-${Date.now()}`, silentLogger);
    const feeds = new FeedStateStore(connection);
    await feeds.set({ sourceId: 'cc', etag: '"a"', failures: 0, lastSuccessAt: '2026-11-01T00:00:00.000Z' });
    await feeds.update('cc', (s) => ({ ...s, failures: s.failures + 1, lastError: 'HTTP 503' }));
    expect(await feeds.get('cc')).toMatchObject({
      etag: '"a"',
      failures: 1,
      lastError: 'HTTP 503',
      lastSuccessAt: '2026-11-01T00:00:00.000Z',
    });
    await connection.close();
  });
});
