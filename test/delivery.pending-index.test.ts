// An unsent entry stays in the pending index whatever the clocks say, and an expired lock is shown as free.
import { afterAll, describe, expect, it } from 'vitest';
import { Outbox } from '../src/delivery/outbox.ts';
import { silentLogger } from '../src/logger.ts';
import { openStore, type StoreConnection } from '../src/store/open-store.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Backend = {
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  inspect(name: string): Promise<unknown>;
};
const backendOf = (connection: StoreConnection) => (connection.locks as unknown as { backend: Backend }).backend;

describe('the pending index', () => {
  it('an entry made by a process whose clock is an hour behind is still found while it is being written', async () => {
    const url = `sqlite://${dir.file('outbox.sqlite')}`;
    const poller = await openStore(url, silentLogger);
    const deliverer = await openStore(url, silentLogger);
    const made = new Outbox(poller);
    const sending = new Outbox(deliverer);
    await sending.pending(); // the index is built
    // The delivery process looks for work between the enqueue's two writes (index row, then entry).
    const entries = (made as unknown as { entries: { set: (...args: unknown[]) => Promise<unknown> } }).entries;
    const real = entries.set.bind(entries);
    entries.set = async (...args: unknown[]) => {
      await sending.pending();
      return real(...args);
    };
    await made.enqueue({
      id: 'alert:g1:c1:abc',
      kind: 'alert',
      guildId: 'g1',
      channelId: 'c1',
      createdAt: new Date(Date.now() - 61 * 60_000).toISOString(), // the poller's clock, 61 min behind
      messages: [{ content: 'New story' }],
    });
    const found = (await sending.pending()).map((e) => e.id);
    await poller.close();
    await deliverer.close();
    expect(found).toEqual(['alert:g1:c1:abc']);
  });
});

describe('/status reads locks the same on every store', () => {
  it.each(['memory:', 'sqlite:'])('on %s, a lock whose holder died is free once it expired', async (kind) => {
    const url = kind === 'memory:' ? `memory:expired-${Date.now()}` : `sqlite://${dir.file('expired.sqlite')}`;
    const connection = await openStore(url, silentLogger);
    await backendOf(connection).acquire('poll', 'vm:4242:dead-process#1', 50);
    await wait(120);
    const holder = await connection.locks.inspect('poll');
    await connection.close();
    expect(holder).toBeUndefined();
  });
});
