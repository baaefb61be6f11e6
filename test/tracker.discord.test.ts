import { allCommands } from '../commands/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app.ts';
import { startDiscord } from '../src/discord/start-discord.ts';
import { silentLogger } from '../src/logger.ts';
import { fakeDiscordConfig } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord, messageProblems, type RecordedCall } from './helpers/fake-discord.ts';

const fake = new FakeDiscord();
let app: App;
let bot: Awaited<ReturnType<typeof startDiscord>>;

beforeAll(async () => {
  await fake.start();
  const config = fakeDiscordConfig(fake, `memory:tracker-discord-${Date.now()}`);
  app = await openApp({ commands: allCommands, config, logger: silentLogger });
  bot = await startDiscord(app);
});

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  await app?.close();
});

/** The first answer and every follow-up message of one interaction, in order. */
async function messagesOf(id: string, pages: number): Promise<Array<{ call: RecordedCall; data: any }>> {
  await fake.answerTo(id);
  await fake.waitFor(
    () =>
      fake.responsesTo(id).filter((c) => c.method === 'POST' && c.path.startsWith('/webhooks/')).length >= pages - 1 ||
      undefined,
  );
  await new Promise((r) => setTimeout(r, 200));
  return fake
    .responsesTo(id)
    .filter(
      (c) =>
        c.status < 300 && ((c.path.endsWith('/callback') && c.body?.type === 4) || c.path.startsWith('/webhooks/')),
    )
    .map((call) => ({ call, data: call.path.endsWith('/callback') ? call.body.data : call.body }));
}

const listedKeys = (messages: Array<{ data: any }>) =>
  messages.flatMap((m) =>
    m.data.embeds.flatMap((e: any) =>
      (e.fields ?? [])
        .filter((f: any) => !f.name.startsWith('By '))
        .flatMap((f: any) => [...f.value.matchAll(/\*\*([a-z0-9-]+)\*\*/g)].map((x) => x[1])),
    ),
  );

describe('/recommendation list through Discord', () => {
  it("lists every tracked recommendation once, by theme, within Discord's limits", async () => {
    const messages = await messagesOf(fake.chatInput('recommendation', 'list', {}), 1);
    for (const { data } of messages) expect(messageProblems(data)).toEqual([]);
    const keys = listedKeys(messages);
    expect(keys).toHaveLength(app.tracker.recommendations.length);
    expect(new Set(keys)).toEqual(new Set(app.tracker.recommendations.map((r) => r.key)));
    expect(messages[0]!.data.embeds[0].description).toContain('Tracking 55 of 80+ recommendations');
    expect(messages[0]!.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('pages into follow-up messages when the list outgrows one message', async () => {
    for (let i = 0; i < 60; i++) {
      await app.tracker.addRecommendation({
        key: `moderator-added-${i}`,
        title: `A recommendation added by a moderator, number ${i}, with a fairly long title`,
        theme: i % 2 === 0 ? 'workforce' : 'care-experience',
        proposed: 'Something the review proposed that the data file does not hold yet.',
        source: { url: `https://www.gov.uk/example-${i}` },
        by: { id: '190000000000000001', name: 'Alice' },
        at: new Date(Date.UTC(2026, 10, 23, 12, 0, i)).toISOString(),
      });
    }
    const id = fake.chatInput('recommendation', 'list', {});
    const total = app.tracker.recommendations.length;
    const messages = await messagesOf(id, 2);
    expect(messages.length).toBeGreaterThan(1);
    for (const { data } of messages) expect(messageProblems(data)).toEqual([]);
    messages.forEach(({ data }, i) =>
      expect(data.embeds[0].title).toBe(`Care review recommendations (${i + 1} of ${messages.length})`),
    );
    const keys = listedKeys(messages);
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
    expect(fake.responsesTo(id).filter((c) => c.status >= 400)).toEqual([]);
  });
});
