import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { deliverPending, type ChannelMessenger } from '../src/delivery/deliver.ts';
import type { OutgoingMessage } from '../src/delivery/outbox.ts';
import { digestJobDeps } from '../src/jobs/digest-deps.ts';
import { CATCH_UP_LIMIT, catchUpDigest, digestJobs, LAST_DIGEST_KEY, nextScheduledAt } from '../src/jobs/digest-job.ts';
import { silentLogger } from '../src/logger.ts';
import { startSchedule } from '../src/scheduler.ts';
import { lastSlot, nextSlot } from '../src/util/cron-slots.ts';

const TZ = 'Europe/London';
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000002';
afterEach(() => vi.useRealTimers());

class RecordingChannel implements ChannelMessenger {
  posts: OutgoingMessage[] = [];
  async send(_channelId: string, message: OutgoingMessage) {
    this.posts.push(message);
    return { id: String(this.posts.length) };
  }
  async recent() {
    return [];
  }
}

describe('the scheduler', () => {
  it('runs a job at each node-cron slot and hands it the slot', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T12:00:10Z') });
    const slots: string[] = [];
    const schedule = startSchedule(
      [{ name: 'job', cron: '* * * * *', run: async (slot) => void slots.push(slot.toISOString()) }],
      TZ,
      silentLogger,
    );
    await vi.advanceTimersByTimeAsync(125_000);
    await schedule.stop();
    expect(slots).toEqual(['2026-11-23T12:01:00.000Z', '2026-11-23T12:02:00.000Z']);
  });
});

/** A bot with one digest target whose posts are recorded with the (fake) time they were made. */
async function digestBot(cron: string, lastPosted: string) {
  const app = await openApp({
    config: loadConfig({ STORE_URL: `memory:schedule-${randomUUID()}`, DIGEST_CRON: cron }, { dotenv: false }),
    logger: silentLogger,
  });
  await app.store.collection<string>('meta').set(LAST_DIGEST_KEY, lastPosted);
  const channel = new RecordingChannel();
  const deliver = () =>
    deliverPending({ outbox: app.outbox, messenger: channel, locks: app.store.locks, logger: silentLogger });
  const deps = digestJobDeps(app, { targets: async () => [{ guildId: GUILD, channelId: CHANNEL }], deliver });
  const owedCheck = digestJobs(deps).find((job) => job.name === 'missed digests')!;
  /** Runs the minute's check as node-cron would at `at`; answers how many messages are posted so far. */
  const checkAt = async (at: string) => {
    vi.setSystemTime(new Date(at));
    await owedCheck.run(new Date(at));
    return channel.posts.length;
  };
  return { app, checkAt };
}

describe('the digest schedule across clock changes', () => {
  it('posts the digest of a slot the spring change skips (Sun 30 Mar 2025, 01:30 in London) at the first minute after it, once, as /status says', async () => {
    const cron = '30 1 * * 0';
    expect(nextScheduledAt(cron, TZ, new Date('2025-03-29T22:00:00Z')).toISOString()).toBe('2025-03-30T01:00:00.000Z');
    vi.useFakeTimers({ now: new Date('2025-03-30T00:59:30Z'), toFake: ['Date'] });
    const { app, checkAt } = await digestBot(cron, '2025-03-23T01:30:00.000Z');
    expect(await checkAt('2025-03-30T00:59:30Z')).toBe(0); // 01:59:30 GMT: nothing is due yet
    expect(await checkAt('2025-03-30T01:00:30Z')).toBe(1); // 02:00:30 BST: the skipped 01:30 is posted
    expect(await checkAt('2025-03-30T01:01:30Z')).toBe(1);
    await app.close();
  });

  it('posts the digest of a slot the autumn change shows twice once', async () => {
    vi.useFakeTimers({ now: new Date('2025-10-26T00:30:30Z'), toFake: ['Date'] });
    const { app, checkAt } = await digestBot('30 1 * * 0', '2025-10-19T00:30:00.000Z');
    expect(await checkAt('2025-10-26T00:30:30Z')).toBe(1); // 01:30:30 BST
    expect(await checkAt('2025-10-26T01:30:30Z')).toBe(1); // 01:30:30 GMT: the same slot again
    await app.close();
  });

  it('keeps ordinary slots where they were, in summer and in winter time', () => {
    const cron = '0 9 * * 1';
    expect(nextScheduledAt(cron, TZ, new Date('2025-03-23T12:00:00Z')).toISOString()).toBe('2025-03-24T09:00:00.000Z');
    expect(nextScheduledAt(cron, TZ, new Date('2025-03-24T12:00:00Z')).toISOString()).toBe('2025-03-31T08:00:00.000Z');
  });
});

