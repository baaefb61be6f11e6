import { copyFileSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { bundledFile } from '../src/paths.ts';
import { cachedData, writeDataCache } from '../src/util/data-cache.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

describe('the data files as the build caches them', () => {
  it('hold exactly what reading each bundled YAML file gives', () => {
    const cache = dir.file('cache');
    const names = readdirSync(bundledFile('data')).filter((name) => name.endsWith('.yaml'));
    for (const name of names) copyFileSync(bundledFile(`data/${name}`), join(dir.path, name));
    expect(writeDataCache({ data: dir.path, cache }).sort()).toEqual([...names].sort());
    for (const name of names) {
      const yaml = parseDocument(readFileSync(join(dir.path, name), 'utf8')).toJS() as unknown;
      expect(cachedData(join(dir.path, name), { data: dir.path, cache })).toEqual(yaml);
    }
  });

  it('are not used once a file has changed since the build', () => {
    const cache = dir.file('cache-2');
    const file = dir.file('changed.yaml');
    writeFileSync(file, 'sources: []\n');
    writeDataCache({ data: dir.path, cache });
    expect(cachedData(file, { data: dir.path, cache })).toEqual({ sources: [] });
    // Touched only: the text is the same, so the cache still holds.
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(cachedData(file, { data: dir.path, cache })).toEqual({ sources: [] });
    writeFileSync(file, 'sources: [{id: x}]\n');
    expect(cachedData(file, { data: dir.path, cache })).toBeUndefined();
  });
});
