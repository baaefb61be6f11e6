import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import { runCli, startCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
// A folder is no SQLite file: opening the store fails at once, as a person at the terminal would meet it.
const broken = { STORE_URL: `sqlite://${dir.path}`, LOG_LEVEL: 'info' };
const REASON = 'unable to open database file';
afterAll(() => dir.remove());
// A store that opens and one source that cannot be read (port 1 is refused at once): a failure that
// is logged while the bot carries on.
const sources = dir.file('sources.yaml');
writeFileSync(sources, 'sources:\n  - {id: x, name: X, kind: rss, url: "http://127.0.0.1:1/feed"}\n');
// A store of its own each time: a source that failed once is left alone for a while.
let stores = 0;
const deadSource = () => ({
  STORE_URL: `sqlite://${dir.file(`bot-${++stores}.sqlite`)}`,
  SOURCES_FILE: sources,
  LOG_LEVEL: 'info',
});

// A SQLite file whose table lacks the column every read needs: the store opens, then fails at the
// first read, as a store that breaks under a running command does. The store logs the outage, and the
// command stops on the same failure.
const brokenTable = dir.file('no-value-column.sqlite');
const BROKEN_TABLE_REASON = 'SQLITE_ERROR: no such column: value';
async function makeBrokenTable(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const db = new sqlite3.Database(brokenTable);
    db.exec('CREATE TABLE keyv (key TEXT PRIMARY KEY)', (error) => db.close(() => (error ? reject(error) : resolve())));
  });
}

async function waitUntil(done: () => boolean, timeoutMs = 15_000): Promise<void> {
  for (const started = Date.now(); !done(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
const mentions = (text: string) => text.split(REASON).length - 1;

describe('a failure as the person at the terminal reads it', () => {
  for (const args of [['items'], ['recommendation', 'iro'], ['poll', '--once']]) {
    it(`${args.join(' ')} tells it in one readable line, once`, async () => {
      const result = await runCli(args, broken);
      expect(result.code).toBe(1);
      expect(result.stderr).not.toContain('{"level":');
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(
        /^STORE_URL: cannot open the store .*SQLITE_CANTOPEN: unable to open database file/,
      );
      expect(mentions(result.stderr + result.stdout)).toBe(1);
    });
  }

  describe('a store that fails after it opened', () => {
    beforeAll(makeBrokenTable);
    for (const args of [['items'], ['recommendation', 'iro'], ['poll', '--once']]) {
      it(`${args.join(' ')} tells it in one readable line, once: the log line, not again as its error`, async () => {
        const result = await runCli(args, {
          STORE_URL: `sqlite://${brokenTable}`,
          SOURCES_FILE: sources,
          LOG_LEVEL: 'info',
        });
        expect(result.code).toBe(1);
        expect(lines(result.stderr)).toEqual([
          `care-review-bot: store unreachable; retrying on each use: ${BROKEN_TABLE_REASON} (store ${brokenTable})`,
        ]);
      });
    }
  });

  it('the long-running bot tells a store it cannot open in that one line, JSON logs or not', async () => {
    for (const format of [{}, { LOG_FORMAT: 'json' }, { LOG_FORMAT: 'text' }] as Record<string, string>[]) {
      const result = await runCli(['start'], { ...broken, ...format });
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        `STORE_URL: cannot open the store ${dir.path}: SQLITE_CANTOPEN: ${REASON}`,
      ]);
    }
  });

  it('a one-shot command still logs JSON lines when LOG_FORMAT=json asks for them', async () => {
    const result = await runCli(['poll', '--once'], { ...deadSource(), LOG_FORMAT: 'json' });
    expect(result.code).toBe(1);
    const json = lines(result.stderr).filter((line) => line.startsWith('{'));
    expect(json.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain('source failed');
  });

  it('the long-running bot keeps JSON log lines when stderr is not a terminal', async () => {
    const bot = startCli(['start'], deadSource());
    try {
      await waitUntil(() => bot.output.stderr.includes('source failed'));
      const json = lines(bot.output.stderr).filter((line) => line.startsWith('{"level":'));
      expect(json.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain('source failed');
    } finally {
      bot.kill();
      await bot.exited;
    }
  });

  it('the long-running bot with LOG_FORMAT=text tells a failure readably, once', async () => {
    const bot = startCli(['start'], { ...deadSource(), LOG_FORMAT: 'text' });
    try {
      await waitUntil(() => bot.output.stderr.includes('source failed'));
      expect(bot.output.stderr).not.toContain('{"level":');
      expect(bot.output.stderr.match(/WARN: source failed/g)).toHaveLength(1);
      expect(bot.output.stderr.match(/bad port/g)).toHaveLength(1);
    } finally {
      bot.kill();
      await bot.exited;
    }
  });

  it('refuses a LOG_FORMAT it does not know, naming it', async () => {
    const result = await runCli(['items'], { ...broken, LOG_FORMAT: 'xml' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LOG_FORMAT: must be auto, json or text (got "xml")');
  });
});
