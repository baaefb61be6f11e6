import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext, CommandModule } from '../src/command-kit/types.ts';
import { createClient } from '../src/discord/create-client.ts';
import { DEFER_AFTER_MS, dispatchInteraction } from '../src/discord/dispatch.ts';
import { silentLogger } from '../src/logger.ts';
import { FakeDiscord } from './helpers/fake-discord.ts';

const slow: CommandModule = {
  definition: { name: 'slow', description: 'Takes longer than Discord waits' },
  async execute() {
    await new Promise((resolve) => setTimeout(resolve, DEFER_AFTER_MS + 500));
    return { content: 'Done after a while <@&123> @everyone' };
  },
};
const broken: CommandModule = {
  definition: { name: 'broken', description: 'Always fails' },
  async execute() {
    throw new Error('database on fire');
  },
};
const ping: CommandModule = { definition: { name: 'ping', description: 'Answers' }, execute: async () => ({ content: 'pong' }) };

const fake = new FakeDiscord();
let client: Client;

beforeAll(async () => {
  await fake.start();
  // The commands must exist on the fake for interactions to name them.
  await fetch(`${fake.apiBase}/v10/applications/${fake.appId}/guilds/${fake.guildId}/commands`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([slow, broken, ping].map((c) => c.definition)),
  });
  client = createClient(fake.apiBase);
  const ctx = { logger: silentLogger } as unknown as CommandContext;
  client.on(Events.InteractionCreate, (interaction) => void dispatchInteraction(interaction, [slow, broken, ping], ctx, silentLogger));
  const ready = once(client, Events.ClientReady);
  await client.login('fake-token-for-the-local-discord');
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await fake.stop();
});

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
  });

  it('answers a failing handler briefly and privately, and keeps answering', async () => {
    const failed = await fake.answerTo(fake.chatInput('broken', undefined, {}));
    expect(failed.body.data.flags).toBe(64);
    expect(failed.body.data.content).toBe('Sorry, /broken failed: database on fire. The error was logged.');
    const next = await fake.answerTo(fake.chatInput('ping', undefined, {}));
    expect(next.body.data.content).toBe('pong');
  });
});
