import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  deliverPending,
  NONCE_WINDOW_MS,
  PermanentDeliveryError,
  type ChannelMessenger,
  type SentMessage,
} from '../src/delivery/deliver.ts';
import { nonceFor, Outbox, type OutgoingMessage } from '../src/delivery/outbox.ts';
import { silentLogger } from '../src/logger.ts';
import { openStore } from '../src/store/open-store.ts';

/** A channel that behaves like Discord's: a nonce seen within the window returns the first message. */
class FakeChannel implements ChannelMessenger {
  posted: Array<SentMessage & { nonce: string; at: number }> = [];
  failNext = 0;
  failPermanently = false;
  /** Posts, then throws as if the process died before hearing back. */
  crashAfterPosting = 0;
  clock = () => Date.now();

  async send(_channelId: string, message: OutgoingMessage, nonce: string): Promise<{ id: string }> {
    if (this.failPermanently) throw new PermanentDeliveryError('Missing Access');
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('HTTP 500 Internal Server Error');
    }
    const earlier = this.posted.find((p) => p.nonce === nonce && this.clock() - p.at < NONCE_WINDOW_MS);
    if (earlier) return { id: earlier.id };
    const id = String(this.posted.length + 1);
    this.posted.push({ id, mine: true, content: message.content, embeds: message.embeds, nonce, at: this.clock() });
    if (this.crashAfterPosting > 0) {
      this.crashAfterPosting--;
      throw new Error('process died before the answer arrived');
    }
    return { id };
  }

  async recent(): Promise<SentMessage[]> {
    return [...this.posted].reverse();
  }
}

async function setup() {
  const connection = await openStore(`memory:outbox-${randomUUID()}`, silentLogger);
  const outbox = new Outbox(connection);
  const channel = new FakeChannel();
  let now = Date.parse('2026-11-23T09:00:00Z');
  channel.clock = () => now;
  const deps = { outbox, messenger: channel, locks: connection.locks, logger: silentLogger, now: () => new Date(now) };
  const advance = (ms: number) => (now += ms);
  const messages = (n: number): OutgoingMessage[] =>
    Array.from({ length: n }, (_, i) => ({
      content: `Weekly digest part ${i + 1}/${n}`,
      allowed_mentions: { parse: [] },
    }));
  return { connection, outbox, channel, deps, advance, messages };
}

describe('the outbox posts everything exactly once', () => {
  it('gives every part a nonce of at most 25 characters, the same on every process', () => {
    expect(nonceFor('digest:123:456:2026-11-16', 0)).toHaveLength(25);
    expect(nonceFor('digest:123:456:2026-11-16', 1)).toBe(nonceFor('digest:123:456:2026-11-16', 1));
    expect(nonceFor('digest:123:456:2026-11-16', 0)).not.toBe(nonceFor('digest:123:456:2026-11-16', 1));
  });

  it('creates an entry once, however often the same digest is enqueued (the cron firing twice)', async () => {
    const { outbox, deps, channel, messages } = await setup();
    const entry = {
      id: 'digest:g:c:2026-11-16',
      kind: 'digest' as const,
      guildId: 'g',
      channelId: 'c',
      createdAt: '2026-11-23T09:00:00Z',
      messages: messages(2),
    };
    expect((await outbox.enqueue(entry)).created).toBe(true);
    expect((await outbox.enqueue(entry)).created).toBe(false);
    await deliverPending(deps);
    await deliverPending(deps);
    expect(channel.posted).toHaveLength(2);
  });

  it('keeps an entry when the first send gets a 500 and posts it once, later', async () => {
    const { outbox, deps, channel, advance, messages } = await setup();
    await outbox.enqueue({
      id: 'digest:g:c:w1',
      kind: 'digest',
      guildId: 'g',
      channelId: 'c',
      createdAt: '2026-11-23T09:00:00Z',
      messages: messages(3),
    });
    channel.failNext = 1;
    expect((await deliverPending(deps)).sent).toBe(0);
    expect(await outbox.get('digest:g:c:w1')).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'HTTP 500 Internal Server Error',
    });
    expect((await deliverPending(deps)).sent).toBe(0); // backing off
    advance(31_000);
    expect((await deliverPending(deps)).sent).toBe(3);
    expect(channel.posted.map((p) => p.content)).toEqual([
      'Weekly digest part 1/3',
      'Weekly digest part 2/3',
      'Weekly digest part 3/3',
    ]);
    expect((await outbox.get('digest:g:c:w1'))?.state).toBe('sent');
  });

  it('a crash between send and mark posts once: by the nonce within Discord’s window, by looking in the channel after it', async () => {
    for (const wait of [40_000, NONCE_WINDOW_MS + 60_000]) {
      const { outbox, deps, channel, advance, messages } = await setup();
      await outbox.enqueue({
        id: 'alert:g:c:batch-1',
        kind: 'alert',
        guildId: 'g',
        channelId: 'c',
        createdAt: '2026-11-23T09:00:00Z',
        messages: messages(2),
      });
      channel.crashAfterPosting = 1;
      await deliverPending(deps);
      expect(channel.posted).toHaveLength(1);
      advance(wait);
      await deliverPending(deps);
      expect(channel.posted.map((p) => p.content)).toEqual(['Weekly digest part 1/2', 'Weekly digest part 2/2']);
      expect((await outbox.get('alert:g:c:batch-1'))?.state).toBe('sent');
    }
  });

  it('after a lost answer and then failed retries, looks in the channel before sending again: posted once', async () => {
    const { outbox, deps, channel, advance, messages } = await setup();
    await outbox.enqueue({
      id: 'digest:g:c:w9',
      kind: 'digest',
      guildId: 'g',
      channelId: 'c',
      createdAt: '2026-11-23T09:00:00Z',
      messages: messages(1),
    });
    channel.crashAfterPosting = 1; // posted, but the answer never came back
    await deliverPending(deps);
    channel.failNext = 2; // then two 500s
    for (const wait of [30_000, 60_000, 120_000, 240_000]) {
      advance(wait);
      await deliverPending(deps);
    }
    expect(channel.posted).toHaveLength(1);
    expect((await outbox.get('digest:g:c:w9'))?.state).toBe('sent');
  });

  it('marks an entry it can never send as failed instead of retrying forever', async () => {
    const { outbox, deps, channel, messages } = await setup();
    await outbox.enqueue({
      id: 'digest:g:gone:w1',
      kind: 'digest',
      guildId: 'g',
      channelId: 'gone',
      createdAt: '2026-11-23T09:00:00Z',
      messages: messages(1),
    });
    channel.failPermanently = true;
    expect((await deliverPending(deps)).failed).toEqual(['digest:g:gone:w1']);
    expect((await outbox.get('digest:g:gone:w1'))?.state).toBe('failed');
  });

  it('lets one process deliver at a time', async () => {
    const { connection, outbox, deps, messages } = await setup();
    await outbox.enqueue({
      id: 'digest:g:c:w2',
      kind: 'digest',
      guildId: 'g',
      channelId: 'c',
      createdAt: '2026-11-23T09:00:00Z',
      messages: messages(1),
    });
    const held = connection.locks.tryRun('deliver', () => new Promise((resolve) => setTimeout(resolve, 200)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await deliverPending(deps)).toMatchObject({ skipped: true });
    await held;
    expect((await deliverPending(deps)).sent).toBe(1);
  });
});
