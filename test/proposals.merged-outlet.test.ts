import { describe, expect, it } from 'vitest';
import { approveProposal } from '../src/proposals/act-on-proposal.ts';
import { proposalLines } from '../src/proposals/proposal-lines.ts';
import { newsItem } from './helpers/digest-data.ts';
import { moderator, proposalHarness, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

type Harness = Awaited<ReturnType<typeof proposalHarness>>;

const by = { id: moderator.id, name: moderator.name };
const depsOf = (h: Harness) => ({ proposals: h.proposals, tracker: h.tracker, now: () => h.now });
/** Another outlet's story of the kinship allowance dropped, with a sentence of its own. */
const droppedOnPsw = (published: string) =>
  scrapsKinshipAllowance({
    title: 'Kinship allowance plans dropped by ministers',
    summary: 'The DfE will not go ahead with a national allowance for kinship carers.',
    sourceId: 'psw-basw',
    published,
  });
const only = async (h: Harness, key: string) => {
  const found = (await h.proposals.all()).filter((p) => p.key === key);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('a second outlet merged into a stored proposal', () => {
  it('takes the choice of values away once an outlet reports the value plainly (as the README says)', async () => {
    const h = await proposalHarness();
    // Unsure: accepted in part (0.58) or accepted.
    await h.propose([
      newsItem({
        title: 'Government scales back plan to pay kinship carers an allowance',
        summary: 'Government scales back plan to pay kinship carers an allowance.',
        published: '2026-11-18T10:00:00Z',
      }),
    ]);
    const unsure = await only(h, 'kinship-allowance');
    expect(unsure.choices?.length).toBeGreaterThan(1);
    // Plain: accepted in part (0.83), the same decision from another outlet a day later.
    await h.propose([
      newsItem({
        title: 'Government waters down kinship carers allowance',
        summary: 'Government waters down kinship carers allowance.',
        published: '2026-11-19T10:00:00Z',
        sourceId: 'psw-basw',
      }),
    ]);
    const merged = await only(h, 'kinship-allowance');
    expect(merged.sources).toHaveLength(2);
    expect(proposalLines(merged).join('\n')).not.toContain('Unsure of the value');
    expect(merged.choices).toBeUndefined();
    // The README: the confidence is the highest of its sources'.
    expect(merged.confidence).toBeGreaterThan(0.8);
  });

  it('an earlier story that moves the date before the tracker’s newest entry makes the proposal history only, and says so', async () => {
    const h = await proposalHarness();
    // The tracker's newest response entry on kinship-allowance: accepted in part, 15 Dec 2023.
    await h.propose([scrapsKinshipAllowance({ published: '2023-12-20T09:00:00Z' })]);
    expect((await only(h, 'kinship-allowance')).history).toBeUndefined();
    await h.propose([droppedOnPsw('2023-12-10T08:00:00Z')]);
    const merged = await only(h, 'kinship-allowance');
    expect(merged.date).toBe('2023-12-10');
    const shown = proposalLines(merged).join('\n');
    // What approving will really do: the entry is dated 10 Dec 2023, older than 15 Dec 2023.
    const { proposal } = await approveProposal(depsOf(h), merged.id, by, {}, { offeredOnly: true });
    expect(proposal.decision!.history).toBe(true);
    expect(h.tracker.status('kinship-allowance')!.response.value).toBe('accepted-in-part');
    // The moderator is told it will not change the current status.
    expect(shown).not.toContain('Would change:** Response: accepted in part → not taken forward');
    expect(shown).toContain('History only');
  });
});

describe('the first lines of a proposal with two outlets', () => {
  it('name the outlet and host of the story whose sentence they quote', async () => {
    const h = await proposalHarness();
    await h.propose([scrapsKinshipAllowance()]); // Community Care, 20 Nov 2026
    await h.propose([droppedOnPsw('2026-11-19T08:00:00Z')]);
    const p = await only(h, 'kinship-allowance');
    expect(p.sources).toHaveLength(2);
    const [origin, quote] = proposalLines(p);
    expect(quote).toBe('> “Government scraps plan to pay kinship carers an allowance”');
    // That sentence is Community Care's headline, not PSW's.
    expect(origin).toMatch(/^\*\*Community Care\*\* · communitycare\.co\.uk · 20 Nov 2026/);
  });
});
