import { describe, expect, it } from 'vitest';
import { proposalLines, hostOf } from '../src/proposals/proposal-lines.ts';
import { parseProposalCustomId, proposalButtons, proposalMessage } from '../src/proposals/proposal-message.ts';
import type { StoredProposal } from '../src/proposals/proposal-store.ts';
import { messageLimitProblems } from '../src/render/discord-limits.ts';

const url = 'https://www.communitycare.co.uk/2026/11/20/government-backs-kinship-leave/';

function proposal(fields: Partial<StoredProposal> = {}): StoredProposal {
  return {
    id: '0123abcd',
    key: 'kinship-leave',
    axis: 'response',
    value: 'accepted',
    date: '2026-11-20',
    summary: 'Ministers back paid leave for kinship carers.',
    sources: [{ title: 'Government backs kinship leave', url, date: '2026-11-20', outlet: 'Community Care' }],
    evidence: [{ phrase: 'backs', field: 'title', sentence: 'Government backs kinship leave', url }],
    from: 'under-consideration',
    confidence: 0.86,
    decisionConfidence: 0.9,
    values: [{ axis: 'response', value: 'accepted', probability: 0.95 }],
    state: 'pending',
    createdAt: '2026-11-23T12:00:00Z',
    updatedAt: '2026-11-23T12:00:00Z',
    posts: [],
    ...fields,
  } as StoredProposal;
}

const unsure = (): Partial<StoredProposal> => ({
  confidence: 0.55,
  choices: [
    { axis: 'response', value: 'accepted', probability: 0.58, from: 'under-consideration' },
    { axis: 'progress', value: 'in-progress', probability: 0.2, from: 'not-started' },
    { axis: 'response', value: 'accepted-in-part', probability: 0.15, from: 'under-consideration' },
  ],
});

