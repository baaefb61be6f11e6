import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

beforeAll(async () => {
  await server.start();
  server.route('/feed/', {
    headers: { 'content-type': 'application/rss+xml' },
    body: fixture('feeds/dieworkwear-wordpress-rss.xml'),
  });
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

async function pollWith(env: Record<string, string>): Promise<string | undefined> {
  const sources = dir.file(`sources-${randomUUID()}.yaml`);
  writeFileSync(sources, `sources:\n  - {id: shop, name: Shop, kind: rss, url: "${server.url('/feed/')}"}\n`);
  const config = loadConfig(
    { STORE_URL: `memory:ua-${randomUUID()}`, SOURCES_FILE: sources, ALLOW_PRIVATE_FEEDS: '1', ...env },
    { dotenv: false },
  );
  const app = await openApp({ config, logger: silentLogger });
  try {
    await app.poll();
  } finally {
    await app.close();
  }
  return server.requestsTo('/feed/').at(-1)?.headers['user-agent'];
}

describe('the User-Agent a publisher sees', () => {
  it('names the bot, its version and the CONTACT_URL', async () => {
    expect(await pollWith({ CONTACT_URL: 'https://example.org/contact' })).toBe(
      `care-review-bot/${version} (+https://example.org/contact)`,
    );
  });

  it('names the bot and its version alone when no CONTACT_URL is set', async () => {
    expect(await pollWith({})).toBe(`care-review-bot/${version}`);
  });
});
