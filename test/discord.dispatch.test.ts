import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext, CommandModule } from '../src/command-kit/types.ts';
import { loadConfig } from '../src/config.ts';
import { createClient } from '../src/discord/create-client.ts';
import { DEFER_AFTER_MS, dispatchInteraction } from '../src/discord/dispatch.ts';
import { UserFacingError } from '../src/errors.ts';
import { FakeDiscord } from './helpers/fake-discord.ts';

const takeLong = () => new Promise((resolve) => setTimeout(resolve, DEFER_AFTER_MS + 500));

const slow: CommandModule = {
  definition: { name: 'slow', description: 'Takes longer than Discord waits' },
  requires: 'anyone',
  async execute() {
    await takeLong();
    return { content: 'Done after a while <@&123> @everyone' };
  },
};
const broken: CommandModule = {
  definition: { name: 'broken', description: 'Always fails' },
  requires: 'anyone',
  async execute() {
    throw new Error('SQLITE_BUSY: database is locked (/srv/bot/data/bot.sqlite)');
  },
};
const slowSecret: CommandModule = {
  definition: { name: 'slow-secret', description: 'Answers only the person who asked, slowly' },
  requires: 'anyone',
  answersPrivately: true,
  async execute() {
    await takeLong();
    return { ephemeral: true, content: 'Only for you: your saved settings' };
  },
};
const slowRefusal: CommandModule = {
  definition: { name: 'slow-refusal', description: 'Public when it works; this time it refuses, privately' },
  requires: 'anyone',
  async execute() {
    await takeLong();
    throw new UserFacingError('No recommendation "kinship-leave". Did you mean: kinship-care?');
  },
};
const slowCrash: CommandModule = {
  definition: { name: 'slow-crash', description: 'Fails after a while' },
  requires: 'anyone',
  async execute() {
    await takeLong();
    throw new Error('connect ECONNREFUSED 10.0.0.7:6379 (Redis)');
  },
};
const ping: CommandModule = {
  definition: { name: 'ping', description: 'Answers' },
  requires: 'anyone',
  execute: async () => ({ content: 'pong' }),
};
const commands = [slow, broken, slowSecret, slowRefusal, slowCrash, ping];

const fake = new FakeDiscord();
const logs: Array<Record<string, any>> = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
let client: Client;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  await fake.start();
  // The commands must exist on the fake for interactions to name them.
  await fetch(`${fake.apiBase}/v10/applications/${fake.appId}/guilds/${fake.guildId}/commands`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(commands.map((c) => c.definition)),
  });
  client = createClient(fake.apiBase);
  const ctx = { logger, config: loadConfig({}, { dotenv: false }) } as unknown as CommandContext;
  client.on(Events.InteractionCreate, (interaction) => void dispatchInteraction(interaction, commands, ctx, logger));
  const ready = once(client, Events.ClientReady);
  await client.login('fake-token-for-the-local-discord');
  await ready;
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await client?.destroy();
  await fake.stop();
});

afterEach(() => {
  expect(unhandled, 'no promise may be left rejected unhandled').toEqual([]);
});