describe('a proposal as a moderator reads it', () => {
  it('starts with the outlet and the link’s host, the sentence read, the change and how sure the detector is', () => {
    expect(proposalLines(proposal()).slice(0, 4)).toEqual([
      '**Community Care** · communitycare.co.uk · 20 Nov 2026',
      '> “Government backs kinship leave”',
      '**Would change:** Response: under consideration → accepted',
      '**Confidence:** high (0.86)',
    ]);
    expect(proposalLines(proposal({ confidence: 0.62 }))[3]).toBe('**Confidence:** medium (0.62)');
    expect(proposalLines(proposal({ confidence: 0.47 }))[3]).toBe('**Confidence:** low (0.47)');
  });

  it('shows the host the link really goes to: a mirror, a look-alike name, an address that is not a link', () => {
    const mirror = 'https://limitlesscommunitycare.org/2026/11/government-backs-kinship-leave';
    expect(
      proposalLines(
        proposal({ sources: [{ title: 'Copy', url: mirror, date: '2026-11-20', outlet: 'Community Care' }] }),
      )[0],
    ).toBe('**Community Care** · limitlesscommunitycare.org · 20 Nov 2026');
    // Cyrillic "о" in place of the Latin one: shown in its xn-- form, not as the site it imitates.
    expect(hostOf('https://www.cоmmunitycare.co.uk/x')).toMatch(/^xn--/);
    expect(hostOf('not a url')).toBe('not a web address');
  });

  it('keeps the sentence read inert and short, whatever the story holds', () => {
    const hostile = `**Approve me** [click](https://evil.example) <@&123> ${'very long '.repeat(100)}`;
    const [, sentence] = proposalLines(
      proposal({ evidence: [{ phrase: 'backs', field: 'summary', sentence: hostile, url }] }),
    );
    expect(sentence!.length).toBeLessThanOrEqual(340);
    expect(sentence).toContain('\\*\\*Approve me\\*\\* \\[click\\]\\(https\\://evil.example\\) \\<\\@&123>');
    expect(sentence).toMatch(/…”$/);
  });

  it('says when the tracker has the same event with another value', () => {
    const lines = proposalLines(proposal({ correction: { date: '2026-11-18', value: 'rejected' } }));
    expect(lines).toContain('⚠️ **Correction:** the tracker has this event as rejected on 18 Nov 2026.');
  });

  it('proposes a story older than the newest entry only as history, and says approving leaves the current status', () => {
    const lines = proposalLines(
      proposal({ from: 'not-taken-forward', history: { newestDate: '2026-12-01', newestValue: 'not-taken-forward' } }),
    );
    expect(lines).toContain(
      '**Would change:** Response: accepted, as history (the current status stays not taken forward)',
    );
    expect(lines).toContain(
      "🕰️ **History only:** the tracker's newest response entry, not taken forward on 1 Dec 2026, is newer than this story: approving adds a dated entry to the history and leaves the current status as it is.",
    );
    const approved = proposal({
      from: 'not-taken-forward',
      history: { newestDate: '2026-12-01', newestValue: 'not-taken-forward' },
      state: 'approved',
      decision: { by: { id: '1', name: 'Alice' }, at: '2026-11-23T12:00:00Z', value: 'accepted', history: true },
    });
    expect(proposalLines(approved)).toContain(
      '**Recorded:** Response: accepted, added to the history (the current status is unchanged)',
    );
    expect(proposalLines(approved)[0]).toMatch(
      /added to the history of kinship-leave; its current status is unchanged\.$/,
    );
  });

  it('offers the likely values when unsure, each with what it would change, and no pre-chosen one', () => {
    const p = proposal(unsure());
    const lines = proposalLines(p);
    expect(lines.slice(2, 7)).toEqual([
      '**Unsure of the value: choose one below.**',
      '• Response: under consideration → accepted (0.58)',
      '• Progress: not started → in progress (0.20)',
      '• Response: under consideration → accepted in part (0.15)',
      '**Confidence:** high (0.90) that it reports a decision; the value is unsure (best 0.58)',
    ]);
    const [row] = proposalButtons(p);
    expect(row!.components.map((b) => [b.label, b.custom_id])).toEqual([
      ['Response: accepted (0.58)', 'proposal:0123abcd:choose:response:accepted'],
      ['Progress: in progress (0.20)', 'proposal:0123abcd:choose:progress:in-progress'],
      ['Response: accepted in part (0.15)', 'proposal:0123abcd:choose:response:accepted-in-part'],
      ['Edit', 'proposal:0123abcd:edit'],
      ['Reject', 'proposal:0123abcd:reject'],
    ]);
    expect(messageLimitProblems(proposalMessage(p, 'Employment leave for kinship carers'))).toEqual([]);
    // Once chosen, the message says which value was recorded, and of how many.
    const chosen = proposal({
      ...unsure(),
      state: 'approved',
      decision: { by: { id: '1', name: 'Alice' }, at: '2026-11-23T12:00:00Z', value: 'in-progress', axis: 'progress' },
    });
    expect(proposalLines(chosen)).toContain(
      '**Recorded:** Progress: not started → in progress (chosen of 3 likely values)',
    );
    expect(proposalButtons(chosen)).toEqual([]);
  });

  it('reads a value only from a choose button, and only on a known axis', () => {
    expect(parseProposalCustomId('proposal:0123abcd:choose:progress:in-progress')).toEqual({
      id: '0123abcd',
      action: 'choose',
      choice: { axis: 'progress', value: 'in-progress' },
    });
    expect(parseProposalCustomId('proposal:0123abcd:approve')).toEqual({ id: '0123abcd', action: 'approve' });
    for (const forged of [
      'proposal:0123abcd:choose',
      'proposal:0123abcd:approve:response:rejected',
      'proposal:0123abcd:choose:mood:accepted',
      'proposal:0123abcd:choose:response:Rejected!',
    ])
      expect(parseProposalCustomId(forged)).toBeUndefined();
  });
});
