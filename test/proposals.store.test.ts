import { describe, expect, it } from 'vitest';
import { runAutocomplete } from '../src/command-kit/run-command.ts';
import { buildDigest } from '../src/digest/build-digest.ts';
import { resolvePeriod } from '../src/digest/period.ts';
import { silentLogger } from '../src/logger.ts';
import { confidenceText } from '../src/proposals/proposal-lines.ts';
import { messageLimitProblems } from '../src/render/discord-limits.ts';
import { exportEditsYaml } from '../src/tracker/export-edits.ts';
import { loadRecommendationsData } from '../src/tracker/recommendations-schema.ts';
import { Tracker } from '../src/tracker/tracker.ts';
import { readMarkdown } from './helpers/markdown-links.ts';
import { member, proposalHarness, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

const REVIEW = { guildId: '100000000000000001', channelId: '200000000000000001' };
const OTHER = { guildId: '100000000000000002', channelId: '200000000000000002' };

async function withReviewChannels(h: Awaited<ReturnType<typeof proposalHarness>>, ...targets: Array<typeof REVIEW>) {
  for (const t of targets)
    await h.settings.setChannel({
      guildId: t.guildId,
      name: 'review-channel',
      value: t.channelId,
      by: 'Alice',
      at: h.now.toISOString(),
    });
}

const psw = () =>
  scrapsKinshipAllowance({
    title: 'Kinship allowance plans dropped by ministers',
    summary: 'The DfE will not go ahead with a national allowance for kinship carers, it has confirmed.',
    sourceId: 'psw-basw',
    published: '2026-11-21T08:00:00Z',
  });

describe('proposing from the stories a poll has just stored', () => {
  it('proposes a decision story at once, to every editor server’s review channel, with what it would change and its evidence', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW, OTHER);
    const story = scrapsKinshipAllowance();
    const report = await h.propose([story]);
    expect(report.added).toHaveLength(1);
    const [proposal] = await h.proposals.pending();
    expect(proposal).toMatchObject({
      key: 'kinship-allowance',
      axis: 'response',
      value: 'not-taken-forward',
      from: 'accepted-in-part',
      date: '2026-11-20',
      state: 'pending',
    });
    const entries = await h.outbox.pending();
    expect(entries.map((e) => e.id).sort()).toEqual([
      `proposal:${REVIEW.guildId}:${REVIEW.channelId}:${proposal!.id}`,
      `proposal:${OTHER.guildId}:${OTHER.channelId}:${proposal!.id}`,
    ]);
    expect(proposal!.posts.map((p) => p.outboxId).sort()).toEqual(entries.map((e) => e.id).sort());

    const message = entries[0]!.parts[0]!.message;
    expect(messageLimitProblems(message)).toEqual([]);
    const embed = message.embeds![0]!;
    expect(embed.title).toBe('Proposed update: Financial allowance for kinship carers');
    // First what a moderator must check: where it is from, the sentence read, the change, how sure.
    expect(embed.description!.split('\n').slice(0, 4)).toEqual([
      '**Community Care** · communitycare.co.uk · 20 Nov 2026',
      '> “Government scraps plan to pay kinship carers an allowance”',
      '**Would change:** Response: accepted in part → not taken forward',
      `**Confidence:** ${confidenceText(proposal!.confidence!)}`,
    ]);
    expect(embed.description).toContain('**Recommendation:** kinship-allowance');
    expect(embed.description).toContain(
      '**Summary:** Ministers have dropped plans for a national allowance for kinship carers, the Department for Education confirmed.',
    );
    expect(embed.description).toContain("**Read as a decision from:** 'scraps plan' in the headline");
    expect(readMarkdown(embed.description!).links).toEqual([{ label: story.title, url: story.url }]);
    expect(message.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 3, label: 'Approve', custom_id: `proposal:${proposal!.id}:approve` },
          { type: 2, style: 2, label: 'Edit', custom_id: `proposal:${proposal!.id}:edit` },
          { type: 2, style: 4, label: 'Reject', custom_id: `proposal:${proposal!.id}:reject` },
        ],
      },
    ]);
  });

  it('makes one proposal with both sources of one decision reported by two outlets, and posts the news of the second', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW);
    await h.propose([scrapsKinshipAllowance()]);
    await h.markDelivered();
    const second = await h.propose([psw()]);
    expect(second.added).toEqual([]);
    const all = await h.proposals.all();
    expect(all).toHaveLength(1);
    expect(second.merged).toEqual([all[0]!.id]);
    expect(all[0]!.sources.map((s) => s.url)).toEqual([scrapsKinshipAllowance().url, psw().url]);
    // The first message went out with one source; a second one shows both and carries the buttons too.
    const next = await h.outbox.pending();
    expect(next.map((e) => e.id)).toEqual([`proposal:${REVIEW.guildId}:${REVIEW.channelId}:${all[0]!.id}:2`]);
    expect(readMarkdown(next[0]!.parts[0]!.message.embeds![0]!.description!).links.map((l) => l.url)).toEqual([
      scrapsKinshipAllowance().url,
      psw().url,
    ]);
  });

  it('brings a message not yet posted up to date instead of posting a second one, and reads two outlets in one poll as one', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW);
    await h.propose([scrapsKinshipAllowance()]);
    await h.propose([psw()]);
    const entries = await h.outbox.pending();
    expect(entries).toHaveLength(1);
    expect(readMarkdown(entries[0]!.parts[0]!.message.embeds![0]!.description!).links).toHaveLength(2);

    const together = await proposalHarness();
    await withReviewChannels(together, REVIEW);
    const report = await together.propose([scrapsKinshipAllowance(), psw()]);
    expect(report.added).toHaveLength(1);
    expect((await together.proposals.all())[0]!.sources).toHaveLength(2);
    expect(await together.outbox.pending()).toHaveLength(1);
  });

  it('never proposes the same story twice, even read again days later', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW);
    await h.propose([scrapsKinshipAllowance()]);
    await h.markDelivered();
    const again = await h.propose([scrapsKinshipAllowance()]);
    expect(again).toEqual({ added: [], merged: [], enqueued: 0 });
    expect(await h.proposals.all()).toHaveLength(1);
    expect(await h.outbox.pending()).toEqual([]);
  });

  it('reads no backfilled story, no story tagged with no recommendation, and none whose decision is recorded already', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW);
    const untagged = scrapsKinshipAllowance({
      title: 'Government scraps plan for new motorway service station',
      summary: 'Ministers dropped the plan.',
    });
    expect(untagged.classification?.recommendations ?? []).toEqual([]);
    const recorded = scrapsKinshipAllowance({
      title: 'Kinship allowance pilot areas named by government',
      summary: 'Seven areas will pilot the allowance.',
      published: '2024-10-27T09:00:00Z',
    });
    const report = await h.propose([scrapsKinshipAllowance({ backfill: true }), untagged, recorded]);
    expect(report).toEqual({ added: [], merged: [], enqueued: 0 });
    expect(await h.proposals.all()).toEqual([]);
  });

  it('never proposes a rejected decision again: not from its story, nor from another outlet reporting it', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW);
    await h.propose([scrapsKinshipAllowance()]);
    await h.markDelivered();
    const [proposal] = await h.proposals.pending();
    await h.command('reject', undefined, { id: proposal!.id });
    const later = await h.propose([scrapsKinshipAllowance(), psw()]);
    expect(later.added).toEqual([]);
    expect(later.enqueued).toBe(0);
    expect(await h.proposals.pending()).toEqual([]);
    expect(await h.outbox.pending()).toEqual([]);
    expect((await h.proposals.get(proposal!.id))!.state).toBe('rejected');
  });

  it('does not propose a settled decision again when another outlet reports it weeks later', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW);
    await h.propose([scrapsKinshipAllowance()]);
    await h.markDelivered();
    const [proposal] = await h.proposals.pending();
    await h.command('reject', undefined, { id: proposal!.id });
    const weeksLater = scrapsKinshipAllowance({
      url: 'https://www.example.org/other-outlet/kinship-allowance-dropped',
      sourceId: 'psw-basw',
      published: '2026-12-08T09:00:00Z',
      title: 'Kinship allowance will not go ahead, government confirms',
    });
    const later = await h.propose([weeksLater]);
    expect(later.added).toEqual([]);
    expect(await h.proposals.pending()).toEqual([]);
  });

  it('keeps hostile story text inert and every message within Discord’s limits', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW);
    const hostile = scrapsKinshipAllowance({
      title: `Government scraps plan to pay kinship carers an allowance [click](https://evil.example) @everyone **now** ${'very long words '.repeat(40)}`,
      summary: `Ministers have dropped plans for a kinship allowance <@123456789012345678> ](https://evil.example) ${'and so on '.repeat(300)}`,
      url: `https://www.communitycare.co.uk/2026/11/20/kinship-(allowance)-scrapped/?q=${'x'.repeat(1500)}`,
    });
    const others = Array.from({ length: 14 }, (_, i) =>
      scrapsKinshipAllowance({
        url: `https://outlet${i}.example/${'y'.repeat(900)}`,
        sourceId: `outlet-${i}`,
        published: `2026-11-2${i % 3}T10:00:00Z`,
      }),
    );
    await h.propose([hostile, ...others]);
    const [entry] = await h.outbox.pending();
    const message = entry!.parts[0]!.message;
    expect(messageLimitProblems(message)).toEqual([]);
    const reading = readMarkdown(message.embeds![0]!.description!);
    expect(reading.strayBrackets).toBe(0);
    expect(reading.links.every((l) => !l.url.includes('evil.example'))).toBe(true);
    expect(message.embeds![0]!.description).toMatch(/…and \d+ more sources?\./);
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('approving and rejecting', () => {
  it('appends an approved proposal to the timeline at once: shown by /recommendation, in history, the digest and export-edits, and no longer stale', async () => {
    const h = await proposalHarness();
    await withReviewChannels(h, REVIEW);
    const story = scrapsKinshipAllowance();
    await h.propose([story]);
    const [proposal] = await h.proposals.pending();
    expect(h.tracker.stale(h.now).map((s) => s.recommendation.key)).toContain('kinship-allowance');

    const reply = await h.text('approve', undefined, { id: proposal!.id });
    expect(reply).toContain('Approved: Financial allowance for kinship carers');
    expect(reply).toMatch(/Approved by Alice on 23 Nov 2026, 12:00: added to the timeline of kinship-allowance\./);
    expect(reply).toContain('Recorded: Response: accepted in part → not taken forward');

    const show = await h.text('recommendation', 'show', { key: 'kinship-allowance' });
    expect(show).toContain('Government response: Not taken forward (since 20 Nov 2026)');
    expect(show).toContain('20 Nov 2026 · Response: Not taken forward (update by Alice)');
    expect(show).toContain(story.url);
    expect(h.tracker.stale(h.now).map((s) => s.recommendation.key)).not.toContain('kinship-allowance');
    expect(await h.text('recommendation', 'history', { key: 'kinship-allowance' })).toContain(
      `(approved proposal ${proposal!.id})`,
    );

    const week = resolvePeriod({ kind: 'last-week' }, h.now);
    const digest = buildDigest({ period: week, items: [], comments: [], statuses: h.tracker.list(), sources: [] });
    expect(digest.statusChanges.filter((c) => c.recommendation.key === 'kinship-allowance')).toEqual([
      expect.objectContaining({
        date: '2026-11-20',
        axis: 'response',
        value: 'not-taken-forward',
        source: { title: story.title, url: story.url },
        recordedBy: { name: 'Alice', at: h.now.toISOString() },
      }),
    ]);
    expect(exportEditsYaml(h.tracker.pending(), h.now)).toContain(`from_proposal: ${proposal!.id}`);

    // Another process reading the store sees the same, the proposal it came from included.
    const reopened = await Tracker.open(loadRecommendationsData(), h.connection.collection<unknown>('tracker'), {
      logger: silentLogger,
    });
    expect(reopened.history('kinship-allowance')[0]).toMatchObject({
      value: 'not-taken-forward',
      fromProposal: proposal!.id,
      by: { name: 'Alice' },
    });
    expect((await h.proposals.get(proposal!.id))!).toMatchObject({
      state: 'approved',
      decision: { by: { name: 'Alice' }, value: 'not-taken-forward' },
    });
  });

  it('approves with another value on the same axis, and refuses a value of the other axis in words', async () => {
    const h = await proposalHarness();
    await h.propose([scrapsKinshipAllowance()]);
    const [proposal] = await h.proposals.pending();
    const wrongAxis = await h.command('approve', undefined, { id: proposal!.id, value: 'piloting' });
    expect(wrongAxis).toMatchObject({
      ephemeral: true,
      content: expect.stringContaining('"piloting" is a progress value; this proposal is about the response.'),
    });
    expect((await h.proposals.get(proposal!.id))!.state).toBe('pending');

    await h.command('approve', undefined, { id: proposal!.id, value: 'rejected' });
    expect(h.tracker.status('kinship-allowance')!.response.value).toBe('rejected');
    const twice = await h.command('approve', undefined, { id: proposal!.id });
    expect(twice).toMatchObject({
      ephemeral: true,
      content: `Proposal ${proposal!.id} was already approved by Alice on 23 Nov 2026, 12:00.`,
    });
    expect(h.tracker.history('kinship-allowance')).toHaveLength(1);
  });

  it('lists pending proposals with their ids for moderators only, and names the pending ones for an unknown id', async () => {
    const h = await proposalHarness();
    expect(await h.text('proposals', undefined)).toContain('No proposals are waiting');
    await h.propose([scrapsKinshipAllowance()]);
    const [proposal] = await h.proposals.pending();
    const list = await h.text('proposals', undefined);
    expect(list).toContain(
      `${proposal!.id} · kinship-allowance · Response: accepted in part → not taken forward · confidence ${confidenceText(proposal!.confidence!)} · 20 Nov 2026`,
    );
    expect(await h.command('proposals', undefined, {}, member)).toEqual({
      ephemeral: true,
      failed: true,
      content:
        "Only the bot's editors can use /proposals: they look after what every server shares (the tracker, proposals and sources), and are the members with Manage Server in an editor server.",
    });
    expect(await h.command('approve', undefined, { id: proposal!.id }, member)).toMatchObject({ ephemeral: true });
    expect((await h.proposals.get(proposal!.id))!.state).toBe('pending');
    expect(await h.command('reject', undefined, { id: 'deadbeef' })).toEqual({
      ephemeral: true,
      failed: true,
      content: `No proposal "deadbeef". Pending: ${proposal!.id}. /proposals lists them.`,
    });

    const choices = await findChoices(h, proposal!.id.slice(0, 3));
    expect(choices).toEqual([
      { name: `${proposal!.id}: kinship-allowance, response → not taken forward`, value: proposal!.id },
    ]);
  });

  it('names who decided without letting their name or a typed value format the answer', async () => {
    const h = await proposalHarness();
    await h.propose([scrapsKinshipAllowance()]);
    const [proposal] = await h.proposals.pending();
    const prankster = {
      id: '4',
      name: '**Bob** [x](https://evil.example)',
      rights: { manageServer: true, editor: true },
    };
    await h.command('reject', undefined, { id: proposal!.id }, prankster);
    const again = await h.command('reject', undefined, { id: proposal!.id });
    expect(again.content).toContain('already rejected by \\*\\*Bob\\*\\* \\[x\\]\\(https\\://evil.example\\)');
    expect(readMarkdown(again.content!).links).toEqual([]);
  });

  it('rejects for good: the proposal is kept as rejected, by whom and when, and cannot be approved after', async () => {
    const h = await proposalHarness();
    await h.propose([scrapsKinshipAllowance()]);
    const [proposal] = await h.proposals.pending();
    expect(await h.text('reject', undefined, { id: proposal!.id })).toMatch(
      /Rejected by Alice on 23 Nov 2026, 12:00: it will not be proposed again\./,
    );
    expect(await h.proposals.get(proposal!.id)).toMatchObject({
      state: 'rejected',
      decision: { by: { name: 'Alice' }, at: h.now.toISOString() },
    });
    expect(await h.command('approve', undefined, { id: proposal!.id })).toMatchObject({
      ephemeral: true,
      content: expect.stringContaining('was already rejected by Alice'),
    });
    expect(h.tracker.status('kinship-allowance')!.response.value).toBe('accepted-in-part');
  });
});

async function findChoices(h: Awaited<ReturnType<typeof proposalHarness>>, typed: string) {
  const { approve } = await import('../commands/approve.ts');
  return runAutocomplete(approve, h.ctx, {
    options: {},
    user: { id: '1', name: 'Alice', rights: { manageServer: true, editor: true } },
    focused: { name: 'id', value: typed },
  });
}
