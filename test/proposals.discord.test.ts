import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { PROPOSALS_LOCK, proposalStoreOf } from '../src/proposals/proposal-store.ts';
import { RESPONSE_LABELS } from '../src/tracker/present.ts';
import { formatDate } from '../src/util/format.ts';
import { newsItem } from './helpers/digest-data.ts';
import { componentProblems, FakeDiscord, messageProblems, type ChannelMessage } from './helpers/fake-discord.ts';
import { scrapsKinshipAllowance } from './helpers/proposal-harness.ts';
import { proposalsOnFake, type ProposalsOnFake } from './helpers/proposals-on-fake.ts';
import { renderPosted } from './helpers/render-posted.ts';

const MANAGE_GUILD = '32';
const moderator = { permissions: MANAGE_GUILD };
const member = { permissions: '0', userId: '190000000000000003' };
const now = new Date('2026-11-23T12:00:00Z');

const fake = new FakeDiscord();
let app: App;
let bot: ProposalsOnFake['bot'];
let pollCycle: ProposalsOnFake['pollCycle'];

const stories = {
  approve: scrapsKinshipAllowance(),
  edit: newsItem({
    title: 'Government scraps plan to introduce regional care co-operatives',
    summary: 'The DfE has dropped plans for regional care co-operatives to commission placements.',
    published: '2026-11-19T10:00:00Z',
  }),
  reject: newsItem({
    title: 'DfE shelves plans for national pay scale for children’s social workers',
    summary: 'Ministers have shelved plans for a national pay scale.',
    published: '2026-11-18T10:00:00Z',
  }),
  decidedElsewhere: newsItem({
    title: 'Government backs lifelong guardianship order for care leavers',
    summary: 'The DfE has accepted the proposal.',
    published: '2026-11-17T10:00:00Z',
  }),
  slow: newsItem({
    title: 'Family group conferences to be piloted in ten councils',
    summary: 'The Department for Education will pilot family group decision making before proceedings.',
    published: '2026-11-16T10:00:00Z',
  }),
  // Older than the tracker's newest response entry (December 2023), and unsure of its value.
  unsureAndOld: newsItem({
    title: 'Government backs kinship leave for carers',
    summary: 'Ministers have agreed to consider paid leave for kinship carers.',
    published: '2023-01-10T10:00:00Z',
  }),
};

const proposals = () => proposalStoreOf(app.store);
const idOf = async (key: string) => (await proposals().all()).find((p) => p.key === key)!.id;
const reviewMessages = () => fake.channelMessages.get(fake.channelId) ?? [];
const messagesOf = (id: string): ChannelMessage[] =>
  reviewMessages().filter((m) => m.embeds[0]?.footer?.text?.startsWith(`Proposal ${id}`));
const buttons = (m: ChannelMessage) => m.components.flatMap((row: any) => row.components.map((c: any) => c.custom_id));

beforeAll(async () => {
  ({ app, bot, pollCycle } = await proposalsOnFake(fake, now));
  const delivered = await pollCycle(Object.values(stories));
  expect(delivered).toMatchObject({ sent: 6, failed: [] });
});

afterAll(async () => {
  await bot?.stop();
  await fake.stop();
  await app?.close();
});

