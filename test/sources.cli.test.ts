import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureServer } from './helpers/fixture-server.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

// A listing page with what a hostile or careless page can carry: terminal escapes, raw and as entities,
// and a date-only day-first date.
const LISTING = `<!doctype html><html><body>
<div class="row"><h3><a href="/news/fined">Council fined \u001b[2J\u001b[31mover&#27;[0m care leavers&#x1b;]0;owned&#7;</a></h3><span class="date">08/06/2023</span></div>
</body></html>`;

const server = new FixtureServer();
const dir = tempDir();
let sourcesFile = '';

beforeAll(async () => {
  await server.start();
  server.route('/news', { headers: { 'content-type': 'text/html; charset=utf-8' }, body: LISTING });
  sourcesFile = dir.file('sources.yaml');
  writeFileSync(
    sourcesFile,
    `sources:\n  - {id: council-news, name: Council news, kind: html, url: "${server.url('/news')}", selectors: {item: .row, title: h3, link: a, date: .date}}\n`,
  );
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

describe('feed text as the operator sees it at the terminal', () => {
  it('items shows no control characters, and a UK date-only date on its own day in the configured zone', async () => {
    // Tokyo is ahead of London: "8 June" read in one zone and shown in the other would print 7 June.
    const env = {
      SOURCES_FILE: sourcesFile,
      STORE_URL: `sqlite://${dir.file('tokyo.sqlite')}`,
      TZ: 'Asia/Tokyo',
      ALLOW_PRIVATE_FEEDS: '1',
    };
    const poll = await runCli(['poll', '--once'], env);
    expect(poll.stdout).toContain('council-news: 1 stored as backfill');
    const items = await runCli(['items'], env);
    expect(items.code).toBe(0);
    expect(items.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(items.stdout.split('\n')[0]).toBe('8 Jun 2023  [council-news]  Council fined over care leavers');
  });

  it('items says "undated" for a story its source gave no date, and lists it after the dated ones', async () => {
    server.route('/undated', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><html><body><div class="row"><h3><a href="/news/undated">Care leavers wait for housing</a></h3></div></body></html>',
    });
    const file = dir.file('undated-sources.yaml');
    writeFileSync(
      file,
      [
        'sources:',
        `  - {id: council-news, name: Council news, kind: html, url: "${server.url('/news')}", selectors: {item: .row, title: h3, link: a, date: .date}}`,
        `  - {id: undated-news, name: Undated news, kind: html, url: "${server.url('/undated')}", selectors: {item: .row, title: h3, link: a}}`,
      ].join('\n'),
    );
    const env = { SOURCES_FILE: file, STORE_URL: `sqlite://${dir.file('undated.sqlite')}`, ALLOW_PRIVATE_FEEDS: '1' };
    expect((await runCli(['poll', '--once'], env)).code).toBe(0);
    const items = await runCli(['items'], env);
    expect(items.code).toBe(0);
    const titles = items.stdout.split('\n').filter((line) => !line.startsWith(' '));
    expect(titles[0]).toBe('8 Jun 2023  [council-news]  Council fined over care leavers');
    expect(titles[1]).toBe('undated  [undated-news]  Care leavers wait for housing');
  });

  it('refuses a feed on a private address unless ALLOW_PRIVATE_FEEDS is set', async () => {
    const env = { SOURCES_FILE: sourcesFile, STORE_URL: `sqlite://${dir.file('private.sqlite')}` };
    const before = server.requestsTo('/news').length;
    const refused = await runCli(['poll', '--once'], { ...env, ALLOW_PRIVATE_FEEDS: '0' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /^council-news: error: refused: 127\.0\.0\.1 is a loopback address \(set ALLOW_PRIVATE_FEEDS=1 to allow private addresses\)/,
    );
    expect(server.requestsTo('/news').length).toBe(before);
    const allowed = await runCli(['poll', '--once', '--force'], { ...env, ALLOW_PRIVATE_FEEDS: '1' });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('council-news: 1 stored as backfill');
  });
});
