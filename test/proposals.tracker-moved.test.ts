import { describe, expect, it } from 'vitest';
import { approveProposal } from '../src/proposals/act-on-proposal.ts';
import { asTrackerStands } from '../src/proposals/proposal-context.ts';
import { proposalLines } from '../src/proposals/proposal-lines.ts';
import { moderator, proposalHarness, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

type Harness = Awaited<ReturnType<typeof proposalHarness>>;

const by = { id: moderator.id, name: moderator.name };
const depsOf = (h: Harness) => ({ proposals: h.proposals, tracker: h.tracker, now: () => h.now });
const rejected = (date: string) => ({
  axis: 'response' as const,
  value: 'rejected',
  date,
  summary: 'Ministers rejected the allowance outright.',
  source: { title: 'DfE statement', url: 'https://www.gov.uk/government/news/kinship' },
  by,
  at: '2026-11-22T10:00:00Z',
});

async function proposedKinshipAllowance(h: Harness) {
  await h.propose([scrapsKinshipAllowance()]); // 20 Nov 2026: accepted in part → not taken forward
  const found = (await h.proposals.all()).filter((p) => p.key === 'kinship-allowance');
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('a proposal acted on after the tracker changed meanwhile', () => {
  it('/proposals and the message say history only once a newer entry is recorded, as approving then does', async () => {
    const h = await proposalHarness();
    const p = await proposedKinshipAllowance(h);
    await h.tracker.addEdit('kinship-allowance', rejected('2026-11-22'));
    const list = await h.text('proposals', undefined);
    // The message as it is rendered: from the stored proposal, as the tracker stands now.
    const stored = (await h.proposals.get(p.id))!;
    const shown = proposalLines(asTrackerStands(stored, h.tracker.status(p.key))).join('\n');
    const { proposal } = await approveProposal(depsOf(h), p.id, by, {}, { offeredOnly: true });
    expect(proposal.decision!.history).toBe(true);
    expect(h.tracker.status('kinship-allowance')!.response.value).toBe('rejected');
    // Before approving, neither promises a change of the current status from a value it no longer has.
    expect(list).not.toContain('Response: accepted in part → not taken forward');
    expect(shown).not.toContain('Would change:** Response: accepted in part → not taken forward');
    expect(shown).toContain('History only');
  });

  it('the approved message names the value the tracker really had, not the one when proposed', async () => {
    const h = await proposalHarness();
    const p = await proposedKinshipAllowance(h);
    // Recorded meanwhile, dated before the story: the current response becomes rejected.
    await h.tracker.addEdit('kinship-allowance', rejected('2026-11-10'));
    expect(h.tracker.status('kinship-allowance')!.response.value).toBe('rejected');
    const { proposal } = await approveProposal(depsOf(h), p.id, by, {}, { offeredOnly: true });
    expect(proposal.decision!.history).toBeUndefined();
    const recorded = proposalLines(proposal).find((l) => l.startsWith('**Recorded:**'));
    expect(recorded).toBe('**Recorded:** Response: rejected → not taken forward');
  });
});