describe('slots in other zones', () => {
  it('moves a slot New York skips (Sun 9 Mar 2025, 02:30) to 03:00 EDT, forwards and backwards alike', () => {
    expect(nextSlot('30 2 * * 0', 'America/New_York', new Date('2025-03-08T12:00:00Z')).toISOString()).toBe(
      '2025-03-09T07:00:00.000Z',
    );
    expect(lastSlot('30 2 * * 0', 'America/New_York', new Date('2025-03-09T12:00:00Z')).toISOString()).toBe(
      '2025-03-09T07:00:00.000Z',
    );
  });

  it('names an unknown zone', () => {
    expect(() => nextSlot('0 9 * * 1', 'Mars/Olympus', new Date())).toThrow(/Mars\/Olympus/);
  });
});

describe('digests missed while the bot was down', () => {
  const apps: App[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function bot(cron: string) {
    const app = await openApp({
      config: loadConfig({ STORE_URL: `memory:clock-${randomUUID()}`, DIGEST_CRON: cron }, { dotenv: false }),
      logger: silentLogger,
    });
    apps.push(app);
    const channel = new RecordingChannel();
    const deliver = () =>
      deliverPending({ outbox: app.outbox, messenger: channel, locks: app.store.locks, logger: silentLogger });
    const deps = digestJobDeps(app, { targets: async () => [{ guildId: GUILD, channelId: CHANNEL }], deliver });
    const titles = () => channel.posts.map((p) => p.embeds?.[0]?.title);
    return { app, deps, titles };
  }

  it('posts the digest of the spring-change night at the next start', async () => {
    const { app, deps, titles } = await bot('30 1 * * 0');
    await app.store.collection<string>('meta').set(LAST_DIGEST_KEY, '2025-03-23T01:30:00.000Z'); // last week's was posted
    expect(await catchUpDigest(deps, new Date('2025-03-30T12:00:00Z'))).toBe(true);
    expect(titles()).toEqual(['Care review digest · Mon 17 – Sun 23 Mar 2025']);
    expect(await catchUpDigest(deps, new Date('2025-03-30T13:00:00Z'))).toBe(false);
    expect(titles()).toHaveLength(1);
  });

  it(`posts every missed week once, oldest first, at most the latest ${CATCH_UP_LIMIT}`, async () => {
    const { app, deps, titles } = await bot('0 9 * * 1');
    // Last posted on Mon 12 Oct; down until Mon 23 Nov: six Mondays missed.
    await app.store.collection<string>('meta').set(LAST_DIGEST_KEY, '2026-10-12T08:00:00.000Z');
    expect(await catchUpDigest(deps, new Date('2026-11-23T12:00:00Z'))).toBe(true);
    expect(titles()).toEqual([
      'Care review digest · Mon 26 Oct – Sun 1 Nov 2026',
      'Care review digest · Mon 2 – Sun 8 Nov 2026',
      'Care review digest · Mon 9 – Sun 15 Nov 2026',
      'Care review digest · Mon 16 – Sun 22 Nov 2026',
    ]);
    // A second start, or a second instance, posts none of them again.
    expect(await catchUpDigest(deps, new Date('2026-11-23T12:05:00Z'))).toBe(false);
    expect(titles()).toHaveLength(4);
  });

  it('posts the two weeks missed over a two-week outage', async () => {
    const { app, deps, titles } = await bot('0 9 * * 1');
    await app.store.collection<string>('meta').set(LAST_DIGEST_KEY, '2026-11-09T09:00:00.000Z');
    expect(await catchUpDigest(deps, new Date('2026-11-24T08:00:00Z'))).toBe(true);
    expect(titles()).toEqual([
      'Care review digest · Mon 9 – Sun 15 Nov 2026',
      'Care review digest · Mon 16 – Sun 22 Nov 2026',
    ]);
  });
});