describe('proposals in the review channel, acted on with the real client', () => {
  it('posts each proposal once, within Discord’s limits: Approve, Edit and Reject, or a button per likely value when unsure', async () => {
    expect(reviewMessages()).toHaveLength(6);
    for (const message of reviewMessages()) {
      expect([...messageProblems(message), ...componentProblems(message.components)]).toEqual([]);
      const actions = buttons(message).map((id: string) => id.split(':')[2]);
      const unsure = message.embeds[0].description.includes('**Unsure of the value: choose one below.**');
      if (unsure) expect(actions.slice(0, -2)).toEqual(Array(actions.length - 2).fill('choose'));
      else expect(actions.slice(0, -2)).toEqual(['approve']);
      expect(actions.slice(-2)).toEqual(['edit', 'reject']);
    }
    const [message] = messagesOf(await idOf('kinship-allowance'));
    expect(message!.embeds[0].description.split('\n').slice(0, 3)).toEqual([
      '**Community Care** · communitycare.co.uk · 20 Nov 2026',
      '> “Government scraps plan to pay kinship carers an allowance”',
      '**Would change:** Response: accepted in part → not taken forward',
    ]);
    expect(message!.embeds[0].description.split('\n')[3]).toMatch(
      /^\*\*Confidence:\*\* (high|medium|low) \(0\.\d\d\)$/,
    );
  });

  it('draws a proposal as the review channel shows it: the outlet, the host, the sentence, the change, how sure, and the buttons', async () => {
    for (const key of ['kinship-allowance', 'kinship-leave']) {
      const [message] = messagesOf(await idOf(key));
      const drawn = renderPosted(message!);
      // SHOW_PROPOSAL=1 prints the drawing, as the README shows it.
      if (process.env.SHOW_PROPOSAL) console.log(`${drawn}\n`);
      expect(drawn.split('\n').slice(0, 3)).toEqual([
        '▌ ' + message!.embeds[0].title,
        '',
        message!.embeds[0].description.split('\n')[0],
      ]);
      expect(drawn.split('\n').at(-1)).toBe(
        message!.components[0].components.map((c: { label: string }) => `[ ${c.label} ]`).join(' '),
      );
    }
  });

  it('refuses members of the editor server without Manage Server privately, leaving the proposal and its message as they were', async () => {
    const id = await idOf('kinship-allowance');
    const [message] = messagesOf(id);
    for (const action of ['approve', 'edit', 'reject']) {
      const answer = await fake.answerTo(fake.click(message!.id, `proposal:${id}:${action}`, member));
      expect(answer.body).toMatchObject({
        type: 4,
        data: {
          flags: 64,
          content:
            "Only the bot's editors can approve, edit or reject proposals: they look after what every server shares (the tracker, proposals and sources), and are the members with Manage Server in the editor server.",
        },
      });
    }
    expect(buttons(message!)).toHaveLength(3);
    expect((await proposals().get(id))!.state).toBe('pending');
    expect(fake.modals.size).toBe(0);
  });

  it('approves with one click: the message shows who and when, loses its buttons, and /recommendation shows the new status with the story as source', async () => {
    const id = await idOf('kinship-allowance');
    // A second outlet reports it after the first message went out: a second message, with buttons too.
    await pollCycle([
      scrapsKinshipAllowance({
        title: 'Kinship allowance plans dropped by ministers',
        summary: 'The DfE will not go ahead with a national allowance for kinship carers.',
        sourceId: 'psw-basw',
        published: '2026-11-21T08:00:00Z',
      }),
    ]);
    const [first, second] = messagesOf(id);
    expect(buttons(second!)).toHaveLength(3);

    const answer = await fake.answerTo(fake.click(first!.id, `proposal:${id}:approve`, moderator));
    expect(answer.body.type).toBe(7);
    expect(answer.body.data.components).toEqual([]);
    expect(first!.embeds[0].title).toBe('Approved: Financial allowance for kinship carers');
    expect(first!.embeds[0].description).toContain('✅ **Approved** by Alice on 23 Nov 2026, 12:00');
    expect(first!.components).toEqual([]);
    // The other message of the same proposal is brought up to date too.
    await fake.waitFor(() => (second!.components.length === 0 ? true : undefined));
    expect(second!.embeds[0].description).toContain('✅ **Approved** by Alice');
    // The record keeps the messages it was posted as.
    expect((await proposals().get(id))!.posts.map((p) => p.messageId)).toEqual([first!.id, second!.id]);

    const show = await fake.answerTo(fake.chatInput('recommendation', 'show', { key: 'kinship-allowance' }));
    const embed = show.body.data.embeds[0];
    expect(embed.description).toContain('**Government response:** Not taken forward (since 20 Nov 2026)');
    expect(embed.fields[0].name).toBe('20 Nov 2026 · Response: Not taken forward (update by Alice)');
    expect(embed.fields[0].value).toContain(stories.approve.url);
  });

  it('edits in a form, then approves: a value of the wrong axis is refused in words, and the edited value and summary are recorded', async () => {
    const id = await idOf('regional-care-cooperatives');
    const [message] = messagesOf(id);
    const opened = await fake.answerTo(fake.click(message!.id, `proposal:${id}:edit`, moderator));
    expect(opened.body.type).toBe(9);
    expect(opened.status).toBe(204);
    const form = fake.modals.get(`proposal:${id}:edited`)!;
    expect(form.data.components.map((c: any) => [c.component.custom_id, c.component.value])).toEqual([
      ['value', 'not-taken-forward'],
      ['summary', 'The DfE has dropped plans for regional care co-operatives to commission placements.'],
    ]);

    const wrong = await fake.answerTo(fake.submitModal(`proposal:${id}:edited`, { value: 'piloting' }, moderator));
    expect(wrong.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(wrong.body.data.content).toContain('"piloting" is a progress value; this proposal is about the response.');
    expect((await proposals().get(id))!.state).toBe('pending');
    expect(buttons(message!)).toContain(`proposal:${id}:edit`);

    await fake.answerTo(fake.click(message!.id, `proposal:${id}:edit`, moderator));
    const summary = 'Ministers keep regional care co-operatives for two pathfinder areas only.';
    const saved = await fake.answerTo(
      fake.submitModal(`proposal:${id}:edited`, { value: 'Accepted in part', summary }, moderator),
    );
    expect(saved.body.type).toBe(7);
    expect(message!.components).toEqual([]);
    expect(message!.embeds[0].description).toContain(
      '**Recorded:** Response: accepted → accepted in part (edited from not taken forward)',
    );
    expect(message!.embeds[0].description).toContain(`**Summary:** ${summary}`);
    const status = app.tracker.status('regional-care-cooperatives')!;
    expect(status.response).toMatchObject({
      value: 'accepted-in-part',
      entry: { summary, source: { url: stories.edit.url } },
    });
  });

  it('rejects with one click, for good: the message says so, and the story is not proposed again', async () => {
    const id = await idOf('national-pay-scale');
    const [message] = messagesOf(id);
    const answer = await fake.answerTo(fake.click(message!.id, `proposal:${id}:reject`, moderator));
    expect(answer.body.type).toBe(7);
    expect(message!.embeds[0].description).toContain(
      '❌ **Rejected** by Alice on 23 Nov 2026, 12:00: it will not be proposed again.',
    );
    expect(message!.components).toEqual([]);
    const before = reviewMessages().length;
    await pollCycle([stories.reject]);
    expect(reviewMessages()).toHaveLength(before);
    const list = await fake.answerTo(fake.chatInput('proposals', undefined, {}, moderator));
    expect(list.body.data.embeds[0].description).not.toContain(id);
  });

  it('shows a proposal decided elsewhere as decided when its button is clicked, and says so privately', async () => {
    const id = await idOf('lifelong-guardianship-order');
    // Unsure of its value, so /approve names one.
    const approved = await fake.answerTo(fake.chatInput('approve', undefined, { id, value: 'accepted' }, moderator));
    expect(approved.body.data.embeds[0].title).toMatch(/^Approved: /);
    const [message] = messagesOf(id);
    const click = fake.click(message!.id, buttons(message!)[0], moderator);
    const update = await fake.answerTo(click);
    expect(update.body.type).toBe(7);
    expect(message!.components).toEqual([]);
    const note = await fake.waitFor(() => fake.messagesOf(click).find((m) => m.kind === 'follow-up'));
    expect(note).toMatchObject({
      ephemeral: true,
      content: `Proposal ${id} was already approved by Alice on 23 Nov 2026, 12:00.`,
    });
    expect(app.tracker.history('lifelong-guardianship-order')).toHaveLength(1);
  });

  it('defers the update when the store is slow, then edits the decision into the message', async () => {
    const id = await idOf('family-group-decision-making');
    const [message] = messagesOf(id);
    // Another process holds the proposals for longer than Discord waits for an answer.
    let release!: () => void;
    const held = app.store.locks.tryRun(PROPOSALS_LOCK, () => new Promise<void>((resolve) => (release = resolve)));
    await fake.waitFor(() => release);
    const click = fake.click(message!.id, `proposal:${id}:reject`, moderator);
    await fake.waitFor(() => fake.responsesTo(click).find((c) => c.body?.type === 6));
    release();
    await held;
    await fake.waitFor(() => (message!.components.length === 0 ? true : undefined));
    const calls = fake.responsesTo(click);
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 204', 'PATCH 200']);
    expect(calls[1]!.path).toMatch(/\/messages\/@original$/);
    expect(message!.embeds[0].description).toContain('❌ **Rejected** by Alice');
  });

  it('refuses a forged click privately: a value the proposal never offered, or Approve while the value is unsure', async () => {
    const id = await idOf('kinship-leave');
    const [message] = messagesOf(id);
    const offered = (await proposals().get(id))!.choices!.map((c) => `${c.axis}:${c.value}`);
    expect(offered.length).toBeGreaterThanOrEqual(2);
    const never = ['response:rejected', 'progress:implemented', 'response:accepted-in-part'].find(
      (v) => !offered.includes(v),
    )!;
    for (const customId of [`proposal:${id}:choose:${never}`, `proposal:${id}:approve`]) {
      const answer = await fake.answerTo(fake.forgeClick(message!.id, customId, moderator));
      expect(answer.body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(answer.body.data.content).toContain('Choose one of its buttons, or use Edit');
    }
    expect((await proposals().get(id))!.state).toBe('pending');
    expect(app.tracker.history('kinship-leave').filter((e) => e.fromProposal === id)).toEqual([]);
    expect(buttons(message!)).toHaveLength(offered.length + 2);
  });

  it('records the likely value clicked; a story older than the newest entry adds history and leaves the current status as it is', async () => {
    const id = await idOf('kinship-leave');
    const [message] = messagesOf(id);
    const before = app.tracker.status('kinship-leave')!;
    const newest = before.timeline.find((e) => e.axis === 'response' && !e.correctedBy && e.value !== 'no-response')!;
    const proposal = (await proposals().get(id))!;
    const choice = proposal.choices!.find((c) => c.axis === 'response' && c.value !== before.response.value)!;
    const description = message!.embeds[0].description;
    expect(description).toContain('**Unsure of the value: choose one below.**');
    expect(description).toContain(
      `• Response: ${choice.value.replace(/-/g, ' ')}, as history (the current status stays ${before.response.value.replace(/-/g, ' ')}) (${choice.probability.toFixed(2)})`,
    );
    expect(description).toContain(
      `🕰️ **History only:** the tracker's newest response entry, ${newest.value.replace(/-/g, ' ')} on ${formatDate(newest.date)}, is newer than this story: ${proposal.choices!.every((c) => c.history) ? 'approving' : 'choosing a response value'} adds a dated entry to the history and leaves the current status as it is.`,
    );

    const answer = await fake.answerTo(
      fake.click(message!.id, `proposal:${id}:choose:${choice.axis}:${choice.value}`, moderator),
    );
    expect(answer.body.type).toBe(7);
    expect(message!.components).toEqual([]);
    expect(message!.embeds[0].description).toContain(
      '✅ **Approved** by Alice on 23 Nov 2026, 12:00: added to the history of kinship-leave; its current status is unchanged.',
    );
    expect(message!.embeds[0].description).toContain(
      `**Recorded:** Response: ${choice.value.replace(/-/g, ' ')}, added to the history (the current status is unchanged) (chosen of ${proposal.choices!.length} likely values)`,
    );
    const after = app.tracker.status('kinship-leave')!;
    expect(after.response).toEqual(before.response);
    expect(after.timeline.find((e) => e.edit && e.date === '2023-01-10')).toMatchObject({
      axis: 'response',
      value: choice.value,
      source: { url: stories.unsureAndOld.url },
    });
    const show = await fake.answerTo(fake.chatInput('recommendation', 'show', { key: 'kinship-leave' }));
    expect(show.body.data.embeds[0].description).toContain(
      `**Government response:** ${RESPONSE_LABELS[before.response.value]}`,
    );
  });
});
