import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { configSchema, loadConfig } from '../src/config.ts';
import { bundledFile } from '../src/paths.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { ConfigError } from '../src/errors.ts';
import { loadSources } from '../src/sources/source-config.ts';
import { tempDir } from './helpers/temp-dir.ts';

function configProblems(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, { dotenv: false });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('settings', () => {
  it('has working defaults with nothing set', () => {
    expect(loadConfig({}, { dotenv: false })).toMatchObject({
      STORE_URL: `sqlite://${bundledFile('data/bot.sqlite')}`,
      SOURCES_FILE: bundledFile('data/sources.yaml'),
      POLL_CRON: '*/15 * * * *',
      DIGEST_CRON: '0 9 * * 1',
      TZ: 'Europe/London',
      LOG_LEVEL: 'info',
    });
  });

  it('names every bad variable in one message, without echoing the token', () => {
    const message = configProblems({
      POLL_CRON: 'every five minutes',
      TZ: 'Mars/Olympus',
      STORE_URL: 'postgres://x',
      LOG_LEVEL: 'loud',
      DISCORD_GUILD_ID: '12',
    });
    expect(message).toContain('POLL_CRON: not a valid cron expression');
    expect(message).toContain('TZ: not a known IANA time zone');
    expect(message).toContain('STORE_URL: must be sqlite://PATH');
    expect(message).toContain('LOG_LEVEL:');
    expect(message).toContain('DISCORD_GUILD_ID: must be a Discord id');
    expect(configProblems({ DISCORD_TOKEN: 'short' })).not.toContain('"short"');
  });

  it('reads the editor servers as a comma-separated list of ids, and the editor role as one id', () => {
    const unset = loadConfig({}, { dotenv: false });
    expect(unset.EDITOR_GUILD_IDS).toEqual([]);
    expect(unset.EDITOR_ROLE_ID).toBeUndefined();
    expect(
      loadConfig(
        {
          EDITOR_GUILD_IDS: ' 100000000000000001, 100000000000000002,,100000000000000001 ',
          EDITOR_ROLE_ID: '300000000000000003',
        },
        { dotenv: false },
      ),
    ).toMatchObject({
      EDITOR_GUILD_IDS: ['100000000000000001', '100000000000000002'],
      EDITOR_ROLE_ID: '300000000000000003',
    });
    expect(configProblems({ EDITOR_GUILD_IDS: '100000000000000001;my server' })).toContain(
      'EDITOR_GUILD_IDS: "100000000000000001;my server" is not a Discord server id (17 to 20 digits); give ids separated by commas',
    );
    expect(configProblems({ EDITOR_GUILD_IDS: '100000000000000001,12,abc' })).toContain(
      'EDITOR_GUILD_IDS: "12", "abc" are not Discord server ids',
    );
    expect(configProblems({ EDITOR_ROLE_ID: '@Editors' })).toContain('EDITOR_ROLE_ID: must be a Discord id');
  });

  it('accepts one documented STORE_URL form per backend and refuses the ones that lose or misplace data', () => {
    const cwd = process.cwd();
    expect(loadConfig({ STORE_URL: 'sqlite://state/bot.sqlite' }, { dotenv: false }).STORE_URL).toBe(
      `sqlite://${cwd}/state/bot.sqlite`,
    );
    expect(loadConfig({ STORE_URL: 'sqlite:///srv/bot/bot.sqlite' }, { dotenv: false }).STORE_URL).toBe(
      'sqlite:///srv/bot/bot.sqlite',
    );
    expect(loadConfig({ STORE_URL: 'redis://127.0.0.1:6379' }, { dotenv: false }).STORE_URL).toBe(
      'redis://127.0.0.1:6379',
    );
    expect(configProblems({ STORE_URL: 'sqlite://' })).toContain('STORE_URL: names no file');
    expect(configProblems({ STORE_URL: 'sqlite:' })).toContain('STORE_URL: names no file');
    expect(configProblems({ STORE_URL: 'sqlite:/abs/path' })).toContain('STORE_URL: names no file');
    expect(configProblems({ STORE_URL: 'sqlite://~/x.sqlite' })).toContain('"~" is not expanded');
    expect(configProblems({ STORE_URL: 'sqlite://:memory:' })).toContain('would lose every item');
    expect(configProblems({ STORE_URL: 'sqlite://./x.sqlite?mode=ro' })).toContain('without ? or # options');
  });

  it('resolves a relative SOURCES_FILE from the working directory, the bundled data from the package', () => {
    expect(loadConfig({ SOURCES_FILE: 'mine/sources.yaml' }, { dotenv: false }).SOURCES_FILE).toBe(
      `${process.cwd()}/mine/sources.yaml`,
    );
    expect(loadRecommendations().length).toBeGreaterThan(40);
  });

  it('refuses private feed addresses unless ALLOW_PRIVATE_FEEDS is on', () => {
    expect(loadConfig({}, { dotenv: false }).ALLOW_PRIVATE_FEEDS).toBe(false);
    for (const on of ['1', 'true', ' TRUE '])
      expect(loadConfig({ ALLOW_PRIVATE_FEEDS: on }, { dotenv: false }).ALLOW_PRIVATE_FEEDS, on).toBe(true);
    for (const off of ['0', 'false', ''])
      expect(loadConfig({ ALLOW_PRIVATE_FEEDS: off }, { dotenv: false }).ALLOW_PRIVATE_FEEDS, off).toBe(false);
    // Anything else is refused the same way, never read as on or off.
    for (const other of ['sometimes', 'yes', 'no', '2'])
      expect(configProblems({ ALLOW_PRIVATE_FEEDS: other }), other).toContain(
        'ALLOW_PRIVATE_FEEDS: must be 1, 0, true or false',
      );
  });

  it('takes an http(s) CONTACT_URL for the User-Agent, and refuses anything else', () => {
    expect(loadConfig({}, { dotenv: false }).CONTACT_URL).toBeUndefined();
    expect(loadConfig({ CONTACT_URL: 'https://example.org/contact' }, { dotenv: false }).CONTACT_URL).toBe(
      'https://example.org/contact',
    );
    expect(configProblems({ CONTACT_URL: 'mailto:me@example.org' })).toContain('CONTACT_URL: must be an http(s) URL');
  });

  it('needs the application id when a token is set', () => {
    expect(configProblems({ DISCORD_TOKEN: 'x'.repeat(60) })).toContain(
      'DISCORD_APP_ID: required when DISCORD_TOKEN is set',
    );
  });
});

