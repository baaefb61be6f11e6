// Review cases: stories and comments are written only while the lease holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from '../src/classify/classifier.ts';
import { pollComments } from '../src/jobs/poll-comments.ts';
import { silentLogger } from '../src/logger.ts';
import { ArrayCommentStore } from '../src/responses/comment-store.ts';
import { defaultFetchOptions } from '../src/sources/fetch-source.ts';
import type { Source } from '../src/sources/source-config.ts';
import { FeedStateStore } from '../src/store/feed-state-store.ts';
import { ItemStore } from '../src/store/item-store.ts';
import { openStore, type StoreConnection } from '../src/store/open-store.ts';
import { newsItem, sharedClassifier } from './helpers/digest-data.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const server = new FixtureServer();
beforeAll(async () => {
  await server.start();
  server.route('/comments/feed/', {
    headers: { 'content-type': 'application/rss+xml' },
    body: fixture('comments/community-care-site-comments-feed.xml'),
  });
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busy = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};
type Acquire = (name: string, holder: string, ttlMs: number) => Promise<boolean>;
const backendOf = (connection: StoreConnection) =>
  (connection.locks as unknown as { backend: { acquire: Acquire } }).backend;

describe('no write after the lease is lost', () => {
  it('stories are not stored when the lease was lost while the announcement ledgers were written', async () => {
    const url = `sqlite://${dir.file('items.sqlite')}`;
    const a = await openStore(url, silentLogger, { lockTtlMs: 2_000 });
    const items = await ItemStore.open(a);
    const story = newsItem({ title: 'Kinship carers get paid leave', published: '2026-11-02T09:00:00Z' });
    // A slow step before the writes (the ledgers, or a busy process): longer than half the TTL.
    items.beforeStore = async () => busy(1_200);
    const outcome = await a.locks.tryRun('poll', async (lease) => {
      let threw = false;
      try {
        await items.addNew([story], undefined, lease);
      } catch {
        threw = true;
      }
      return { leaseLost: lease.aborted, threw };
    });
    const b = await openStore(url, silentLogger);
    const seenByB = await ItemStore.open(b);
    const stored = seenByB.all().some((item) => item.id === story.id);
    await a.close();
    await b.close();
    expect(outcome).toMatchObject({ ran: true, value: { leaseLost: true } });
    // The lease was lost before the items were written: nothing may have been written.
    expect({ stored, threw: outcome.ran && outcome.value.threw }).toEqual({ stored: false, threw: true });
  });

  it('comments are not stored when classifying them outlasted the lease', async () => {
    const connection = await openStore(`sqlite://${dir.file('comments.sqlite')}`, silentLogger, { lockTtlMs: 2_000 });
    const comments = new ArrayCommentStore();
    const items = await ItemStore.open(connection);
    const real = sharedClassifier();
    let slowed = false;
    // Classification is CPU work proportional to the hostile page: here the first comment takes 1.2 s.
    const slowClassifier = {
      classify: (text: Parameters<Classifier['classify']>[0]) => {
        if (!slowed) {
          slowed = true;
          busy(1_200);
        }
        return real.classify(text);
      },
    } as unknown as Classifier;
    const source = {
      id: 'cc',
      name: 'Community Care',
      kind: 'rss',
      enabled: true,
      url: server.url('/feed/'),
      commentsFeed: server.url('/comments/feed/'),
    } as unknown as Source;
    const outcome = await connection.locks.tryRun('poll', async (lease) => {
      let threw = false;
      try {
        await pollComments([source], {
          items,
          comments,
          feeds: new FeedStateStore(connection),
          classifier: () => slowClassifier,
          fetchOptions: { ...defaultFetchOptions, timeoutMs: 2_000, allowPrivateAddresses: true },
          logger: silentLogger,
          now: new Date('2026-12-07T12:00:00Z'),
          lease,
        });
      } catch {
        threw = true;
      }
      return { leaseLost: lease.aborted, threw };
    });
    const stored = (await comments.publishedBetween('2000-01-01', '2100-01-01')).length;
    await connection.close();
    expect(outcome).toMatchObject({ ran: true, value: { leaseLost: true } });
    expect({ stored }).toEqual({ stored: 0 });
  });
});

describe('a released lock is free', () => {
  it('on SQLite, a release that crosses a renewal which sweeps old rows leaves the lock free', async () => {
    const ttl = 2_000;
    const url = `sqlite://${dir.file('sweep.sqlite')}`;
    const a = await openStore(url, silentLogger, { lockTtlMs: ttl });
    const b = await openStore(url, silentLogger, { lockTtlMs: ttl });
    const backend = backendOf(a);
    // Every 200th acquisition sweeps expired rows first; bring the next renewal to be that one.
    for (let i = 0; i < 198; i++) await backend.acquire(`claim-${i}`, 'someone', 60_000);
    // The work ends just as its first renewal (a quarter TTL in) is sent.
    const first = await a.locks.tryRun('deliver', () => wait(ttl / 4));
    expect(first.ran).toBe(true);
    await wait(50);
    const heldAfterRelease = await b.locks.inspect('deliver');
    const second = await b.locks.tryRun('deliver', async () => 'ran');
    await a.close();
    await b.close();
    expect({ heldAfterRelease: heldAfterRelease?.holder, secondRan: second.ran }).toEqual({
      heldAfterRelease: undefined,
      secondRan: true,
    });
  });
});
