// The cached data follows the YAML text, not its time stamp; the one-line schedule says only what holds.
import { utimesSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { scheduleLine } from '../src/terminal/schedule-line.ts';
import { cachedData, writeDataCache } from '../src/util/data-cache.ts';
import { nextSlot } from '../src/util/cron-slots.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

describe('the cached data is the YAML as it is now', () => {
  it('a file replaced by a copy that keeps its older time stamp (cp -p, rsync -a, tar, a bind mount) is read anew', () => {
    const cache = dir.file('cache');
    const file = dir.file('sources.yaml');
    writeFileSync(file, 'sources: [{id: community-care, name: Community Care}]\n');
    const edited = new Date(Date.now() - 10 * 60_000);
    writeDataCache({ data: dir.path, cache });
    // The operator's edited copy, made before the build, put in place with its own time stamp.
    writeFileSync(file, 'sources: [{id: community-care, name: Community Care (edited)}]\n');
    utimesSync(file, edited, edited);
    expect(cachedData(file, { data: dir.path, cache })).not.toEqual({
      sources: [{ id: 'community-care', name: 'Community Care' }],
    });
  });

  it('an invalid file put in place the same way is not hidden behind the cache', () => {
    const cache = dir.file('cache-2');
    const file = dir.file('taxonomy.yaml');
    writeFileSync(file, 'themes: []\n');
    const edited = new Date(Date.now() - 10 * 60_000);
    writeDataCache({ data: dir.path, cache });
    writeFileSync(file, 'themes: [unclosed\n');
    utimesSync(file, edited, edited);
    // undefined makes the loader read the YAML and report its line.
    expect(cachedData(file, { data: dir.path, cache })).toBeUndefined();
  });
});

describe('the schedule line says when polls run', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const gapsOf = (cron: string) => {
    const gaps: number[] = [];
    let at = now;
    for (let i = 0; i < 4; i++) {
      const next = nextSlot(cron, 'Europe/London', at);
      if (i > 0) gaps.push((next.getTime() - at.getTime()) / 60_000);
      at = next;
    }
    return gaps;
  };
  it.each(['*/45 * * * *', '*/90 * * * *'])(
    '"every N min" is said only when polls are N minutes apart (%s)',
    (cron) => {
      const line = scheduleLine({ pollCron: cron, digestCron: '0 9 * * 1', zone: 'Europe/London', watches: 0 }, now);
      const said = /Polling every (\d+) min/.exec(line)?.[1];
      const gaps = gapsOf(cron);
      console.log(`${cron}: "${line}"; polls ${gaps.join(', ')} min apart`);
      if (said) expect(gaps.every((gap) => gap === Number(said))).toBe(true);
    },
  );
});
