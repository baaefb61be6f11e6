import { afterAll, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

// Instances started together on a new SQLite file: one of them sets it up while the others wait
// their turn, and none stops with "database is locked".
it('opens a new SQLite file from several connections at once, every one of them', async () => {
  for (let round = 0; round < 15; round++) {
    const url = `sqlite://${dir.file(`together-${round}.sqlite`)}`;
    const opened = await Promise.allSettled(Array.from({ length: 8 }, () => openStore(url, silentLogger)));
    const failures = opened.filter((o) => o.status === 'rejected').map((o) => String(o.reason));
    for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
    expect(failures, `round ${round}`).toEqual([]);
  }
}, 60_000);
