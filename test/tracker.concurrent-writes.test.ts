import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { loadRecommendationsData } from '../src/tracker/recommendations-schema.ts';
import { Tracker, type NewEdit, type NewRecommendation } from '../src/tracker/tracker.ts';

const data = loadRecommendationsData();

/** One bot instance's tracker on the store at `url`. */
async function instanceOn(url: string): Promise<Tracker> {
  const kv = (await openStore(url, silentLogger)).collection<unknown>('tracker');
  return Tracker.open(data, kv, { logger: silentLogger });
}

/**
 * An instance that reads the store just before another one writes: `holdNextRead` makes its next
 * full read of the store happen at once but answer only when the returned function is called.
 */
async function lateInstanceOn(url: string): Promise<{ tracker: Tracker; holdNextRead: () => () => void }> {
  const real = (await openStore(url, silentLogger)).collection<unknown>('tracker');
  let gate: Promise<void> | undefined;
  const kv = new Proxy(real, {
    get(target, property) {
      if (property === 'entries' && gate) {
        const held = gate;
        gate = undefined;
        return async () => {
          const read = await target.entries();
          await held;
          return read;
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const tracker = await Tracker.open(data, kv, { logger: silentLogger });
  return {
    tracker,
    holdNextRead() {
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return open;
    },
  };
}

const update: NewEdit = {
  axis: 'response',
  value: 'rejected',
  summary: 'Ministers ruled out a national allowance.',
  source: { url: 'https://www.gov.uk/government/news/kinship' },
  by: { id: '1', name: 'Alice' },
  at: '2026-11-23T12:00:00.000Z',
  date: '2026-11-23',
};
const recorded = (tracker: Tracker) =>
  tracker.history('kinship-allowance').filter((e) => e.date === '2026-11-23' && e.value === 'rejected');

describe('the same moderator update sent twice at the same moment', () => {
  it('is recorded once, by two instances or by one', async () => {
    const url = `memory:double-${randomUUID()}`;
    const [a, b] = [await instanceOn(url), await instanceOn(url)];
    await Promise.allSettled([
      a.addEdit('kinship-allowance', update),
      b.addEdit('kinship-allowance', { ...update, at: '2026-11-23T12:00:00.400Z' }),
    ]);
    await a.refresh();

    const one = await instanceOn(`memory:double-${randomUUID()}`);
    await Promise.allSettled([one.addEdit('kinship-allowance', update), one.addEdit('kinship-allowance', update)]);
    expect([recorded(a).length, recorded(one).length]).toEqual([1, 1]);
  });

  it('tells the second moderator who recorded it, even when their instance had not yet seen it', async () => {
    const url = `memory:double-late-${randomUUID()}`;
    const a = await instanceOn(url);
    const { tracker: b, holdNextRead } = await lateInstanceOn(url);
    const open = holdNextRead();
    // Bob's instance reads the store (nothing yet), Alice's records the update, then Bob's writes.
    const bob = b.addEdit('kinship-allowance', { ...update, by: { id: '2', name: 'Bob' } });
    await a.addEdit('kinship-allowance', update);
    open();
    await expect(bob).rejects.toThrow(/Alice already recorded this/);
    await b.refresh();
    expect(recorded(b).map((e) => e.by.name)).toEqual(['Alice']);
  });
});

describe('two additions of one recommendation key', () => {
  const input: Omit<NewRecommendation, 'title' | 'by' | 'at'> = {
    key: 'secure-care-reform',
    theme: 'care-market',
    proposed: 'Reform secure care for children in England.',
    source: { url: 'https://www.gov.uk/x' },
  };

  it('keep the first one written, whatever the writers’ clocks say; the second moderator is told the key is taken', async () => {
    const url = `memory:addition-skew-${randomUUID()}`;
    const a = await instanceOn(url);
    const { tracker: b, holdNextRead } = await lateInstanceOn(url);
    const open = holdNextRead();
    // Bob's instance, whose clock is 10 s slow, has read the store before Alice's addition and writes after it.
    const bob = b.addRecommendation({
      ...input,
      title: 'Secure care, added by Bob',
      by: { id: '2', name: 'Bob' },
      at: '2026-11-23T11:59:56.000Z',
    });
    const alice = await a.addRecommendation({
      ...input,
      title: 'Secure care, added by Alice',
      by: { id: '1', name: 'Alice' },
      at: '2026-11-23T12:00:05.000Z',
    });
    expect(alice.recommendation.title).toBe('Secure care, added by Alice');
    open();
    await expect(bob).rejects.toThrow('Alice added "secure-care-reform" a moment ago; theirs stands');
    await a.refresh();
    expect(a.get('secure-care-reform')!.title).toBe('Secure care, added by Alice');
    expect(b.get('secure-care-reform')!.title).toBe('Secure care, added by Alice');
  });

  it('made one after the other on instances with skewed clocks, keep the first', async () => {
    const url = `memory:addition-skew-serial-${randomUUID()}`;
    const [a, b] = [await instanceOn(url), await instanceOn(url)];
    await a.addRecommendation({
      ...input,
      title: 'Secure care, added by Alice',
      by: { id: '1', name: 'Alice' },
      at: '2026-11-23T12:00:05.000Z',
    });
    const bob = b.addRecommendation({
      ...input,
      title: 'Secure care, added by Bob',
      by: { id: '2', name: 'Bob' },
      at: '2026-11-23T11:59:56.000Z',
    });
    await expect(bob).rejects.toThrow(/already a recommendation "secure-care-reform"/);
    await a.refresh();
    expect(a.get('secure-care-reform')!.title).toBe('Secure care, added by Alice');
  });
});
