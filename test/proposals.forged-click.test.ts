import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { proposalStoreOf } from '../src/proposals/proposal-store.ts';
import { newsItem } from './helpers/digest-data.ts';
import { FakeDiscord, type ChannelMessage } from './helpers/fake-discord.ts';
import { scrapsKinshipAllowance } from './helpers/proposal-harness.ts';
import { proposalsOnFake, type ProposalsOnFake } from './helpers/proposals-on-fake.ts';

const moderator = { permissions: '32' };
const now = new Date('2026-11-23T12:00:00Z');
const fake = new FakeDiscord();
let app: App;
let bot: ProposalsOnFake['bot'];

const proposals = () => proposalStoreOf(app.store);
const idOf = async (key: string) => (await proposals().all()).find((p) => p.key === key)!.id;
const messagesOf = (id: string): ChannelMessage[] =>
  (fake.channelMessages.get(fake.channelId) ?? []).filter((m) =>
    m.embeds[0]?.footer?.text?.startsWith(`Proposal ${id}`),
  );

beforeAll(async () => {
  let pollCycle: ProposalsOnFake['pollCycle'];
  ({ app, bot, pollCycle } = await proposalsOnFake(fake, now));
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
    const click = fake.forgeClick(messageOfA!.id, `proposal:${b}:approve`, moderator);
    const answer = await fake.answerTo(click);
    // Refused privately, and neither proposal decided.
    expect(answer.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((await proposals().get(a))!.state).toBe('pending');
    expect((await proposals().get(b))!.state).toBe('pending');
    // A is still pending, so its message must still say it is A and still offer its buttons.
    expect(messageOfA!.embeds[0].footer.text).toMatch(new RegExp(`^Proposal ${a}`));
    expect(messageOfA!.components).not.toEqual([]);
  });
});
