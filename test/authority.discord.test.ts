// The authority model with the real discord.js client: a slash command, a button, the edit form and
// an autocomplete, each refused to a Manage Server member of another server and allowed to an editor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import { openApp, type App } from '../src/app.ts';
import { deliverPending } from '../src/delivery/deliver.ts';
import { Outbox } from '../src/delivery/outbox.ts';
import { discordMessenger } from '../src/discord/discord-messenger.ts';
import { startDiscord } from '../src/discord/start-discord.ts';
import { silentLogger } from '../src/logger.ts';
import { proposalStoreOf } from '../src/proposals/proposal-store.ts';
import { newsItem } from './helpers/digest-data.ts';
import { FakeDiscord, type ChannelMessage } from './helpers/fake-discord.ts';
import { configOnFake, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

const now = new Date('2026-11-23T12:00:00Z');
const fake = new FakeDiscord();
/** Manage Server in a server the bot is in that is not the editor server. */
const otherAdmin = { permissions: '32', guildId: '900000000000000009', userId: '900000000000000011' };
let app: App;
let bot: Awaited<ReturnType<typeof startDiscord>>;
/** Manage Server in the editor server. */
const editor = { permissions: '32' };
/** The editor role in the editor server, without Manage Server. */
const editorByRole = () => ({ permissions: '0', roles: [fake.roleId], userId: '190000000000000004' });

const proposals = () => proposalStoreOf(app.store);
const idOf = async (key: string) => (await proposals().all()).find((p) => p.key === key)!.id;
const stateOf = async (key: string) => (await proposals().get(await idOf(key)))!.state;
const messageOf = async (key: string): Promise<ChannelMessage> => {
  const id = await idOf(key);
  return (fake.channelMessages.get(fake.channelId) ?? []).find((m) =>
    m.embeds[0]?.footer?.text?.startsWith(`Proposal ${id}`),
  )!;
};
const refusedToOthers = {
  type: 4,
  data: { flags: 64, content: expect.stringMatching(/^Only the bot's editors can /) },
};

beforeAll(async () => {
  await fake.start();
  app = await openApp({
    commands: allCommands,
    config: configOnFake(fake, { EDITOR_ROLE_ID: fake.roleId }),
    logger: silentLogger,
    now: () => now,
  });
  bot = await startDiscord(app);
  await app.settings.setChannel({
    guildId: fake.guildId,
    name: 'review-channel',
    value: fake.channelId,
    by: 'Alice',
    at: now.toISOString(),
  });
  const stories = [
    scrapsKinshipAllowance(),
    newsItem({
      title: 'Government scraps plan to introduce regional care co-operatives',
      summary: 'The DfE has dropped plans for regional care co-operatives to commission placements.',
      published: '2026-11-19T10:00:00Z',
    }),
    newsItem({
      title: 'DfE shelves plans for national pay scale for children’s social workers',
      summary: 'Ministers have shelved plans for a national pay scale.',
      published: '2026-11-18T10:00:00Z',
    }),
  ];
  for (const onNewItems of app.onNewItems) await onNewItems(stories);
  const delivered = await deliverPending({
    outbox: new Outbox(app.store),
    messenger: discordMessenger(bot.client),
    locks: app.store.locks,
    logger: silentLogger,
  });
  expect(delivered).toMatchObject({ sent: 3, failed: [] });
});

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  await app?.close();
});

describe('shared state through Discord', () => {
  it('a slash command: /reject is refused to another server’s admin and done for the editor role', async () => {
    const id = await idOf('national-pay-scale');
    const refused = await fake.answerTo(fake.chatInput('reject', undefined, { id }, otherAdmin));
    expect(refused.body).toMatchObject(refusedToOthers);
    expect(await stateOf('national-pay-scale')).toBe('pending');
    const done = await fake.answerTo(fake.chatInput('reject', undefined, { id }, editorByRole()));
    expect(done.body.data.embeds[0].title).toMatch(/^Rejected: /);
    expect(await stateOf('national-pay-scale')).toBe('rejected');
  });

  it('an autocomplete: /approve’s ids are offered to an editor and to nobody else', async () => {
    const id = await idOf('kinship-allowance');
    const offered = await fake.answerTo(fake.autocomplete('approve', undefined, 'id', '', otherAdmin));
    expect(offered.body).toEqual({ type: 8, data: { choices: [] } });
    const member = await fake.answerTo(fake.autocomplete('approve', undefined, 'id', '', { permissions: '0' }));
    expect(member.body.data.choices).toEqual([]);
    const ids = await fake.answerTo(fake.autocomplete('approve', undefined, 'id', '', editor));
    expect(ids.body.data.choices.map((c: { value: string }) => c.value)).toContain(id);
  });

  it('a button: Approve is refused to another server’s admin, and approves for an editor', async () => {
    const id = await idOf('kinship-allowance');
    const message = await messageOf('kinship-allowance');
    const refused = await fake.answerTo(fake.click(message.id, `proposal:${id}:approve`, otherAdmin));
    expect(refused.body).toMatchObject(refusedToOthers);
    expect(message.components).toHaveLength(1);
    expect(await stateOf('kinship-allowance')).toBe('pending');
    const approved = await fake.answerTo(fake.click(message.id, `proposal:${id}:approve`, editor));
    expect(approved.body.type).toBe(7);
    expect(message.components).toEqual([]);
    expect(await stateOf('kinship-allowance')).toBe('approved');
  });

  it('the edit form: its submission from another server is refused; from an editor it approves', async () => {
    const id = await idOf('regional-care-cooperatives');
    const message = await messageOf('regional-care-cooperatives');
    const form = `proposal:${id}:edited`;
    const noForm = await fake.answerTo(fake.click(message.id, `proposal:${id}:edit`, otherAdmin));
    expect(noForm.body).toMatchObject(refusedToOthers);
    expect(fake.modals.has(form)).toBe(false);

    await fake.answerTo(fake.click(message.id, `proposal:${id}:edit`, editorByRole()));
    const refused = await fake.answerTo(fake.submitModal(form, { value: 'accepted' }, otherAdmin));
    expect(refused.body).toMatchObject(refusedToOthers);
    expect(await stateOf('regional-care-cooperatives')).toBe('pending');

    await fake.answerTo(fake.click(message.id, `proposal:${id}:edit`, editorByRole()));
    const saved = await fake.answerTo(fake.submitModal(form, { value: 'accepted in part' }, editorByRole()));
    expect(saved.body.type).toBe(7);
    expect(app.tracker.status('regional-care-cooperatives')!.response.value).toBe('accepted-in-part');
  });
});

describe("a server's own state through Discord", () => {
  it('/config takes a channel Discord resolved in this server, for Manage Server only', async () => {
    const set = { 'digest-channel': fake.channelId };
    const asMember = await fake.answerTo(
      fake.chatInput('config', undefined, set, { permissions: '0', channelOptions: ['digest-channel'] }),
    );
    expect(asMember.body.data.content).toMatch(/^Only members with the Manage Server permission/);
    const done = await fake.answerTo(
      fake.chatInput('config', undefined, set, {
        ...editorByRole(),
        permissions: '32',
        channelOptions: ['digest-channel'],
      }),
    );
    expect(done.body.data.content).toBe(`Done: <#${fake.channelId}> is now where the weekly digest is posted.`);
    expect(await app.settings.channel(fake.guildId, 'digest-channel')).toBe(fake.channelId);
  });
});
