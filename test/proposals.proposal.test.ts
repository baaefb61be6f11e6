import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { loadDecisionPhrases } from '../src/proposals/decision-phrases.ts';
import { DecisionDetector } from '../src/proposals/detect-decision.ts';
import { mergeProposals } from '../src/proposals/merge-proposals.ts';
import { proposalLines } from '../src/proposals/proposal-lines.ts';
import type { StoredProposal } from '../src/proposals/proposal-store.ts';
import { proposeFromStory } from '../src/proposals/propose-from-story.ts';
import { describeChange, proposalFor, type Proposal, type ProposalStory } from '../src/proposals/proposal.ts';
import { openStore } from '../src/store/open-store.ts';
import { loadRecommendations, type Recommendation } from '../src/tracker/recommendations-schema.ts';
import { Tracker, type ModeratorEdit, type RecommendationStatus } from '../src/tracker/tracker.ts';

const recommendations = loadRecommendations();
const detector = new DecisionDetector(loadDecisionPhrases(), recommendations);
const source = { title: 'A source', url: 'https://example.org/source' };

/** The status of `key` when its timeline is just these entries. */
async function statusWith(key: string, timeline: Recommendation['timeline']): Promise<RecommendationStatus> {
  const rec = { ...recommendations.find((r) => r.key === key)!, timeline };
  const tracker = await Tracker.open(
    [rec],
    (await openStore(`memory:${randomUUID()}`, silentLogger)).collection<ModeratorEdit[]>('tracker'),
  );
  return tracker.status(key)!;
}

const kinshipConsidered = () =>
  statusWith('kinship-leave', [
    {
      date: '2023-02-02',
      axis: 'response',
      value: 'under-consideration',
      summary: 'Stable Homes commits to explore it.',
      source,
    },
  ]);

const scrapped = (
  url: string,
  published: string,
  title = 'Government scraps plan for kinship leave',
): ProposalStory => ({
  title,
  summary: 'Ministers have dropped plans to give kinship carers paid leave from work. A charity said it was a blow.',
  url,
  published,
});

async function propose(story: ProposalStory): Promise<Proposal[]> {
  const status = await kinshipConsidered();
  return proposeFromStory(detector, story, ['kinship-leave'], (key) => (key === 'kinship-leave' ? status : undefined));
}

