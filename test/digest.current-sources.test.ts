import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { digestJobDeps } from '../src/jobs/digest-deps.ts';
import { runDigest } from '../src/jobs/digest-job.ts';
import { silentLogger } from '../src/logger.ts';
import { newsItem } from './helpers/digest-data.ts';

it('names a feed added after start-up in the scheduled digest', async () => {
  const app = await openApp({
    config: loadConfig({ STORE_URL: `memory:current-sources-${randomUUID()}` }, { dotenv: false }),
    logger: silentLogger,
  });
  const printed: string[] = [];
  // Made once at start-up, as the bot does.
  const deps = digestJobDeps(app, {
    targets: async () => [],
    deliver: async () => undefined,
    print: (text) => printed.push(text),
  });
  const source = {
    id: 'cyp-now',
    name: 'CYP Now',
    kind: 'rss' as const,
    url: 'https://www.cypnow.co.uk/feed',
    enabled: true,
  };
  await app.registry.save({ id: 'cyp-now', added: { source, by: 'Alice', at: '2026-11-20T10:00:00Z' } }); // what /feeds add stores
  await app.items.addNew([
    newsItem({
      title: 'Kinship carers to get special guardianship allowance',
      published: '2026-11-20T11:00:00Z',
      sourceId: 'cyp-now',
      url: 'https://www.cypnow.co.uk/news/kinship-allowance',
    }),
  ]);
  await runDigest(deps, new Date('2026-11-23T09:00:00Z'));
  expect(printed).toHaveLength(1);
  expect(printed[0]).toContain('Kinship carers to get special guardianship allowance');
  expect(printed[0]).toMatch(/· CYP Now ·/);
  expect(deps.sources.some((s) => s.id === 'cyp-now')).toBe(true);
  await app.close();
});
