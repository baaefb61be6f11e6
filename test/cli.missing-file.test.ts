import { mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
// LOG_LEVEL=debug would show a stack for an unexpected error: a missing file is no such error.
const env = { STORE_URL: `sqlite://${dir.file('bot.sqlite')}`, LOG_LEVEL: 'debug' };
afterAll(() => dir.remove());

describe('a file named on the command line that is not there', () => {
  const missing = dir.file('no-such-labels.jsonl');

  for (const args of [
    ['eval', missing],
    ['eval', '--json', missing],
    ['eval-decisions', missing],
    ['export-edits', '--into', missing],
  ]) {
    it(`${args.slice(0, -1).join(' ')} says so in one line and exits 1`, async () => {
      const result = await runCli(args, env);
      expect(result.stderr).toBe(`No such file: ${missing}\n`);
      expect(result.stdout).toBe('');
      expect(result.code).toBe(1);
    });
  }

  it('eval names a folder given for a file', async () => {
    const folder = dir.file('a-folder');
    mkdirSync(folder);
    const result = await runCli(['eval', folder], env);
    expect(result.stderr).toBe(`Not a file: ${folder}\n`);
    expect(result.code).toBe(1);
  });
});
