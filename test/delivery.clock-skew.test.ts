// Exactly once across processes whose clocks differ: a retry never decides from another process's
// timestamp that Discord's nonce still covers a part. The fake channel behaves as deliver.ts
// assumes Discord does (NONCE_WINDOW_MS).
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { deliverPending, NONCE_WINDOW_MS, type ChannelMessenger, type SentMessage } from '../src/delivery/deliver.ts';
import { Outbox, type OutgoingMessage } from '../src/delivery/outbox.ts';
import { silentLogger } from '../src/logger.ts';
import { openStore } from '../src/store/open-store.ts';

let realNow = Date.parse('2026-11-23T09:00:00Z');

class Channel implements ChannelMessenger {
  posted: Array<SentMessage & { nonce: string; at: number }> = [];
  loseAnswer = 1;
  recentCalls = 0;
  async send(_c: string, message: OutgoingMessage, nonce: string) {
    const earlier = this.posted.find((p) => p.nonce === nonce && realNow - p.at < NONCE_WINDOW_MS);
    if (earlier) return { id: earlier.id };
    const id = String(this.posted.length + 1);
    this.posted.push({ id, mine: true, content: message.content, embeds: message.embeds, nonce, at: realNow });
    if (this.loseAnswer-- > 0) throw new Error('socket hang up (the post went through, the answer was lost)');
    return { id };
  }
  async recent() {
    this.recentCalls++;
    return [...this.posted].reverse();
  }
}

it('a part that reached Discord 4 minutes ago is not posted again by an instance whose clock is 3 minutes slow', async () => {
  const connection = await openStore(`memory:skew-${randomUUID()}`, silentLogger);
  const outbox = new Outbox(connection);
  const channel = new Channel();
  await outbox.enqueue({
    id: 'digest:g:c:2026-W47',
    kind: 'digest',
    guildId: 'g',
    channelId: 'c',
    createdAt: '2026-11-23T09:00:00Z',
    messages: [{ content: 'Care review digest', allowed_mentions: { parse: [] } }],
  });

  // Instance A (correct clock) posts; the answer is lost.
  await deliverPending({
    outbox,
    messenger: channel,
    locks: connection.locks,
    logger: silentLogger,
    now: () => new Date(realNow),
  });
  realNow += 4 * 60_000;
  // Instance B, whose clock is 3 minutes behind, retries.
  const skewMs = 3 * 60_000;
  await deliverPending({
    outbox,
    messenger: channel,
    locks: connection.locks,
    logger: silentLogger,
    now: () => new Date(realNow - skewMs),
  });

  console.log('posts in the channel:', channel.posted.length, '· channel searched:', channel.recentCalls, 'times');
  expect(channel.posted).toHaveLength(1);
  await connection.close();
});
