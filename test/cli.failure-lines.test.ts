import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
// A folder is no SQLite file: opening the store fails at once, as a person at the terminal would meet it.
const broken = { STORE_URL: `sqlite://${dir.path}`, LOG_LEVEL: 'info' };
const REASON = 'unable to open database file';
afterAll(() => dir.remove());

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
const mentions = (text: string) => text.split(REASON).length - 1;

describe('a failure as the person at the terminal reads it', () => {
  for (const args of [['items'], ['recommendation', 'iro'], ['poll', '--once']]) {
    it(`${args.join(' ')} tells it in one readable line, once`, async () => {
      const result = await runCli(args, broken);
      expect(result.code).toBe(1);
      expect(result.stderr).not.toContain('{"level":');
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^care-review-bot: .*SQLITE_CANTOPEN: unable to open database file/);
      expect(mentions(result.stderr + result.stdout)).toBe(1);
    });
  }

  it('a one-shot command still logs JSON lines when LOG_FORMAT=json asks for them', async () => {
    const result = await runCli(['items'], { ...broken, LOG_FORMAT: 'json' });
    expect(result.code).toBe(1);
    const json = lines(result.stderr).filter((line) => line.startsWith('{'));
    expect(json.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain(
      'store unreachable; retrying on each use',
    );
  });

  it('the long-running bot keeps JSON log lines when stderr is not a terminal', async () => {
    const result = await runCli(['start'], broken);
    expect(result.code).toBe(1);
    const json = lines(result.stderr).filter((line) => line.startsWith('{"level":'));
    expect(json.length).toBeGreaterThan(0);
  });

  it('the long-running bot with LOG_FORMAT=text tells a failure readably, once', async () => {
    const result = await runCli(['start'], { ...broken, LOG_FORMAT: 'text' });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('{"level":');
    expect(result.stderr).toMatch(/ERROR: store unreachable; retrying on each use/);
    expect(mentions(result.stderr + result.stdout)).toBe(1);
  });

  it('refuses a LOG_FORMAT it does not know, naming it', async () => {
    const result = await runCli(['items'], { ...broken, LOG_FORMAT: 'xml' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LOG_FORMAT: must be auto, json or text (got "xml")');
  });
});
