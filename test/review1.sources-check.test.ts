import { writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { runSourcesCheck } from '../src/sources/check-sources.ts';
import { FixtureServer } from './helpers/fixture-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
const now = new Date('2024-05-20T12:00:00Z');
const rss = { 'content-type': 'application/rss+xml; charset=utf-8' };

function feed(items: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;
}

async function check(yaml: string, id?: string): Promise<{ ok: boolean; text: string }> {
  const file = dir.file(`sources-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `sources:\n${yaml}`);
  const lines: string[] = [];
  const ok = await runSourcesCheck({
    config: {
      SOURCES_FILE: file,
      ALLOW_PRIVATE_FEEDS: true,
      CONTACT_URL: 'https://example.org/contact',
      TZ: 'Europe/London',
    },
    logger: silentLogger,
    id,
    write: (line) => lines.push(line),
    now,
  });
  return { ok, text: lines.join('\n') };
}

beforeAll(async () => {
  await server.start();
  const port = new URL(server.baseUrl).port;
  server
    .route('/future/feed', {
      headers: rss,
      body: feed(
        `<item><title>Dated</title><link>${server.baseUrl}/future/1</link><pubDate>Mon, 13 May 2024 09:00:00 GMT</pubDate></item>` +
          `<item><title>Ahead</title><link>${server.baseUrl}/future/2</link><pubDate>Sat, 01 Jan 2028 09:00:00 GMT</pubDate></item>`,
      ),
    })
    .route('/future/1', { headers: { 'content-type': 'text/html' }, body: '<p>a</p>' })
    .route('/gone/feed', { status: 404, body: 'not here' })
    // An aggregator-like feed whose stories live on another host (here "localhost", not 127.0.0.1), with no comment counts.
    .route('/elsewhere/feed', {
      headers: rss,
      body: feed(
        `<item><title>Off-site story</title><link>http://localhost:${port}/offsite/story</link><pubDate>Mon, 13 May 2024 09:00:00 GMT</pubDate></item>`,
      ),
    })
    .route('/offsite/story', { headers: { 'content-type': 'text/html' }, body: '<p>another site</p>' })
    .route('/off/feed', {
      headers: rss,
      body: feed(
        `<item><title>S</title><link>${server.baseUrl}/future/1</link><pubDate>Mon, 13 May 2024 09:00:00 GMT</pubDate></item>`,
      ),
    });
});
// A server that answers with a status line no well-behaved server would send: terminal escapes in the reason phrase.
const hostile = createTcpServer((socket) =>
  socket.once('data', () =>
    socket.end('HTTP/1.1 404 \x1b[2J\x1b[31mOWNED\x1b[0m\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'),
  ),
);
beforeAll(() => new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve)));
afterAll(async () => {
  await new Promise((resolve) => hostile.close(resolve));
  await server.stop();
  dir.remove();
});

describe('sources check on odd sources', () => {
  it('a story dated in the future is not reported as a date that "could not be read"', async () => {
    const { text } = await check(`  - {id: future, name: Future, kind: rss, url: "${server.url('/future/feed')}"}`);
    // "Sat, 01 Jan 2028 09:00:00 GMT" is a well-formed RFC 822 date; the problem is that it is ahead of now.
    expect(text).toContain('1 of 2 stories have no date');
    expect(text).not.toMatch(/"Sat, 01 Jan 2028 09:00:00 GMT" could not be read/);
  });

  it('reads a failing source once, not twice', async () => {
    const before = server.requestsTo('/gone/feed').length;
    const { ok, text } = await check(`  - {id: gone, name: Gone, kind: rss, url: "${server.url('/gone/feed')}"}`);
    expect(ok).toBe(false);
    expect(text).toContain('HTTP 404');
    expect(server.requestsTo('/gone/feed').length - before).toBe(1);
  });

  it('reads no page on another host for a source that counts no comments (a poll never would)', async () => {
    const { text } = await check(
      `  - {id: elsewhere, name: Elsewhere, kind: rss, url: "${server.url('/elsewhere/feed')}"}`,
    );
    expect(text).toContain('1 story');
    const offsite = server.requests.filter((r) => r.headers.host?.startsWith('localhost:'));
    expect(offsite.map((r) => `${r.headers.host}${r.path}`)).toEqual([]);
  });

  it('says that a source checked by its id is disabled, so its result is not taken for a live one', async () => {
    const { text } = await check(
      `  - {id: off, name: Off, kind: rss, url: "${server.url('/off/feed')}", enabled: false}`,
      'off',
    );
    expect(text).toContain('off (Off)');
    expect(text).toMatch(/disabled|enabled: false/);
  });

  it("prints no terminal escapes from a hostile server's status line when a source fails", async () => {
    const port = (hostile.address() as AddressInfo).port;
    const { ok, text } = await check(
      `  - {id: hostile, name: Hostile, kind: rss, url: "http://127.0.0.1:${port}/feed"}`,
    );
    expect(ok).toBe(false);
    expect(text).toContain('hostile (Hostile): FAILED');
    expect(text).not.toContain('\x1b');
  });
});
