import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { redisAvailable, startRedis } from './helpers/redis-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
if (!redisAvailable()) console.warn('redis-server is not installed: the Redis add-if-absent test is skipped');

beforeAll(async () => {
  if (redisAvailable()) redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  dir.remove();
});

const backends: Array<[string, () => string]> = [
  ['memory', () => `memory:add-${Math.random()}`],
  ['sqlite', () => `sqlite://${dir.file(`add-${Math.random()}.sqlite`)}`],
  ['redis', () => redis!.url],
];

describe.each(backends)('adding a record to the %s store', (name, url) => {
  it.skipIf(name === 'redis' && !redisAvailable())(
    'writes it once when several processes add the same key at once; the others are told, and it reads back',
    async () => {
      const where = url();
      const connections = await Promise.all([1, 2, 3].map(() => openStore(where, silentLogger)));
      const key = `claim-${Math.random()}`;
      const results = await Promise.all(
        connections.flatMap((connection, i) =>
          [0, 1].map((j) => connection.collection<{ by: number }>('tracker').add(key, { by: i * 2 + j })),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      for (const connection of connections)
        expect(await connection.collection<{ by: number }>('tracker').get(key)).toEqual({ by: winner });
      const listed = await connections[0]!.collection<{ by: number }>('tracker').entries();
      expect(listed.filter(([k]) => k === key)).toEqual([[key, { by: winner }]]);
      // A key written the ordinary way is taken too.
      await connections[0]!.collection<string>('meta').set('plain', 'first');
      expect(await connections[1]!.collection<string>('meta').add('plain', 'second')).toBe(false);
      expect(await connections[1]!.collection<string>('meta').get('plain')).toBe('first');
      await Promise.all(connections.map((c) => c.close()));
    },
  );
});
