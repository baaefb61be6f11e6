import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './helpers/fake-discord.ts';
import { tempDir } from './helpers/temp-dir.ts';

const fake = new FakeDiscord();
const dir = tempDir();
const bin = fileURLToPath(new URL('../bin/care-review-bot.js', import.meta.url));
const root = fileURLToPath(new URL('../', import.meta.url));

function startBot(): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [bin, 'start'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: `${'x'.repeat(24)}.fake.${'y'.repeat(27)}`,
      DISCORD_APP_ID: fake.appId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_BASE: fake.apiBase,
      STORE_URL: `sqlite://${dir.file('bot.sqlite')}`,
      SOURCES_FILE: dir.file('sources.yaml'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => output };
}

beforeAll(async () => {
  await fake.start();
  // A source that cannot be reached: the bot must still start and answer.
  writeFileSync(
    dir.file('sources.yaml'),
    'sources:\n  - {id: offline, name: Offline, kind: rss, url: "http://127.0.0.1:9/feed"}\n',
  );
});
afterAll(async () => {
  await fake.stop();
  dir.remove();
});

describe('care-review-bot start with a Discord token', () => {
  it('registers commands once, answers interactions, and shuts down cleanly on SIGTERM', async () => {
    const registrations = () => fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands')).length;
    const first = startBot();
    await fake.waitFor(() => first.output().includes('connected to Discord') || undefined, 20_000);
    expect(registrations()).toBe(1);
    const answer = await fake.answerTo(fake.chatInput('recommendation', 'show', { key: 'national-pay-scale' }));
    expect(answer.body.data.embeds[0].description).toContain('**Government response:** Rejected');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // Same definitions, same store: no second registration.
    const second = startBot();
    await fake.waitFor(() => second.output().includes('connected to Discord') || undefined, 20_000);
    expect(registrations()).toBe(1);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 60_000);
});

describe('care-review-bot start, when something fails outside any command', () => {
  async function startThenFail(
    throws: number,
  ): Promise<{ code: number | null; stdout: string; logged: Array<{ msg: string; err?: { message: string } }> }> {
    writeFileSync(
      dir.file('paused.yaml'),
      'sources:\n  - {id: paused, name: Paused, kind: rss, url: "http://127.0.0.1:9/feed", enabled: false}\n',
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./helpers/start-then-fail.ts', import.meta.url))],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          LOG_LEVEL: 'info',
          THROWS: String(throws),
          STORE_URL: `sqlite://${dir.file(`guard-${Date.now()}.sqlite`)}`,
          SOURCES_FILE: dir.file('paused.yaml'),
          POLL_CRON: '0 0 1 1 *',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return {
      code,
      stdout,
      logged: stderr
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    };
  }

  it('logs an unhandled rejection and an uncaught exception and keeps running', async () => {
    const { code, stdout, logged } = await startThenFail(1);
    expect(stdout).toContain('still running');
    expect(code).toBe(0);
    expect(logged.find((l) => l.msg === 'unhandled promise rejection; carrying on')?.err?.message).toBe(
      'SQLITE_BUSY: database is locked',
    );
    expect(logged.find((l) => l.msg === 'uncaught exception; carrying on')?.err?.message).toBe(
      'a socket callback threw',
    );
  }, 30_000);

  it('stops with exit code 1 when exceptions come in a burst', async () => {
    const { code, stdout, logged } = await startThenFail(6);
    expect(code).toBe(1);
    expect(stdout).not.toContain('still running');
    expect(logged.some((l) => l.msg === 'uncaught exception, 6 within a minute; stopping')).toBe(true);
  }, 30_000);
});
