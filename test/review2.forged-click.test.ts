import { allCommands } from '../commands/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app.ts';
import { deliverPending } from '../src/delivery/deliver.ts';
import { Outbox } from '../src/delivery/outbox.ts';
import { discordMessenger } from '../src/discord/discord-messenger.ts';
import { startDiscord } from '../src/discord/start-discord.ts';
import { silentLogger } from '../src/logger.ts';
import { proposalStoreOf } from '../src/proposals/proposal-store.ts';
import { proposeFromNewItems } from '../src/proposals/propose-new-items.ts';
import type { Item } from '../src/sources/item.ts';
import { newsItem } from './helpers/digest-data.ts';
import { FakeDiscord, type ChannelMessage } from './helpers/fake-discord.ts';
import { configOnFake, scrapsKinshipAllowance, sourceNameOf } from './helpers/proposal-harness.ts';

const moderator = { permissions: '32' };
const now = new Date('2026-11-23T12:00:00Z');
const fake = new FakeDiscord();
let app: App;
let bot: Awaited<ReturnType<typeof startDiscord>>;

async function pollCycle(items: Item[]) {
  const outbox = new Outbox(app.store);
  await proposeFromNewItems(
    {
      store: app.store,
      tracker: app.tracker,
      settings: app.context.settings,
      outbox,
      editorGuilds: [fake.guildId],
      sourceName: sourceNameOf,
      logger: silentLogger,
      now: () => now,
    },
    items,
  );
  return deliverPending({
    outbox,
    messenger: discordMessenger(bot.client),
    locks: app.store.locks,
    logger: silentLogger,
  });
}

const proposals = () => proposalStoreOf(app.store);
const idOf = async (key: string) => (await proposals().all()).find((p) => p.key === key)!.id;
const messagesOf = (id: string): ChannelMessage[] =>
  (fake.channelMessages.get(fake.channelId) ?? []).filter((m) =>
    m.embeds[0]?.footer?.text?.startsWith(`Proposal ${id}`),
  );

beforeAll(async () => {
  await fake.start();
  app = await openApp({ commands: allCommands, config: configOnFake(fake), logger: silentLogger, now: () => now });
  bot = await startDiscord(app);
  await app.context.settings.setChannel({
    guildId: fake.guildId,
    name: 'review-channel',
    value: fake.channelId,
    by: 'Alice',
    at: now.toISOString(),
  });
  await pollCycle([
    scrapsKinshipAllowance(),
    newsItem({
      title: 'DfE shelves plans for national pay scale for children’s social workers',
      summary: 'Ministers have shelved plans for a national pay scale.',
      published: '2026-11-18T10:00:00Z',
    }),
  ]);
});

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  await app?.close();
});

describe('a forged click naming another proposal', () => {
  it('leaves the clicked message showing its own proposal, with its buttons', async () => {
    const all = await proposals().all();
    expect(all).toHaveLength(2);
    const a = await idOf('kinship-allowance');
    const b = all.find((p) => p.id !== a)!.id;
    const [messageOfA] = messagesOf(a);
    expect(messageOfA).toBeDefined();
    // A click on proposal A's message whose custom id names proposal B.
    await fake.answerTo(fake.forgeClick(messageOfA!.id, `proposal:${b}:approve`, moderator));
    expect((await proposals().get(a))!.state).toBe('pending');
    // A is still pending, so its message must still say it is A and still offer its buttons.
    expect(messageOfA!.embeds[0].footer.text).toMatch(new RegExp(`^Proposal ${a}`));
    expect(messageOfA!.components).not.toEqual([]);
  });
});
