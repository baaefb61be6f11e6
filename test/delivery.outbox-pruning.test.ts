// The outbox does not grow for ever, and finding what to send never reads what was sent: sent
// entries are deleted once past the keep period, and unsent ones are found through an index.
import { afterAll, describe, expect, it } from 'vitest';
import { deliverPending, type ChannelMessenger } from '../src/delivery/deliver.ts';
import { Outbox, SENT_KEEP_MS, type OutboxEntry } from '../src/delivery/outbox.ts';
import { silentLogger } from '../src/logger.ts';
import { openStore, type StoreConnection } from '../src/store/open-store.ts';
import { optionalRedis } from './helpers/redis-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const redis = optionalRedis('the outbox pruning test');
afterAll(() => dir.remove());

const DAY = 24 * 3600 * 1000;
const now = Date.parse('2026-11-23T09:00:00Z');
const posted: string[] = [];
const messenger: ChannelMessenger = {
  send: async (_channel, message) => ({ id: String(posted.push(message.content ?? '')) }),
  recent: async () => [],
};

/** Entries as a store written by an earlier version holds them: sent, with their payloads, and no index. */
async function writeSent(connection: StoreConnection, count: number, sentAt: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i): { key: string; value: OutboxEntry } => {
    const id = `digest:g${sentAt}-${i}:c:2026-W01`;
    const at = new Date(sentAt).toISOString();
    const parts = [{ message: { content: 'x'.repeat(2_000) }, nonce: 'n', sentId: '1', sentAt: at }];
    return {
      key: id,
      value: {
        id,
        kind: 'digest',
        guildId: 'g',
        channelId: 'c',
        createdAt: at,
        state: 'sent',
        attempts: 0,
        parts,
        sentAt: at,
      },
    };
  });
  await connection.collection<OutboxEntry>('outbox').setMany(rows);
}

/** Counts the outbox records a connection reads, however it reads them. */
function countReads(connection: StoreConnection): { read: number } {
  const counter = { read: 0 };
  const entries = connection.collection<OutboxEntry>('outbox');
  const { get, getMany, forEach } = entries;
  entries.get = async (key) => (counter.read++, get.call(entries, key));
  entries.getMany = async (keys) => ((counter.read += keys.length), getMany.call(entries, keys));
  entries.forEach = async (visit) => forEach.call(entries, (key, value) => (counter.read++, visit(key, value)));
  return counter;
}

const stores = [
  { name: 'SQLite', url: () => `sqlite://${dir.file('outbox.sqlite')}`, skip: false },
  { name: 'Redis', url: () => redis.url(), skip: !redis.available },
];

describe.each(stores)('the outbox on $name', ({ url, skip }) => {
  it.skipIf(skip)(
    'deletes sent entries past the keep period, keeps the recent and the unsent, and finds the unsent without reading the sent',
    async () => {
      const writer = await openStore(url(), silentLogger);
      await writeSent(writer, 300, now - SENT_KEEP_MS - DAY);
      await writeSent(writer, 20, now - 2 * DAY);
      await new Outbox(writer).enqueue({
        id: 'alert:g:c:new',
        kind: 'alert',
        guildId: 'g',
        channelId: 'c',
        createdAt: new Date(now).toISOString(),
        messages: [{ content: 'New on the care review' }],
      });

      // Another process, started later: the first delivery run sends the new entry and prunes.
      const bot = await openStore(url(), silentLogger);
      const outbox = new Outbox(bot);
      const report = await deliverPending({
        outbox,
        messenger,
        locks: bot.locks,
        logger: silentLogger,
        now: () => new Date(now),
      });
      expect(report.sent).toBe(1);
      expect(posted).toContain('New on the care review');
      const kept = await outbox.all();
      expect(kept).toHaveLength(21);
      expect(kept.filter((e) => Date.parse(e.sentAt!) < now - SENT_KEEP_MS)).toEqual([]);

      // A third process with one unsent entry among the kept sent ones reads that one record only.
      await outbox.enqueue({
        id: 'alert:g:c:next',
        kind: 'alert',
        guildId: 'g',
        channelId: 'c',
        createdAt: new Date(now).toISOString(),
        messages: [{ content: 'Next story' }],
      });
      const third = await openStore(url(), silentLogger);
      const reads = countReads(third);
      const pending = await new Outbox(third).pending();
      expect(pending.map((e) => e.id)).toEqual(['alert:g:c:next']);
      expect(reads.read).toBe(1);
      for (const connection of [writer, bot, third]) await connection.close();
    },
    60_000,
  );
});