describe('sources.yaml', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  function sourcesProblems(yaml: string): string {
    const file = dir.file('sources.yaml');
    writeFileSync(file, yaml);
    try {
      loadSources(file);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an error');
  }

  it('loads the shipped file', () => {
    const sources = loadSources('data/sources.yaml');
    expect(sources.map((s) => s.id)).toEqual([
      'community-care',
      'psw-basw',
      'gov-uk-dfe-childrens-social-care',
      'commons-library',
    ]);
    expect(sources[0]).toMatchObject({ kind: 'rss', url: 'https://www.communitycare.co.uk/feed/', enabled: true });
  });

  it('ships the official sources switched off, GOV.UK in its finder feed form', () => {
    const sources = loadSources('data/sources.yaml');
    expect(sources.filter((s) => s.enabled).map((s) => s.id)).toEqual(['community-care', 'psw-basw']);
    const govUk = new URL(sources.find((s) => s.id === 'gov-uk-dfe-childrens-social-care')!.url);
    expect(govUk.pathname).toBe('/search/news-and-communications.atom');
    expect(govUk.searchParams.getAll('organisations[]')).toEqual(['department-for-education']);
    expect(govUk.searchParams.get('keywords')).toBe("children's social care");
  });

  it('names the file and line of each problem', () => {
    const message = sourcesProblems(
      [
        'sources:',
        '  - id: good',
        '    name: Good',
        '    kind: rss',
        '    url: https://example.org/feed',
        '  - id: Bad Id',
        '    name: Bad',
        '    kind: atom',
        '    url: ftp://example.org',
      ].join('\n'),
    );
    expect(message).toContain(`${dir.file('sources.yaml')}:8: source "Bad Id": kind must be rss or html (got "atom")`);
    expect(message).toMatch(
      /:6: source "Bad Id": id must be lower-case[\s\S]*:8: [\s\S]*:9: source "Bad Id": url must/,
    );
    expect(
      sourcesProblems('sources:\n  - id: Bad Id\n    name: Bad\n    kind: rss\n    url: ftp://example.org\n'),
    ).toMatch(/:2: source "Bad Id": id must be lower-case[\s\S]*:5: source "Bad Id": url must be an http\(s\) URL/);
  });

  it('names a duplicate id and a missing selector', () => {
    const message = sourcesProblems(
      [
        'sources:',
        '  - {id: a, name: A, kind: rss, url: "https://a.example/feed"}',
        '  - {id: a, name: A2, kind: html, url: "https://a.example/news", selectors: {item: li}}',
      ].join('\n'),
    );
    expect(message).toContain(':3: source "a": id is the same as an earlier source\'s');
    expect(message).toContain(':3: source "a": selectors.title is missing');
  });

  it('reports YAML syntax errors with their line', () => {
    expect(sourcesProblems('sources:\n  - id: a\n   name: [unclosed\n')).toMatch(/sources\.yaml:\d+:\d+: /);
  });

  it('gives a file:line message, not a TypeError, for an empty file or a sources key that is not a list', () => {
    const file = dir.file('sources.yaml');
    for (const yaml of ['', '# nothing here yet\n# still nothing\n']) {
      writeFileSync(file, yaml);
      expect(() => loadSources(file), JSON.stringify(yaml)).toThrow(ConfigError);
      expect(sourcesProblems(yaml)).toContain(`${file}:1: the file has no content`);
    }
    for (const yaml of ['sources: {}\n', 'sources: abc\n', '# sources\n\nsources:\n']) {
      writeFileSync(file, yaml);
      expect(() => loadSources(file), yaml).toThrow(ConfigError);
      expect(sourcesProblems(yaml), yaml).toMatch(
        /sources\.yaml:\d+: sources: must be a list of sources, each starting with "- "/,
      );
    }
    expect(sourcesProblems('sources: abc\n')).toContain(`${file}:1: sources:`);
    expect(sourcesProblems('# sources\n\nsources:\n')).toContain(`${file}:3: sources:`);
    expect(sourcesProblems('- id: a\n')).toContain(`${file}:1: must be a mapping with a "sources:" list`);
  });

  it('names a file that does not exist', () => {
    expect(() => loadSources(dir.file('missing.yaml'))).toThrow(/missing\.yaml: cannot be read \(no such file\)/);
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('settings as .env.example writes them', () => {
  it('reads every setting left empty (NAME=) as its default, as the file promises', () => {
    const empty = Object.fromEntries(Object.keys(configSchema.shape).map((name) => [name, '']));
    expect(loadConfig(empty, { dotenv: false })).toEqual(loadConfig({}, { dotenv: false }));
    expect(loadConfig({ POLL_CRON: ' ', TZ: '', LOG_LEVEL: '' }, { dotenv: false })).toMatchObject({
      POLL_CRON: '*/15 * * * *',
      TZ: 'Europe/London',
      LOG_LEVEL: 'info',
    });
  });

  it('names the log levels it takes', () => {
    expect(configProblems({ LOG_LEVEL: 'loud' })).toContain(
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace or silent (got "loud")',
    );
  });

  it('refuses a poll schedule more often than every 5 minutes: each poll fetches every publisher', () => {
    for (const often of ['* * * * * *', '*/30 * * * * *', '* * * * *', '*/4 * * * *', '0,1 9 * * *'])
      expect(configProblems({ POLL_CRON: often }), often).toContain('POLL_CRON: runs more often than every 5 minutes');
    expect(configProblems({ POLL_CRON: 'hourly' })).toContain('POLL_CRON: not a valid cron expression');
    for (const fine of ['*/5 * * * *', '*/15 * * * *', '0 * * * *', '0 0 1 1 *'])
      expect(loadConfig({ POLL_CRON: fine }, { dotenv: false }).POLL_CRON, fine).toBe(fine);
    // Against one's own local feeds (as tests poll) a fast schedule is allowed.
    expect(loadConfig({ POLL_CRON: '* * * * * *', ALLOW_PRIVATE_FEEDS: '1' }, { dotenv: false }).POLL_CRON).toBe(
      '* * * * * *',
    );
    // The digest is posted, not fetched: its schedule is not held to this.
    expect(loadConfig({ DIGEST_CRON: '* * * * *' }, { dotenv: false }).DIGEST_CRON).toBe('* * * * *');
  });

  it('names a too-frequent poll schedule beside any other bad setting, so one restart fixes both', () => {
    for (const other of [{ LOG_LEVEL: 'loud' }, { EDITOR_GUILD_IDS: 'abc' }, { STORE_URL: 'postgres://x' }]) {
      const message = configProblems({ POLL_CRON: '* * * * *', ...other });
      expect(message).toContain(`${Object.keys(other)[0]}:`);
      expect(message).toContain('POLL_CRON: runs more often than every 5 minutes');
      expect(message.match(/POLL_CRON:/g)).toHaveLength(1);
    }
  });
});
