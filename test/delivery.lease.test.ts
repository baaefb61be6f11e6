// A delivery run that loses its lock stops sending: the process that holds the lock now resumes
// the entry from the store, and nothing is posted by both.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { deliverPending, type ChannelMessenger } from '../src/delivery/deliver.ts';
import { Outbox } from '../src/delivery/outbox.ts';
import { silentLogger } from '../src/logger.ts';
import { openStore } from '../src/store/open-store.ts';

it('stops after the part during which another process took the delivery lock; the rest is sent once, later', async () => {
  const connection = await openStore(`memory:delivery-lease-${randomUUID()}`, silentLogger, { lockTtlMs: 200 });
  const backend = (
    connection.locks as unknown as {
      backend: {
        release(n: string, h: string): Promise<void>;
        acquire(n: string, h: string, t: number): Promise<boolean>;
        inspect(n: string): Promise<{ holder: string }>;
      };
    }
  ).backend;
  const outbox = new Outbox(connection);
  await outbox.enqueue({
    id: 'digest:g:c:2026-W47',
    kind: 'digest',
    guildId: 'g',
    channelId: 'c',
    createdAt: '2026-11-23T09:00:00Z',
    messages: [1, 2, 3].map((n) => ({ content: `Digest part ${n}/3`, allowed_mentions: { parse: [] } })),
  });
  const posted: string[] = [];
  let takeLock = true;
  const messenger: ChannelMessenger = {
    async send(_channel, message) {
      posted.push(message.content!);
      if (takeLock) {
        takeLock = false;
        // While the first part is on its way, this process's lock lapses and another takes it.
        await backend.release('deliver', (await backend.inspect('deliver')).holder);
        await backend.acquire('deliver', 'another-process#1', 300);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      return { id: String(posted.length) };
    },
    recent: async () => posted.map((content, i) => ({ id: String(i + 1), mine: true, content })),
  };
  const deps = { outbox, messenger, locks: connection.locks, logger: silentLogger };
  await deliverPending(deps);
  expect(posted).toEqual(['Digest part 1/3']);
  expect(await outbox.get('digest:g:c:2026-W47')).toMatchObject({ state: 'pending', attempts: 0 });

  await new Promise((resolve) => setTimeout(resolve, 350)); // the other holder's lock lapses
  await deliverPending(deps);
  expect(posted).toEqual(['Digest part 1/3', 'Digest part 2/3', 'Digest part 3/3']);
  expect((await outbox.get('digest:g:c:2026-W47'))?.state).toBe('sent');
  await connection.close();
});
