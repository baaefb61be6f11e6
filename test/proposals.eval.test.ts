import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { halfOf } from '../src/proposals/eval-halves.ts';
import { detectForStory, evaluateDecisions } from '../src/proposals/evaluate-decisions.ts';
import { readLabelledStories } from '../src/proposals/labelled-decisions.ts';
import { DECISION_TARGETS, defaultDecisionDeps, MODES } from '../src/proposals/run-decision-eval.ts';
import { fixturesDir } from './helpers/fixture-server.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const files = [`${fixturesDir}eval/decisions-dev.jsonl`, `${fixturesDir}eval/non-decisions-dev.jsonl`];
const stories = readLabelledStories(files);
const dev2 = readLabelledStories([`${fixturesDir}eval/decisions-dev2.jsonl`]);
const deps = defaultDecisionDeps();
const endToEnd = (set: typeof stories) => evaluateDecisions(set, 'end-to-end', deps, { throughputMs: 50 });

function expectTargets(report: ReturnType<typeof endToEnd>) {
  expect(report.precision).toBeGreaterThanOrEqual(DECISION_TARGETS.precision);
  expect(report.keyPrecision).toBeGreaterThanOrEqual(DECISION_TARGETS.keyPrecision);
  expect(report.keyRecall).toBeGreaterThanOrEqual(DECISION_TARGETS.keyRecall);
  expect(report.nonDecisionProposedRate).toBeLessThanOrEqual(DECISION_TARGETS.nonDecisionProposedRate);
}

const figures = (r: ReturnType<typeof endToEnd>) =>
  `precision ${r.precision}, keyPrecision ${r.keyPrecision}, recall ${r.recall}, keyRecall ${r.keyRecall}, ` +
  `nonDecisionProposedRate ${r.nonDecisionProposedRate} (${r.proposals} proposals, ${r.labelledDecisions} decisions, ${r.nonDecisionStories} stories with none)`;

describe('decision detection on the labelled development sets, end to end', () => {
  it('reads every story once, grouping a story’s decisions by its URL', () => {
    expect(stories).toHaveLength(105);
    expect(stories.filter((s) => s.decisions.length > 0)).toHaveLength(39);
    expect(stories.reduce((n, s) => n + s.decisions.length, 0)).toBe(46);
    const backs = stories.find((s) => s.title.startsWith('DfE backs early career framework'))!;
    expect(backs.decisions.map((d) => d.key).sort()).toEqual([
      'early-career-framework',
      'expert-practitioner-status',
      'national-pay-scale',
    ]);
  });

  it('meets the targets on the first development sets: right recommendation, right value, few false alarms', () => {
    const report = endToEnd(stories);
    expectTargets(report);
    expect(report.itemsPerSecond).toBeGreaterThan(0);
  });

  it('meets the targets on the tuning half of the second set', () => {
    expectTargets(endToEnd(halfOf(dev2, 1)));
  });

  it('measures the half of the second set kept out of tuning, and prints what it finds', () => {
    // Not held to the targets: asserting them here would be tuning on it.
    const report = endToEnd(halfOf(dev2, 2));
    console.log(`decisions-dev2.jsonl half 2 (untouched), end to end: ${figures(report)}`);
    expect(report.stories).toBe(59);
  });

  it('gives every proposal a confidence at or above the threshold, and its likely values, best first', () => {
    for (const story of [...stories, ...halfOf(dev2, 1)]) {
      for (const d of detectForStory(story, 'end-to-end', deps)) {
        expect(d.confidence).toBeGreaterThanOrEqual(deps.detector.threshold);
        expect(d.values[0]).toMatchObject({ axis: d.axis, value: d.value });
        const probabilities = d.values.map((v) => v.probability);
        expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
      }
    }
  });
});

describe('care-review-bot eval-decisions', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('prints both measurements against the targets, and the figures as JSON with an end-to-end block', async () => {
    const result = await runCli(['eval-decisions', '--json'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Evaluated 105 stories from test/fixtures/eval/decisions-dev.jsonl, test/fixtures/eval/non-decisions-dev.jsonl: 39 reporting 46 decisions, 66 reporting none',
    );
    expect(result.stdout).toContain('End to end (the classifier tags recommendations, then detection)');
    expect(result.stdout).toContain('Detection alone (labelled keys given');
    expect(result.stdout).toMatch(/proposal precision +0\.\d{3} {2}\(\d+ of \d+ right/);
    expect(result.stdout).toMatch(/right recommendation +0\.\d{3} {2}\(of proposals, any value; target >= 0\.9: ok\)/);
    expect(result.stdout).toMatch(/throughput +\d+ stories\/s/);
    const json = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, Record<string, number>>;
    const block = json['end-to-end']!;
    for (const figure of ['precision', 'keyPrecision', 'recall', 'keyRecall', 'nonDecisionProposedRate'])
      expect(typeof block[figure], figure).toBe('number');
    expect(block.precision).toBeGreaterThanOrEqual(DECISION_TARGETS.precision);
    expect(block.keyPrecision).toBeGreaterThanOrEqual(DECISION_TARGETS.keyPrecision);
    expect(block.itemsPerSecond).toBeGreaterThan(0);
    expect(json.targets).toEqual(DECISION_TARGETS);
    expect(MODES.every((mode) => json[mode] !== undefined)).toBe(true);
  });

  it('measures one half of a named file, and names the line of a bad label', async () => {
    const file = dir.file('labels.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          title: 'Government scraps plan for kinship leave',
          summary: '',
          url: 'https://a.example/1',
          published: '2024-03-05',
          key: 'kinship-leave',
          axis: 'response',
          value: 'not-taken-forward',
        }),
        JSON.stringify({
          title: 'Charity calls for kinship leave',
          summary: '',
          url: 'https://a.example/2',
          published: '2024-03-05',
          key: null,
          axis: null,
          value: null,
        }),
      ].join('\n'),
    );
    const half = await runCli(['eval-decisions', file, '--half', '2'], {});
    expect(half.code).toBe(0);
    // One decision unit and one no-decision unit: each is the first of its kind, so both fall in half 1.
    expect(half.stdout).toMatch(/Evaluated 0 stories from .*labels\.jsonl \(half 2 of 2\): 0 reporting 0 decisions/);
    const first = await runCli(['eval-decisions', file, '--half', '1'], {});
    expect(first.stdout).toMatch(
      /Evaluated 2 stories from .*labels\.jsonl \(half 1 of 2\): 1 reporting 1 decision, 1 reporting none/,
    );
    expect(first.stdout).toMatch(/recall on decisions +1\.000/);

    writeFileSync(
      file,
      `${JSON.stringify({ title: 'x', url: 'https://a.example/3', key: 'kinship-leave', axis: 'progress', value: 'rejected' })}\nnot json\n`,
    );
    const bad = await runCli(['eval-decisions', file], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('labels.jsonl:1: value: "rejected" is not a progress value');
    expect(bad.stderr).toMatch(/labels\.jsonl:2: not JSON/);
  });
});