describe('a proposal drawn from a decision story', () => {
  it('holds the key, axis, value, the story’s date, a one-line summary, the source, the evidence and the change', async () => {
    const [proposal] = await propose(scrapped('https://news.example/kinship-leave-scrapped', '2024-03-05T10:00:00Z'));
    expect(proposal).toMatchObject({
      key: 'kinship-leave',
      axis: 'response',
      value: 'not-taken-forward',
      date: '2024-03-05',
      summary: 'Ministers have dropped plans to give kinship carers paid leave from work.',
      sources: [
        {
          title: 'Government scraps plan for kinship leave',
          url: 'https://news.example/kinship-leave-scrapped',
          date: '2024-03-05',
        },
      ],
      evidence: [{ phrase: 'scraps plan', field: 'title', url: 'https://news.example/kinship-leave-scrapped' }],
      from: 'under-consideration',
    });
    expect(proposal!.id).toMatch(/^[0-9a-f]{8}$/);
    expect(describeChange(proposal!)).toBe('response: under consideration → not taken forward');
  });

  it('uses the headline as the summary when there is no standfirst, on one line and cut on a word', async () => {
    const status = await kinshipConsidered();
    const decision = detector.detect({ title: 'Government scraps plan for kinship leave' }, ['kinship-leave'])[0]!;
    const long = `Government scraps plan for kinship leave\n${'after a long and winding review of workplace rights '.repeat(6)}`;
    const proposal = proposalFor(
      { title: long, url: 'https://news.example/a', published: '2024-03-05' },
      decision,
      status,
    )!;
    expect(proposal.summary).not.toContain('\n');
    expect(proposal.summary.length).toBeLessThanOrEqual(200);
    expect(proposal.summary.endsWith('…')).toBe(true);
  });

  it('skips what the tracker already records: the same value, current, dated on or after the story', async () => {
    const decision = detector.detect({ title: 'Government scraps plan for kinship leave' }, ['kinship-leave'])[0]!;
    const story = scrapped('https://news.example/b', '2023-12-15');
    const recorded = await statusWith('kinship-leave', [
      { date: '2023-12-15', axis: 'response', value: 'not-taken-forward', summary: 'Dropped.', source },
    ]);
    expect(proposalFor(story, decision, recorded)).toBeUndefined();
    const monthOnly = await statusWith('kinship-leave', [
      { date: '2023-12', axis: 'response', value: 'not-taken-forward', summary: 'Dropped.', source },
    ]);
    expect(proposalFor(story, decision, monthOnly)).toBeUndefined();
    // A later story with the same value is a newer dated entry, and says so.
    const later = proposalFor(scrapped('https://news.example/c', '2024-06-01'), decision, recorded)!;
    expect(describeChange(later)).toBe('response: not taken forward (unchanged; a newer dated entry)');
    // Another value on that axis is a change.
    const accepted = await statusWith('kinship-leave', [
      { date: '2024-01-10', axis: 'response', value: 'accepted', summary: 'Backed.', source },
    ]);
    expect(describeChange(proposalFor(story, decision, accepted)!)).toBe('response: accepted → not taken forward');
  });

  it('carries how sure the detection is and the likely values, best first, for the message to show', async () => {
    const [proposal] = await propose(scrapped('https://news.example/sure', '2024-03-05T10:00:00Z'));
    expect(proposal!.confidence).toBeGreaterThanOrEqual(detector.threshold);
    expect(proposal!.decisionConfidence).toBeGreaterThanOrEqual(proposal!.confidence!);
    expect(proposal!.values![0]).toMatchObject({ axis: 'response', value: 'not-taken-forward' });
    expect(proposal!.history).toBeUndefined();
  });

  it('says when the story is older than the tracker’s newest entry on its axis, so approving it adds history', async () => {
    const decision = detector.detect({ title: 'Government scraps plan for kinship leave' }, ['kinship-leave'])[0]!;
    const newer = await statusWith('kinship-leave', [
      { date: '2024-06', axis: 'response', value: 'accepted', summary: 'Backed after all.', source },
      { date: '2025-01-10', axis: 'progress', value: 'piloting', summary: 'Piloted.', source },
    ]);
    const old = proposalFor(scrapped('https://news.example/old', '2024-03-05'), decision, newer)!;
    expect(old.history).toEqual({ newestDate: '2024-06', newestValue: 'accepted' });
    // The same month is not newer than the story: the story may be the news of it.
    const sameMonth = proposalFor(scrapped('https://news.example/june', '2024-06-20'), decision, newer)!;
    expect(sameMonth.history).toBeUndefined();
  });

  it('says when the story is the same event as an entry the tracker has with another value: a correction', async () => {
    const backed = await statusWith('kinship-leave', [
      { date: '2024-03-01', axis: 'response', value: 'accepted', summary: 'Backed.', source },
    ]);
    const story = scrapped('https://news.example/scrapped', '2024-03-08');
    const [proposal] = proposeFromStory(detector, story, ['kinship-leave'], () => backed);
    expect(proposal).toMatchObject({
      value: 'not-taken-forward',
      correction: { date: '2024-03-01', value: 'accepted' },
    });
    // Weeks later it is a new decision, not a second reading of the first.
    const later = scrapped('https://news.example/scrapped-later', '2024-05-08');
    expect(proposeFromStory(detector, later, ['kinship-leave'], () => backed)[0]!.correction).toBeUndefined();
  });

  it('weighs a story whose source gives no date as undated, and says its date is only when it was first seen', async () => {
    const dated = await propose(scrapped('https://news.example/dated', '2024-03-05T10:00:00Z'));
    const undated = await propose({
      ...scrapped('https://news.example/undated', '2024-03-05T10:00:00Z'),
      dateKnown: false,
    });
    // Read without a date, the same story is less sure to report a decision now.
    expect(undated).toHaveLength(1);
    expect(undated[0]!.decisionConfidence!).toBeLessThan(dated[0]!.decisionConfidence!);
    for (const proposal of undated) {
      expect(proposal.sources[0]).toMatchObject({ date: '2024-03-05', undated: true });
      expect(proposalLines(proposal as StoredProposal)[0]).toBe(
        'news.example · first seen 5 Mar 2024 (the source gives no date: check it before approving)',
      );
    }
  });

  it('proposes nothing for a recommendation the tracker does not know', () => {
    const story = scrapped('https://news.example/d', '2024-03-05');
    expect(proposeFromStory(detector, story, ['kinship-leave'], () => undefined)).toEqual([]);
  });
});

