import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
let env: Record<string, string>;

beforeAll(async () => {
  await server.start();
  server
    .route('/cc/feed/', {
      headers: { 'content-type': 'application/rss+xml' },
      body: fixture('feeds/community-care-wordpress.xml'),
    })
    .route('/psw', { headers: { 'content-type': 'text/html' }, body: fixture('feeds/psw-listing.html') });
  const sourcesFile = dir.file('sources.yaml');
  writeFileSync(
    sourcesFile,
    [
      'sources:',
      `  - {id: community-care, name: Community Care, kind: rss, url: "${server.url('/cc/feed/')}"}`,
      `  - {id: psw-basw, name: PSW, kind: html, url: "${server.url('/psw')}", selectors: {item: .views-row, title: h3, link: a, date: "time, .date"}}`,
      `  - {id: broken, name: Broken, kind: rss, url: "${server.url('/missing')}"}`,
      `  - {id: paused, name: Paused, kind: rss, url: "${server.url('/missing')}", enabled: false}`,
    ].join('\n'),
  );
  env = { SOURCES_FILE: sourcesFile, STORE_URL: `sqlite://${dir.file('bot.sqlite')}` };
});
afterAll(async () => {
  await server.stop();
  dir.remove();
});

describe('care-review-bot CLI', () => {
  it('poll --once prints one line per enabled source and exits 0 when any could be read', async () => {
    const result = await runCli(['poll', '--once'], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toContain('community-care: 4 stored as backfill (first poll, not announced) (4 in source)');
    expect(lines).toContain('psw-basw: 3 stored as backfill (first poll, not announced) (3 in source, via selectors)');
    expect(lines.find((l) => l.startsWith('broken:'))).toMatch(/^broken: error: HTTP 404/);
  });

  it('items lists the newest first, filters by source, and speaks JSON', async () => {
    const text = await runCli(['items', '--limit', '2'], env);
    expect(text.code).toBe(0);
    const lines = text.stdout
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith(' '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '14 May 2024  [community-care]  Agency social work price caps will not come into force until spring 2025',
    );
    expect(lines[1]).toMatch(/^2 Nov 2023 {2}\[psw-basw\] {2}Government rules out national pay scale/);
    // Each item shows why it was tagged.
    expect(text.stdout).toContain("    tagged workforce: 'Agency social work' (title)");
    expect(text.stdout).toContain("    recommendation national-pay-scale: 'national pay scale' (title)");
    const json = await runCli(['items', '--source', 'community-care', '--json'], env);
    const items = JSON.parse(json.stdout) as Array<{ sourceId: string; commentCount: number }>;
    expect(items).toHaveLength(4);
    expect(items.every((i) => i.sourceId === 'community-care')).toBe(true);
    expect(items.map((i) => i.commentCount)).toEqual([0, 8, 12, 35]);
  });

  it('classifies every item as it arrives, and reclassify re-runs the classifier over the store', async () => {
    const json = await runCli(['items', '--json'], env);
    const items = JSON.parse(json.stdout) as Array<{
      title: string;
      classification?: {
        aboutReform: boolean;
        themes: Array<{ key: string }>;
        recommendations: Array<{ key: string }>;
      };
    }>;
    const iro = items.find((i) => i.title.startsWith('Independent reviewing officers'))!;
    expect(iro.classification?.aboutReform).toBe(true);
    expect(iro.classification?.themes.map((t) => t.key)).toEqual(['advocacy-iro']);
    expect(iro.classification?.recommendations.map((t) => t.key)).toEqual(['iro']);
    const result = await runCli(['reclassify'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Reclassified 7 items: 0 changed.\n');
  });

  it('answers recommendation lookups as a subcommand and at the prompt, in plain text', async () => {
    const sub = await runCli(['recommendation', 'iro'], env);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^Abolish independent reviewing officers \(IROs\)\n=+\n/);
    expect(sub.stdout).toContain('Government response: Rejected (since 2 Feb 2023)');
    expect(sub.stdout).toContain(
      '<https://www.communitycare.co.uk/2023/02/02/independent-reviewing-officer-role-saved/>',
    );
    const prompt = await runCli(
      ['start'],
      { ...env, POLL_CRON: '0 0 1 1 *' },
      '/recommendation list response:rejected\n/recommendation nonsense-key\nexit\n',
    );
    expect(prompt.stdout).toContain('national-pay-scale: Rejected');
    expect(prompt.stdout).toContain('No recommendation "nonsense-key"');
  });

  it('items refuses an unknown source by name', async () => {
    const result = await runCli(['items', '--source', 'guardian'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Unknown source "guardian". Known sources: community-care, psw-basw, broken, paused',
    );
  });

  it('poll --once exits non-zero when no source could be read', async () => {
    const sourcesFile = dir.file('all-broken.yaml');
    writeFileSync(
      sourcesFile,
      `sources:\n  - {id: broken, name: Broken, kind: rss, url: "${server.url('/missing')}"}\n`,
    );
    const result = await runCli(['poll', '--once'], {
      ...env,
      SOURCES_FILE: sourcesFile,
      STORE_URL: `sqlite://${dir.file('other.sqlite')}`,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^broken: error: HTTP 404/);
  });

  it('stops start-up on a bad setting, naming the variable', async () => {
    const result = await runCli(['start'], { ...env, POLL_CRON: 'hourly' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('POLL_CRON: not a valid cron expression');
  });

  it('start in terminal mode polls once, then answers typed slash commands', async () => {
    const result = await runCli(['start'], env, '/help\n/items psw-basw 1\n/items limit:zero\n/nonsense\nexit\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('community-care: no new items');
    expect(result.stdout).toContain('/items: The latest stored news items');
    expect(result.stdout).toMatch(
      /Latest from PSW\n=+\n• Government rules out national pay scale for children’s social workers <http:\/\/127\.0\.0\.1:\d+\/about-social-work/,
    );
    expect(result.stdout).toContain('limit must be a whole number (got "zero")');
    expect(result.stdout).toContain('Unknown command /nonsense. Type /help for the list.');
  });

  it('runs from another working directory: bundled data from the package, a relative SOURCES_FILE from where it is run', async () => {
    const elsewhere = tempDir();
    try {
      writeFileSync(
        elsewhere.file('sources.yaml'),
        `sources:\n  - {id: community-care, name: Community Care, kind: rss, url: "${server.url('/cc/feed/')}"}\n`,
      );
      const result = await runCli(
        ['recommendation', 'iro'],
        { SOURCES_FILE: 'sources.yaml', STORE_URL: `sqlite://${elsewhere.file('bot.sqlite')}` },
        undefined,
        30_000,
        elsewhere.path,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('independent reviewing officer');
    } finally {
      elsewhere.remove();
    }
  });
});

describe('feed text at the terminal', () => {
  let hostileEnv: Record<string, string>;
  beforeAll(async () => {
    server.route('/hostile/feed/', {
      headers: { 'content-type': 'application/rss+xml' },
      body: fixture('feeds/hostile-titles.xml'),
    });
    const sourcesFile = dir.file('hostile.yaml');
    writeFileSync(
      sourcesFile,
      `sources:\n  - {id: hostile, name: Hostile News, kind: rss, url: "${server.url('/hostile/feed/')}"}\n`,
    );
    hostileEnv = { SOURCES_FILE: sourcesFile, STORE_URL: `sqlite://${dir.file('hostile.sqlite')}` };
    expect((await runCli(['poll', '--once'], hostileEnv)).code).toBe(0);
  });

  const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

  it('items prints titles as written, without control characters', async () => {
    const result = await runCli(['items'], hostileEnv);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stdout).toContain('Council fined](https://evil.example/login) [see guidance\n');
    expect(result.stdout).toContain('Kinship carers say **support** falls short');
  });

  it('/items at the prompt reads escaped feed text as written, with the link after it', async () => {
    const result = await runCli(['start'], { ...hostileEnv, POLL_CRON: '0 0 1 1 *' }, '/items\nexit\n');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stdout).toMatch(
      /^• Council fined\]\(https:\/\/evil\.example\/login\) \[see guidance <https:\/\/news\.example\.org\/2024\/06\/02\/council-fined\/>: Hostile News, 2 Jun 2024$/m,
    );
    expect(result.stdout).toMatch(
      /^• Kinship carers say \*\*support\*\* falls short <https:\/\/news\.example\.org\/2024\/06\/01\/kinship-carers\/>: Hostile News, 1 Jun 2024$/m,
    );
    expect(result.stdout).not.toContain('\\');
  });

  it('refuses a memory store outside the test suite: it would keep nothing', async () => {
    const result = await runCli(['poll', '--once'], { ...env, STORE_URL: 'memory:prod', VITEST: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('STORE_URL: memory: keeps nothing after the command ends');
  });
});
