import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import { openApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { deliverPending } from '../src/delivery/deliver.ts';
import { channelGuildLookup } from '../src/discord/channel-guild.ts';
import { startDiscord } from '../src/discord/start-discord.ts';
import { digestJobDeps, digestTargets, fallbackDigestChannel } from '../src/jobs/digest-deps.ts';
import { runDigest } from '../src/jobs/digest-job.ts';
import { createLogger, silentLogger } from '../src/logger.ts';
import { fakeDiscordConfig } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord } from './helpers/fake-discord.ts';

const FALLBACK = '300000000000000009'; // a channel of server 1
const GUILDS = ['100000000000000001', '100000000000000002', '100000000000000003']; // the bot's servers

/** A logger whose warnings the test can read. */
function recordingLogger() {
  const lines: Array<{ level: number; msg: string; channel?: string }> = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

async function appWithFallback(): Promise<App> {
  return openApp({
    config: loadConfig(
      { STORE_URL: `memory:fallback-${randomUUID()}`, DIGEST_CHANNEL_ID: FALLBACK },
      { dotenv: false },
    ),
    logger: silentLogger,
  });
}

/** Channel ids of every message delivered for the week before `at`. */
async function postedChannels(app: App, targets: () => ReturnType<typeof digestTargets>): Promise<string[]> {
  const deps = digestJobDeps(app, { targets, deliver: async () => undefined });
  await runDigest(deps, new Date('2026-11-23T09:00:00Z'));
  const posted: string[] = [];
  await deliverPending({
    outbox: app.outbox,
    messenger: { send: async (channelId) => ({ id: String(posted.push(channelId)) }), recent: async () => [] },
    locks: app.store.locks,
    logger: silentLogger,
  });
  return posted;
}

describe('DIGEST_CHANNEL_ID', () => {
  it('gets the digest once a week, as the fallback of the server it belongs to only', async () => {
    const app = await appWithFallback();
    await app.settings.setChannel({
      guildId: GUILDS[1]!,
      name: 'digest-channel',
      value: '300000000000000002',
      by: 'Mod',
      at: '2026-11-01T00:00:00Z',
    });
    const { logger } = recordingLogger();
    const fallback = fallbackDigestChannel(
      FALLBACK,
      async () => GUILDS[0],
      () => GUILDS,
      logger,
    );
    const posted = await postedChannels(app, async () => digestTargets(app, GUILDS, await fallback()));
    expect(posted.filter((c) => c === FALLBACK)).toHaveLength(1);
    // Server 2 chose its own channel; server 3 chose none and has no fallback of its own.
    expect([...new Set(posted)].sort()).toEqual(['300000000000000002', FALLBACK]);
    await app.close();
  });

  it('is no server’s digest channel, with a clear warning, when it belongs to no server the bot is in', async () => {
    const app = await appWithFallback();
    const deleted = recordingLogger();
    const none = fallbackDigestChannel(
      FALLBACK,
      async () => undefined,
      () => GUILDS,
      deleted.logger,
    );
    expect(await postedChannels(app, async () => digestTargets(app, GUILDS, await none()))).toEqual([]);
    expect(deleted.warnings()).toEqual([expect.stringMatching(/^DIGEST_CHANNEL_ID is not a channel of any server/)]);

    const elsewhere = recordingLogger();
    const other = fallbackDigestChannel(
      FALLBACK,
      async () => '100000000000000099',
      () => GUILDS,
      elsewhere.logger,
    );
    expect(await digestTargets(app, GUILDS, await other())).toEqual([]);
    expect(elsewhere.warnings()).toEqual([expect.stringMatching(/belongs to a server the bot is not in/)]);
    await app.close();
  });

  it('is asked again at the next digest when Discord could not be asked', async () => {
    const { logger, warnings } = recordingLogger();
    let calls = 0;
    const fallback = fallbackDigestChannel(
      FALLBACK,
      async () => {
        if (++calls === 1) throw new Error('connect ECONNREFUSED');
        return GUILDS[0];
      },
      () => GUILDS,
      logger,
    );
    expect(await fallback()).toBeUndefined();
    expect(warnings()).toEqual([expect.stringMatching(/could not ask Discord/)]);
    expect(await fallback()).toEqual({ channelId: FALLBACK, guildId: GUILDS[0] });
    expect(await fallback()).toEqual({ channelId: FALLBACK, guildId: GUILDS[0] });
    expect(calls).toBe(2);
  });
});

describe('the channel’s server, asked of Discord', () => {
  const fake = new FakeDiscord();
  let app: App;
  let bot: Awaited<ReturnType<typeof startDiscord>>;
  beforeAll(async () => {
    await fake.start();
    app = await openApp({
      commands: allCommands,
      config: fakeDiscordConfig(fake, `memory:fallback-discord-${randomUUID()}`),
      logger: silentLogger,
    });
    bot = await startDiscord(app);
  });
  afterAll(async () => {
    await bot?.stop();
    await fake.stop();
    await app?.close();
  });

  it('is the guild_id of GET /channels/{id}; none for a channel the bot cannot see', async () => {
    const lookup = channelGuildLookup(bot.client);
    expect(await lookup(fake.channelId)).toBe(fake.guildId);
    fake.channelGuilds.set('300000000000000077', '100000000000000099');
    expect(await lookup('300000000000000077')).toBe('100000000000000099');
    fake.missingChannels.add('300000000000000078');
    expect(await lookup('300000000000000078')).toBeUndefined();
    const guilds = () => [...bot.client.guilds.cache.keys()];
    const fallback = fallbackDigestChannel(fake.channelId, lookup, guilds, silentLogger);
    expect(await digestTargets(app, guilds(), await fallback())).toEqual([
      { guildId: fake.guildId, channelId: fake.channelId },
    ]);
  });
});