describe('merging proposals', () => {
  it('dates a decision by a dated story rather than by the day an undated one was first seen', async () => {
    const [undated] = await propose({
      ...scrapped('https://cc.example/kinship-undated', '2024-03-04'),
      dateKnown: false,
    });
    const [dated] = await propose(
      scrapped('https://psw.example/kinship-dated', '2024-03-06', 'Kinship leave plans dropped by ministers'),
    );
    const { proposals } = mergeProposals(mergeProposals([], [undated!]).proposals, [dated!]);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]!.date).toBe('2024-03-06');
    expect(proposals[0]!.sources.map((s) => s.url)).toEqual([
      'https://psw.example/kinship-dated',
      'https://cc.example/kinship-undated',
    ]);
  });

  it('makes one proposal, with both sources, of one decision reported by two outlets', async () => {
    const [first] = await propose(scrapped('https://cc.example/kinship-leave', '2024-03-05'));
    const [second] = await propose(
      scrapped('https://psw.example/kinship-leave', '2024-03-06', 'Kinship leave plans dropped by ministers'),
    );
    const { proposals, added, merged } = mergeProposals(mergeProposals([], [first!]).proposals, [second!]);
    expect(proposals).toHaveLength(1);
    expect(added).toEqual([]);
    expect(merged.map((p) => p.id)).toEqual([first!.id]);
    expect(proposals[0]!.sources.map((s) => s.url)).toEqual([
      'https://cc.example/kinship-leave',
      'https://psw.example/kinship-leave',
    ]);
    expect(proposals[0]!.evidence.map((e) => e.url)).toEqual([
      'https://cc.example/kinship-leave',
      'https://psw.example/kinship-leave',
    ]);
  });

  it('keeps the id when stories arrive out of order, and dates the proposal by its earliest story', async () => {
    const [later] = await propose(scrapped('https://cc.example/kinship-leave', '2024-03-09'));
    const [earlier] = await propose(scrapped('https://psw.example/kinship-leave', '2024-03-02'));
    const { proposals } = mergeProposals([later!], [earlier!]);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]!.id).toBe(later!.id);
    expect(proposals[0]!.date).toBe('2024-03-02');
    expect(proposals[0]!.sources.map((s) => s.date)).toEqual(['2024-03-02', '2024-03-09']);
  });

  it('never yields the same proposal twice from the same story', async () => {
    const story = scrapped('https://cc.example/kinship-leave', '2024-03-05');
    const [once] = await propose(story);
    const [again] = await propose(story);
    expect(again!.id).toBe(once!.id);
    const first = mergeProposals([], [once!]);
    const second = mergeProposals(first.proposals, [again!]);
    expect(second.proposals).toEqual(first.proposals);
    expect(second).toMatchObject({ added: [], merged: [], duplicates: 1 });
    // Twice in one batch too.
    expect(mergeProposals([], [once!, again!]).proposals).toHaveLength(1);
  });

  it('keeps apart decisions on other values, other recommendations, or months apart', async () => {
    const [march] = await propose(scrapped('https://cc.example/march', '2024-03-05'));
    const [june] = await propose(scrapped('https://cc.example/june', '2024-06-05'));
    const status = await kinshipConsidered();
    const backed = detector.detect({ title: 'DfE backs kinship leave' }, ['kinship-leave'])[0]!;
    const accepted = proposalFor(
      { title: 'DfE backs kinship leave', url: 'https://cc.example/backed', published: '2024-03-05' },
      backed,
      status,
    )!;
    const { proposals } = mergeProposals([], [march!, june!, accepted]);
    expect(proposals).toHaveLength(3);
    expect(new Set(proposals.map((p) => p.id)).size).toBe(3);
  });

  it('keeps the surer reading when a second outlet reports the decision more plainly', async () => {
    const [first] = await propose(scrapped('https://cc.example/kinship-leave', '2024-03-05'));
    const plainer = { ...first!, sources: [{ ...first!.sources[0]!, url: 'https://psw.example/k' }] };
    plainer.evidence = [{ ...first!.evidence[0]!, url: 'https://psw.example/k' }];
    plainer.confidence = 0.99;
    const merged = mergeProposals([first!], [plainer]).proposals[0]!;
    expect(merged.confidence).toBe(0.99);
    const weaker = { ...plainer, confidence: 0.1, sources: [{ ...first!.sources[0]!, url: 'https://x.example/k' }] };
    expect(mergeProposals([merged], [weaker]).proposals[0]!.confidence).toBe(0.99);
  });

  it('offers a choice of values only while no outlet has reported the value plainly', async () => {
    const [first] = await propose(scrapped('https://cc.example/kinship-leave', '2024-03-05'));
    const choices = [
      { axis: 'response', value: first!.value, probability: 0.5, from: 'under-consideration' },
      { axis: 'response', value: 'rejected', probability: 0.3, from: 'under-consideration' },
    ] as Proposal['choices'];
    const unsure = { ...first!, confidence: 0.5, choices };
    const plain = {
      ...first!,
      confidence: 0.95,
      sources: [{ ...first!.sources[0]!, url: 'https://psw.example/k' }],
      evidence: [{ ...first!.evidence[0]!, url: 'https://psw.example/k' }],
    };
    delete plain.choices;
    const merged = mergeProposals([unsure], [plain]).proposals[0]!;
    expect(merged.choices).toBeUndefined();
    // A less sure report later does not bring the choice back.
    const vague = { ...unsure, sources: [{ ...first!.sources[0]!, url: 'https://x.example/k' }] };
    expect(mergeProposals([merged], [vague]).proposals[0]!.choices).toBeUndefined();
  });

  it('leaves the lists it is given unchanged', async () => {
    const [first] = await propose(scrapped('https://cc.example/kinship-leave', '2024-03-05'));
    const [second] = await propose(scrapped('https://psw.example/kinship-leave', '2024-03-06'));
    const existing = [first!];
    const snapshot = structuredClone(existing);
    mergeProposals(existing, [second!]);
    expect(existing).toEqual(snapshot);
  });
});
