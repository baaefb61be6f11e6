// A digest run that loses its lock part-way writes no more outbox entries and does not note the slot
// as handled: the process that holds the lock now runs it, and each server gets the digest once.
import { afterAll, expect, it } from 'vitest';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { digestJobDeps } from '../src/jobs/digest-deps.ts';
import { LAST_DIGEST_KEY, runDigest } from '../src/jobs/digest-job.ts';
import { silentLogger } from '../src/logger.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

it('stops enqueuing once the digest lease is lost, and leaves the slot to be run again', async () => {
  const config = loadConfig(
    { STORE_URL: `sqlite://${dir.file('digest-lease.sqlite')}`, LOCK_TTL_MS: '500' },
    { dotenv: false },
  );
  const app = await openApp({ config, logger: silentLogger });
  const servers = ['100000000000000001', '100000000000000002'].map((guildId) => ({
    guildId,
    channelId: '200000000000000002',
  }));
  const deps = digestJobDeps(app, {
    targets: async () => {
      const until = Date.now() + 400; // a long synchronous step: past half the lock's TTL without renewal
      while (Date.now() < until);
      return servers;
    },
    deliver: async () => undefined,
  });
  const slot = new Date('2026-11-23T09:00:00Z');
  expect(await runDigest(deps, slot)).toBeUndefined();
  expect(await app.outbox.all()).toEqual([]);
  expect(await deps.meta.get(LAST_DIGEST_KEY)).toBeUndefined();

  // The next run (here, or the process that holds the lock) posts it to each server once.
  deps.targets = async () => servers;
  expect(await runDigest(deps, slot)).toMatchObject({ enqueued: 2 });
  expect((await app.outbox.all()).map((e) => e.guildId).sort()).toEqual(servers.map((s) => s.guildId));
  expect(await deps.meta.get(LAST_DIGEST_KEY)).toBe(slot.toISOString());
  await app.close();
});
