import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const recorder = fileURLToPath(new URL('./helpers/record-modules.mjs', import.meta.url));
const server = new FixtureServer();
const dir = tempDir();

beforeAll(async () => {
  await server.start();
  server.route('/cc/feed/', {
    headers: { 'content-type': 'application/rss+xml' },
    body: fixture('feeds/community-care-wordpress.xml'),
  });
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

describe('start without DISCORD_TOKEN', () => {
  it('says in one line what is scheduled, polls, answers typed commands and never loads discord.js', async () => {
    const sources = dir.file('sources.yaml');
    writeFileSync(
      sources,
      `sources:\n  - {id: community-care, name: Community Care, kind: rss, url: "${server.url('/cc/feed/')}"}\n`,
    );
    const loaded = dir.file('modules.txt');
    const result = await runCli(
      ['start'],
      {
        SOURCES_FILE: sources,
        STORE_URL: `sqlite://${dir.file('bot.sqlite')}`,
        NODE_OPTIONS: `--import=${recorder}`,
        RECORD_MODULES_TO: loaded,
        LOG_LEVEL: 'info',
      },
      '/help\n/items\n/status\nexit\n',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('community-care: 4 stored as backfill');
    expect(result.stdout).toContain('Polling every 15 min; digest Mon 09:00 (Europe/London); no alerts set (/watch).');
    // The schedule is that line, not a log entry per job.
    expect(result.stderr).not.toContain('"msg":"scheduled"');
    const modules = readFileSync(loaded, 'utf8').trim().split('\n');
    // The recorder saw the libraries the terminal bot does use...
    expect(modules.some((url) => url.includes('/node_modules/rss-parser/'))).toBe(true);
    expect(modules.some((url) => url.includes('/node_modules/commander/'))).toBe(true);
    // ...and not the Discord client.
    expect(modules.filter((url) => /\/node_modules\/(discord\.js|@discordjs\/(ws|rest))\//.test(url))).toEqual([]);
  });
});
