import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateDecisions } from '../src/proposals/evaluate-decisions.ts';
import { readLabelledStories } from '../src/proposals/labelled-decisions.ts';
import { DECISION_TARGETS, defaultDecisionDeps, MODES } from '../src/proposals/run-decision-eval.ts';
import { fixturesDir } from './helpers/fixture-server.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const files = [`${fixturesDir}eval/decisions-dev.jsonl`, `${fixturesDir}eval/non-decisions-dev.jsonl`];
const stories = readLabelledStories(files);
const deps = defaultDecisionDeps();

describe('decision detection on the labelled development sets', () => {
  const reports = Object.fromEntries(
    MODES.map((mode) => [mode, evaluateDecisions(stories, mode, deps, { throughputMs: 100 })]),
  );

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

  it.each(MODES)(
    '%s: proposals are right (precision >= 0.85) and stories that report no decision rarely yield one (<= 3%%)',
    (mode) => {
      const report = reports[mode]!;
      expect(report.precision).toBeGreaterThanOrEqual(DECISION_TARGETS.precision);
      expect(report.nonDecisionProposedRate).toBeLessThanOrEqual(DECISION_TARGETS.nonDecisionProposedRate);
      expect(report.itemsPerSecond).toBeGreaterThan(0);
    },
  );

  it.each(MODES)('%s: most decisions are found (recall >= 0.60)', (mode) => {
    expect(reports[mode]!.recall).toBeGreaterThanOrEqual(DECISION_TARGETS.recall);
  });

  it('finds at least as much with the labelled key given as end to end', () => {
    expect(reports['key-given']!.recall).toBeGreaterThanOrEqual(reports['end-to-end']!.recall);
  });
});

describe('care-review-bot eval-decisions', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('prints both measurements against the targets, and the figures as JSON', async () => {
    const result = await runCli(['eval-decisions', '--json'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Evaluated 105 stories from test/fixtures/eval/decisions-dev.jsonl, test/fixtures/eval/non-decisions-dev.jsonl: 39 reporting 46 decisions, 66 reporting none',
    );
    expect(result.stdout).toContain('End to end (the classifier tags recommendations, then detection)');
    expect(result.stdout).toContain('Detection alone (labelled keys given');
    expect(result.stdout).toMatch(/proposal precision +0\.\d{3} {2}\(\d+ of \d+ right/);
    expect(result.stdout).toMatch(/throughput +\d+ stories\/s/);
    const figures = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<
      string,
      { precision: number; recall: number; nonDecisionProposedRate: number; itemsPerSecond: number }
    >;
    for (const mode of MODES) {
      expect(figures[mode]!.precision).toBeGreaterThanOrEqual(DECISION_TARGETS.precision);
      expect(figures[mode]!.itemsPerSecond).toBeGreaterThan(0);
    }
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
