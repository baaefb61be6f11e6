// A holder whose renewals start failing must have stopped (its lease aborted) before another
// process can take the lock: two holders never write at once. On SQLite and on Redis.
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { openStore, type StoreConnection } from '../src/store/open-store.ts';
import { optionalRedis } from './helpers/redis-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const redis = optionalRedis('the lease test');
afterAll(() => dir.remove());

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Renew = (...args: unknown[]) => Promise<boolean>;
const backendOf = (connection: StoreConnection) =>
  (connection.locks as unknown as { backend: { renew: Renew } }).backend;

/** A takes the lock; after two good renewals (each answer 20 ms on its way back) every renewal fails. B keeps trying. */
async function secondHolderSees(url: string): Promise<{ abortedWhenBTook: boolean; seen: string[] }> {
  const ttl = 1_500;
  const a = await openStore(url, silentLogger, { lockTtlMs: ttl });
  const b = await openStore(url, silentLogger, { lockTtlMs: ttl });
  const backendA = backendOf(a);
  const seen: string[] = [];
  let leaseA: AbortSignal | undefined;
  const t0 = Date.now();
  const runA = a.locks.tryRun('poll', async (lease) => {
    leaseA = lease;
    const real = backendA.renew.bind(backendA);
    let renewals = 0;
    backendA.renew = async (...args: unknown[]) => {
      if (++renewals <= 2) {
        const ok = await real(...args);
        await wait(20);
        seen.push(`A renewed at ${Date.now() - t0} ms`);
        return ok;
      }
      throw new Error('renewal timed out');
    };
    while (!lease.aborted) await wait(10);
    seen.push(`A's lease aborted at ${Date.now() - t0} ms`);
  });
  try {
    // B starts trying only once A holds the lock: on a busy machine B could otherwise take it first.
    while (!leaseA) await wait(5);
    for (;;) {
      const outcome = await b.locks.tryRun('poll', async () => {
        seen.push(`B took the lock at ${Date.now() - t0} ms`);
        return leaseA!.aborted;
      });
      if (outcome.ran) {
        await runA;
        return { abortedWhenBTook: outcome.value, seen };
      }
      await wait(20);
    }
  } finally {
    await a.close();
    await b.close();
  }
}

describe('a lease ends before its lock can lapse', () => {
  it('on SQLite, the first holder has stopped before a second one takes the lock', async () => {
    const { abortedWhenBTook, seen } = await secondHolderSees(`sqlite://${dir.file('lease.sqlite')}`);
    console.log(`sqlite:\n  ${seen.join('\n  ')}`);
    expect(abortedWhenBTook).toBe(true);
  });

  it.skipIf(!redis.available)('on Redis, the first holder has stopped before a second one takes the lock', async () => {
    const { abortedWhenBTook, seen } = await secondHolderSees(redis.url());
    console.log(`redis:\n  ${seen.join('\n  ')}`);
    expect(abortedWhenBTook).toBe(true);
  });

  it('a holder whose event loop was blocked past half the TTL finds its lease aborted at its next check', async () => {
    const connection = await openStore(`sqlite://${dir.file('blocked.sqlite')}`, silentLogger, { lockTtlMs: 400 });
    const outcome = await connection.locks.tryRun('poll', async (lease) => {
      const until = Date.now() + 300; // a long synchronous step: no timer runs meanwhile
      while (Date.now() < until);
      return {
        aborted: lease.aborted,
        threw: (() => {
          try {
            lease.throwIfAborted();
            return false;
          } catch {
            return true;
          }
        })(),
      };
    });
    expect(outcome).toEqual({ ran: true, value: { aborted: true, threw: true } });
    await connection.close();
  });
});
