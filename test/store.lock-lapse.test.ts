// Two processes on one SQLite file: a poll whose event loop is blocked past its lock's TTL (a long
// synchronous step) must not write once another process has taken the lock.
import { afterAll, expect, it } from 'vitest';
import { spawnTs } from './helpers/spawn-ts.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

it('a poll that stalled past its lock writes no comments while another process holds the lock', async () => {
  const file = dir.file('lapse.sqlite');
  // A's lock lasts 4 s: long enough that a loaded machine does not end its lease before the stall,
  // which lasts 7 s, well past it.
  const b = spawnTs('test/helpers/lock-processes/contender.ts', [file, '8000']);
  const a = spawnTs('test/helpers/lock-processes/stalled-poller.ts', [file, dir.path, '7000']);
  try {
    await b.waitFor(/^B READY/, 30_000);
    await a.waitFor(/^STALLING/, 30_000); // A holds the poll lock and is reading comments
    await b.waitFor(/^B TOOK/, 15_000); // its lock lapsed during the stall
    const [aEnd] = await Promise.all([a.exited, b.exited]);
    console.log([...a.lines, ...b.lines].join('\n'));
    expect(aEnd).toBe(0);
    expect(b.lines.join('\n')).toContain('comments written while B held the lock: 0');
    expect(a.lines.join('\n')).toMatch(/A DONE ran=true comments added=(0|none)/);
  } finally {
    a.kill();
    b.kill();
  }
}, 60_000);
