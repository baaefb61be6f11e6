import { afterAll, describe, expect, it } from 'vitest';
import { Classifier } from '../src/classify/classifier.ts';
import { evaluate, type LabelledItem } from '../src/classify/evaluate.ts';
import { formatReport } from '../src/classify/run-eval.ts';
import { loadTaxonomy } from '../src/classify/taxonomy-schema.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const classifier = new Classifier(loadTaxonomy(), loadRecommendations());

describe('eval reports', () => {
  // Labels made up so that each kind of mistake occurs once.
  const items: LabelledItem[] = [
    {
      source: 'community-care',
      title: 'Kinship carers forced out of work',
      summary: '',
      themes: ['kinship-care'],
      recommendations: ['kinship-leave'],
    },
    {
      source: 'other:example.org',
      title: 'Nurses vote for strike action over pay offer',
      summary: '',
      themes: [],
      recommendations: [],
    },
    {
      source: 'other:example.net',
      title: 'Foster carers face rising costs',
      summary: '',
      themes: [],
      recommendations: [],
    },
    {
      source: 'psw-basw',
      title: 'Foster carers to get more support',
      summary: '',
      themes: ['fostering', 'kinship-care'],
      recommendations: ['mockingbird', 'kinship-allowance'],
    },
    {
      source: 'psw-basw',
      title: 'Care leavers face homelessness',
      summary: '',
      themes: ['care-experience'],
      recommendations: [],
    },
  ];
  const report = evaluate(classifier, items, { throughputMs: 10 });

  it('lists the worst errors first: off-topic items tagged, then by how much is wrong', () => {
    expect(report.mistakes.map((m) => m.title)).toEqual([
      'Foster carers face rising costs',
      'Foster carers to get more support',
      'Care leavers face homelessness',
    ]);
    expect(report.mistakes[0]!.offTopicTagged).toBe(true);
    expect(report.mistakes[1]!.errors).toBe(3);
  });

  it('reports per source, with other sites together', () => {
    expect(Object.keys(report.perSource)).toEqual(['community-care', 'other', 'psw-basw']);
    expect(report.perSource.other).toMatchObject({ items: 2, offTopicItems: 2, offTopicFalsePositiveRate: 0.5 });
    expect(report.perSource['community-care']).toMatchObject({ themeMicroF1: 1, recommendationMicroF1: 1 });
  });

  it('prints per theme, per source and the mistakes', () => {
    const text = formatReport(report, 'labelled.jsonl');
    expect(text).toMatch(/^fostering +0\.50 +1\.00 +0\.67 +1$/m);
    expect(text).toMatch(/^other +2 +0\.00 +1\.00 {2}50\.0% of 2$/m);
    expect(text).toContain('- [off-topic but tagged] Foster carers face rising costs  (other:example.net)');
    expect(text).toContain('- [3 wrong] Foster carers to get more support  (psw-basw)');
    expect(text.indexOf('rising costs')).toBeLessThan(text.indexOf('more support'));
  });
});

describe('care-review-bot eval', () => {
  const dir = tempDir();
  const env = { STORE_URL: `sqlite://${dir.file('bot.sqlite')}` };
  afterAll(() => dir.remove());

  it('eval measures both development sets and says whether they meet the targets', async () => {
    const result = await runCli(['eval', '--json'], env, undefined, 60_000);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Evaluated 67 labelled items from test/fixtures/eval/dev-items.jsonl (20 off-topic)',
    );
    expect(result.stdout).toContain(
      'Evaluated 200 labelled items from test/fixtures/eval/dev2-items.jsonl (80 off-topic)',
    );
    expect(result.stdout).toMatch(/^source +items +theme F1 +rec F1 +off-topic tagged$/m);
    expect(result.stdout).toContain('Every file meets the accuracy targets.');
    const figures = result.stdout
      .trim()
      .split('\n')
      .slice(-2)
      .map((line) => JSON.parse(line) as { file: string; themeMicroF1: number });
    expect(figures.map((f) => f.file.endsWith('dev-items.jsonl') || f.file.endsWith('dev2-items.jsonl'))).toEqual([
      true,
      true,
    ]);
  });
});
