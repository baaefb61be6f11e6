import { describe, expect, it } from 'vitest';
import { approveProposal } from '../src/proposals/act-on-proposal.ts';
import { newsItem } from './helpers/digest-data.ts';
import { moderator, proposalHarness, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

/** Older than the tracker's newest response entry on kinship leave, and unsure of its value. */
const oldAndUnsure = () =>
  newsItem({
    title: 'Government backs kinship leave for carers',
    summary: 'Ministers have agreed to consider paid leave for kinship carers.',
    published: '2023-01-10T10:00:00Z',
  });

async function harnessWith(...stories: ReturnType<typeof newsItem>[]) {
  const h = await proposalHarness();
  await h.propose(stories);
  const deps = { proposals: h.proposals, tracker: h.tracker, now: () => h.now };
  const by = { id: moderator.id, name: moderator.name };
  const idOf = async (key: string) => (await h.proposals.all()).find((p) => p.key === key)!;
  return { h, deps, by, idOf };
}

describe('approving one of the likely values', () => {
  it('records a value offered on the other axis on that axis, as the current status when newest', async () => {
    const { h, deps, by, idOf } = await harnessWith(oldAndUnsure());
    const proposal = await idOf('kinship-leave');
    const other = proposal.choices!.find((c) => c.axis !== proposal.axis)!;
    expect(other).toBeDefined();
    const { edit } = await approveProposal(deps, proposal.id, by, other, { offeredOnly: true });
    expect(edit).toMatchObject({ axis: other.axis, value: other.value, date: '2023-01-10' });
    const decided = (await h.proposals.get(proposal.id))!;
    expect(decided.decision).toMatchObject({ axis: other.axis, value: other.value });
    expect(decided.decision!.history).toBeUndefined();
    expect(h.tracker.status('kinship-leave')!.progress.value).toBe(other.value);
  });

  it('refuses a value that was never offered, and a click that names none while the value is unsure', async () => {
    const { h, deps, by, idOf } = await harnessWith(oldAndUnsure());
    const proposal = await idOf('kinship-leave');
    const offered = proposal.choices!.map((c) => `${c.axis}:${c.value}`);
    const never = (['rejected', 'not-taken-forward', 'accepted-in-part'] as const).find(
      (v) => !offered.includes(`response:${v}`),
    )!;
    await expect(
      approveProposal(deps, proposal.id, by, { axis: 'response', value: never }, { offeredOnly: true }),
    ).rejects.toThrow(`That value was not offered for proposal ${proposal.id}.`);
    await expect(approveProposal(deps, proposal.id, by, {}, { offeredOnly: true })).rejects.toThrow(
      'is unsure of its value: none is pre-chosen',
    );
    // Nor may a typed value move a proposal to the other axis unless that value was offered.
    await expect(approveProposal(deps, proposal.id, by, { axis: 'progress', value: 'implemented' })).rejects.toThrow(
      'not offered',
    );
    expect((await h.proposals.get(proposal.id))!.state).toBe('pending');
    expect(h.tracker.history('kinship-leave')).toEqual([]);
  });

  it('approves a sure proposal with one click, its value being the only one offered', async () => {
    const { h, deps, by, idOf } = await harnessWith(scrapsKinshipAllowance());
    const proposal = await idOf('kinship-allowance');
    expect(proposal.choices).toBeUndefined();
    await approveProposal(deps, proposal.id, by, {}, { offeredOnly: true });
    expect(h.tracker.status('kinship-allowance')!.response.value).toBe('not-taken-forward');
  });

  it('takes a likely value of the other axis typed in /approve, and still refuses one not offered', async () => {
    const { h, idOf } = await harnessWith(oldAndUnsure());
    const proposal = await idOf('kinship-leave');
    const other = proposal.choices!.find((c) => c.axis !== proposal.axis)!;
    const offered = proposal.choices!.map((c) => c.value);
    const notOffered = (['implemented', 'legislated', 'planned'] as const).find((v) => !offered.includes(v))!;
    expect(await h.text('approve', undefined, { id: proposal.id, value: notOffered })).toContain(
      `is a progress value; this proposal is about the response.`,
    );
    await h.text('approve', undefined, { id: proposal.id, value: other.value });
    expect(h.tracker.history('kinship-leave')).toEqual([
      expect.objectContaining({ axis: other.axis, value: other.value, fromProposal: proposal.id }),
    ]);
  });

  it('adds a story older than the newest entry to the history, leaving the current status, and says so', async () => {
    const { h, idOf } = await harnessWith(oldAndUnsure());
    const proposal = await idOf('kinship-leave');
    const before = h.tracker.status('kinship-leave')!;
    const value = proposal.choices!.find((c) => c.axis === 'response' && c.history)!.value;
    const reply = await h.text('approve', undefined, { id: proposal.id, value });
    expect(reply).toContain('added to the history of kinship-leave; its current status is unchanged.');
    expect(h.tracker.status('kinship-leave')!.response).toEqual(before.response);
    expect(h.tracker.history('kinship-leave')).toEqual([
      expect.objectContaining({ axis: 'response', value, date: '2023-01-10', fromProposal: proposal.id }),
    ]);
    expect((await h.proposals.get(proposal.id))!.decision!.history).toBe(true);
  });
});

describe('/approve on an unsure proposal', () => {
  it('does not record a pre-chosen value when no value is given (no Approve button, no pre-chosen value)', async () => {
    const { h, idOf } = await harnessWith(oldAndUnsure());
    const p = await idOf('kinship-leave');
    expect(p.choices!.length).toBeGreaterThan(1);
    const reply = await h.text('approve', undefined, { id: p.id });
    expect(h.tracker.history('kinship-leave')).toEqual([]);
    expect(reply).toContain('none is pre-chosen');
  });
});
