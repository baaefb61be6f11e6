import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import type { Item } from '../src/sources/item.ts';
import { ItemStore } from '../src/store/item-store.ts';
import { openStore } from '../src/store/open-store.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

function story(n: number): Item {
  return {
    id: `story-${String(n).padStart(5, '0')}`,
    sourceId: n % 2 ? 'community-care' : 'psw-basw',
    url: `https://news.example.org/${n}/`,
    title: `Story ${n} on kinship care`,
    summary: `Summary ${n}`,
    body: `The long text of story ${n}. `.repeat(20),
    categories: ['Children'],
    published: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(),
    publishedKnown: true,
    firstSeen: '2026-11-23T12:00:00.000Z',
    backfill: false,
  };
}

describe('a full read of the SQLite store at start-up', () => {
  it('reads every item over many pages, without bodies in memory, while the store keeps them', async () => {
    const url = `sqlite://${dir.file('full-read.sqlite')}`;
    const writer = await openStore(url, silentLogger);
    const written = await ItemStore.open(writer);
    const count = 2_345;
    for (let n = 0; n < count; n += 500)
      await written.addNew(Array.from({ length: Math.min(500, count - n) }, (_, i) => story(n + i)));
    await writer.close();

    const reader = await openStore(url, silentLogger);
    const items = await ItemStore.open(reader);
    expect(items.size).toBe(count);
    expect(items.all()[0]?.id).toBe('story-02344');
    expect(items.all().at(-1)?.id).toBe('story-00000');
    expect(items.all().filter((item) => item.body !== undefined)).toEqual([]);
    const [stored] = await items.fetch(['story-01000']);
    expect(stored?.body).toContain('The long text of story 1000.');
    await reader.close();
  });
});
