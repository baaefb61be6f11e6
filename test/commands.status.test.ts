import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app.ts';
import { findCommand } from '../commands/index.ts';
import { runCommand } from '../src/command-kit/run-command.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { renderText } from '../src/terminal/render-text.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { rssFeed } from './helpers/rss-feed.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { writeFileSync } from 'node:fs';

const TOKEN = `${'x'.repeat(24)}.secret.${'y'.repeat(27)}`;
const server = new FixtureServer();
const dir = tempDir();
let app: App;

beforeAll(async () => {
  await server.start();
  server.route('/ok/feed', {
    headers: { 'content-type': 'application/rss+xml' },
    body: rssFeed([
      {
        title: 'Kinship care story one',
        url: 'https://news.example.org/1/',
        published: new Date('2026-11-20T09:00:00Z'),
      },
    ]),
  });
  const channel = (items: string) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://news.example.org/</link><description>T</description>${items}</channel></rss>`;
  server.route('/empty/feed', { headers: { 'content-type': 'application/rss+xml' }, body: channel('') });
  server.route('/undated/feed', {
    headers: { 'content-type': 'application/rss+xml' },
    body: channel('<item><title>Kinship care story two</title><link>https://news.example.org/2/</link></item>'),
  });
  server.route('/ahead/feed', {
    headers: { 'content-type': 'application/rss+xml' },
    body: channel(
      '<item><title>Kinship care story three</title><link>https://news.example.org/3/</link><pubDate>Sat, 01 Jan 2095 09:00:00 GMT</pubDate></item>',
    ),
  });
  const sources = dir.file('sources.yaml');
  writeFileSync(
    sources,
    `sources:\n  - {id: cc, name: Community Care, kind: rss, url: "${server.url('/ok/feed')}"}\n  - {id: down, name: Down Feed, kind: rss, url: "${server.url('/missing')}"}\n` +
      `  - {id: empty, name: Empty Feed, kind: rss, url: "${server.url('/empty/feed')}"}\n` +
      `  - {id: undated, name: Undated Feed, kind: rss, url: "${server.url('/undated/feed')}"}\n` +
      `  - {id: ahead, name: Ahead Feed, kind: rss, url: "${server.url('/ahead/feed')}"}\n`,
  );
  const config = {
    ...loadConfig(
      { STORE_URL: `memory:status-${randomUUID()}`, SOURCES_FILE: sources, ALLOW_PRIVATE_FEEDS: '1' },
      { dotenv: false },
    ),
    DISCORD_TOKEN: TOKEN,
    DISCORD_APP_ID: '100000000000000009',
  };
  app = await openApp({ config, logger: silentLogger });
  await app.poll();
});
afterAll(async () => {
  await app.close();
  await server.stop();
  dir.remove();
});

describe('/status', () => {
  it('shows each source, the store, the last poll, locks and the next digest, and never the token', async () => {
    const reply = await runCommand(findCommand('status')!, app.context, {
      options: {},
      user: { id: '1', name: 'Mod', rights: { manageServer: true, editor: true } },
    });
    const text = renderText(reply);
    expect(text).toMatch(/Community Care \(cc\): ok · 1 stored · last success/);
    expect(text).toMatch(/Down Feed \(down\): failing \(1 time\)/);
    expect(text).toContain('last error: HTTP 404');
    expect(text).toContain('Store: memory');
    expect(text).toMatch(/Last poll: .+ by /);
    expect(text).toContain('Locks: poll: free · digest: free · deliver: free');
    expect(text).toMatch(/Next digest: \d+ \w+ \d{4} 09:00/);
    expect(JSON.stringify(reply)).not.toContain('secret');
  });

  it('makes a source that reads but yields nothing usable obvious: no stories, or no dates', async () => {
    const reply = await runCommand(findCommand('status')!, app.context, {
      options: {},
      user: { id: '1', name: 'Mod', rights: { manageServer: true, editor: true } },
    });
    const text = renderText(reply);
    expect(text).toMatch(
      /Community Care \(cc\): ok · 1 stored · last success .+ · last read: 1 story, 1 dated, via feed/,
    );
    expect(text).not.toMatch(/Community Care[^\n]*\n[^\n]*sources check/);
    expect(text).toMatch(
      /Empty Feed \(empty\): check its configuration · .+\n\s*the last poll found no stories: run care-review-bot sources check empty/,
    );
    expect(text).toMatch(
      /Undated Feed \(undated\): check its configuration · .+ last read: 1 story, 0 dated, via feed .+\n\s*no story had a date at the last poll: run care-review-bot sources check undated/,
    );
    // A well-formed date ahead of now is not called missing: the source dates its stories wrongly.
    expect(text).toMatch(
      /Ahead Feed \(ahead\): check its configuration · .+ last read: 1 story, 0 dated \(1 dated in the future\), via feed .+\n\s*no story had a date it could use at the last poll \(1 story dated in the future\): run care-review-bot sources check ahead/,
    );
    // In Discord the state stands out in bold.
    expect(JSON.stringify(reply)).toContain('Empty Feed** (empty): **check its configuration**');
  });

  it('is for editors only, checked on the server side: another server’s Manage Server is not enough', async () => {
    for (const manageServer of [false, true]) {
      const reply = await runCommand(findCommand('status')!, app.context, {
        options: {},
        user: { id: '2', name: 'Member', rights: { manageServer, editor: false } },
      });
      expect(reply.content).toMatch(/^(Only the bot's editors|Nobody can) use \/status/);
    }
  });
});