/** Resolves once the bot has answered an interaction and made no further call about it for a moment. */
async function settled(id: string): Promise<void> {
  await fake.waitFor(() => fake.responsesTo(id).some((c) => c.body?.type !== 5) || undefined);
  let count = -1;
  while (count !== fake.responsesTo(id).length) {
    count = fake.responsesTo(id).length;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

/** Everything the interaction showed anyone, as text, deleted messages included. */
const everything = (id: string) =>
  fake
    .messagesOf(id)
    .map((m) => `${m.content} ${JSON.stringify(m.embeds)}`)
    .join('\n');

describe('the interaction dispatcher', () => {
  it('defers a command that takes over two seconds, then edits in the answer without pinging anyone', async () => {
    const id = fake.chatInput('slow', undefined, {});
    const edit = await fake.waitFor(() => fake.responsesTo(id).find((c) => c.method === 'PATCH'), 10_000);
    const calls = fake.responsesTo(id);
    expect(calls[0]!.body.type).toBe(5);
    expect(edit.path).toMatch(/\/messages\/@original$/);
    expect(edit.status).toBe(200);
    expect(edit.body.content).toBe('Done after a while <@&123> @everyone');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(fake.publicMessages(id).map((m) => m.content)).toEqual(['Done after a while <@&123> @everyone']);
  });

  it('answers a failing handler briefly and privately with a reference that is in the log, never the internal error', async () => {
    const failed = await fake.answerTo(fake.chatInput('broken', undefined, {}));
    expect(failed.body.data.flags).toBe(64);
    const text: string = failed.body.data.content;
    expect(text).not.toMatch(/SQLITE|locked|bot\.sqlite/);
    const ref = /reference ([0-9a-f]{8})\b/.exec(text)?.[1];
    expect(text).toBe(`Sorry, /broken failed. It was logged with reference ${ref}.`);
    const logged = logs.find((l) => l.ref === ref)!;
    expect(logged.err.message).toContain('SQLITE_BUSY');
    expect(logged.command).toBe('broken');
    const next = await fake.answerTo(fake.chatInput('ping', undefined, {}));
    expect(next.body.data.content).toBe('pong');
  });

  it('defers a command that answers privately as private, so its slow answer is never shown to the channel', async () => {
    const id = fake.chatInput('slow-secret', undefined, {});
    await settled(id);
    expect(fake.responsesTo(id)[0]!.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(fake.messagesOf(id).map((m) => [m.content, m.ephemeral])).toEqual([
      ['Only for you: your saved settings', true],
    ]);
    expect(fake.publicMessages(id)).toEqual([]);
  });

  it('keeps a private refusal private after a public deferral: the placeholder goes, the answer comes as a private follow-up', async () => {
    const id = fake.chatInput('slow-refusal', undefined, {});
    await settled(id);
    expect(fake.publicMessages(id)).toEqual([]);
    const followUp = fake.messagesOf(id).find((m) => m.kind === 'follow-up')!;
    expect(followUp.ephemeral).toBe(true);
    expect(followUp.content).toBe('No recommendation "kinship-leave". Did you mean: kinship-care?');
    // Not even for a moment: the public placeholder never carried the private text.
    const original = fake.messagesOf(id).find((m) => m.kind === 'original')!;
    expect(original.content).not.toContain('kinship-leave');
  });

  it('tells the user privately, without the internal error, when a slow command fails after a public deferral', async () => {
    const id = fake.chatInput('slow-crash', undefined, {});
    await settled(id);
    expect(everything(id)).not.toMatch(/ECONNREFUSED|Redis|10\.0\.0\.7/);
    expect(fake.publicMessages(id)).toEqual([]);
    const followUp = fake.messagesOf(id).find((m) => m.kind === 'follow-up')!;
    expect(followUp.ephemeral).toBe(true);
    expect(followUp.content).toMatch(/^Sorry, \/slow-crash failed\. It was logged with reference [0-9a-f]{8}\.$/);
  });

  it('survives Discord refusing the deferral, leaks nothing, and keeps answering', async () => {
    const id = fake.chatInput('slow-refusal', undefined, {});
    // Discord answers the deferral with 10062 (Unknown interaction), as it does when the bot was too slow to acknowledge.
    fake.failNext(new RegExp(`/interactions/${id}/`), 5);
    await fake.waitFor(() => fake.responsesTo(id).find((c) => c.status === 404));
    // The command ends half a second after the deferral; give it time to try to answer.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(unhandled).toEqual([]);
    expect(fake.publicMessages(id)).toEqual([]);
    expect(logs.some((l) => l.interaction === id && l.msg === 'could not defer the answer')).toBe(true);
    const next = await fake.answerTo(fake.chatInput('ping', undefined, {}));
    expect(next.body.data.content).toBe('pong');
  });
});
