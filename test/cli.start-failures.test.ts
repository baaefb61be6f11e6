import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());
const notADatabase = dir.file('notes.sqlite');
writeFileSync(notADatabase, 'these are notes, not a database\n'.repeat(100));

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('a store that cannot be opened at start-up', () => {
  const cases = [
    {
      what: 'a folder',
      url: `sqlite://${dir.path}`,
      expected: `STORE_URL: cannot open the store ${dir.path}: SQLITE_CANTOPEN: unable to open database file`,
    },
    {
      what: 'a file that is no database',
      url: `sqlite://${notADatabase}`,
      expected: `STORE_URL: cannot open the store ${notADatabase}: SQLITE_NOTADB`,
    },
    {
      what: 'a Redis nobody answers',
      url: 'redis://127.0.0.1:1',
      expected: 'STORE_URL: cannot connect to the store redis://127.0.0.1:1: connect ECONNREFUSED',
    },
  ];
  for (const { what, url, expected } of cases) {
    it(`is told in one line naming STORE_URL, without promising retries, for ${what}`, async () => {
      for (const args of [['start'], ['items']]) {
        const result = await runCli(args, { STORE_URL: url, LOG_LEVEL: 'info' });
        expect(result.code, args[0]).toBe(1);
        expect(lines(result.stderr), args[0]).toHaveLength(1);
        expect(result.stderr, args[0]).toContain(expected);
        expect(result.stderr + result.stdout, args[0]).not.toMatch(/retrying/);
      }
    });
  }
});

describe('a sources file that is not there', () => {
  it('is named by its setting, SOURCES_FILE', async () => {
    const missing = dir.file('missing.yaml');
    const result = await runCli(['start'], { STORE_URL: `sqlite://${dir.file('bot.sqlite')}`, SOURCES_FILE: missing });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`SOURCES_FILE ${missing}`);
    expect(result.stderr).toContain('no such file');
  });
});
