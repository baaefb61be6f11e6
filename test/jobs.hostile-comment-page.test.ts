// A hostile feed: one story with a large comment count and no comment feed, whose article page
// nests 1,500 comments in each other. The poll reads the page in one linear pass, in slices.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
beforeAll(async () => void (await server.start()));
afterAll(async () => {
  await server.stop();
  dir.remove();
});

it("one poll of a hostile feed stores the page's comments, each with its own text", async () => {
  const n = 1_500;
  const page = `<html><body><div id="comments">${Array.from({ length: n }, (_, i) => `<div id="comment-${i}"><p>c${i}</p>`).join('')}${'</div>'.repeat(n)}</div></body></html>`;
  const published = new Date(Date.now() - 3_600_000).toUTCString();
  const feed =
    `<?xml version="1.0"?><rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>t</title><link>${server.url('/')}</link><description>d</description>` +
    `<item><title>Kinship carers story</title><link>${server.url('/story/')}</link><guid>s1</guid><pubDate>${published}</pubDate><description>Kinship carers.</description><slash:comments>5000</slash:comments></item></channel></rss>`;
  server.route('/feed', { headers: { 'content-type': 'application/rss+xml' }, body: feed });
  server.route('/story/', { headers: { 'content-type': 'text/html' }, body: page });
  writeFileSync(
    dir.file('sources.yaml'),
    `sources:\n  - id: hostile\n    name: Hostile\n    kind: rss\n    url: ${server.url('/feed')}\n    enabled: true\n`,
  );
  // ALLOW_PRIVATE_FEEDS only because the fixture server stands on 127.0.0.1 for a public host.
  const app = await openApp({
    config: loadConfig(
      { STORE_URL: `memory:hostile-${Date.now()}`, SOURCES_FILE: dir.file('sources.yaml'), ALLOW_PRIVATE_FEEDS: '1' },
      { dotenv: false },
    ),
    logger: silentLogger,
  });

  await app.poll();
  const stored = await app.comments.forArticles([server.url('/story/')]);
  await app.close();
  // Each comment is stored with its own words, not its replies' too; the page's depth limit ends the read.
  expect(app.lastComments?.added).toBeGreaterThan(100);
  expect(stored.find((c) => c.wpId === '0')?.text).toBe('c0');
  expect(stored.find((c) => c.wpId === '42')?.text).toBe('c42');
}, 60_000);
