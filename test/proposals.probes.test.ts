import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledFile } from '../src/paths.ts';
import { inflections, loadDecisionPhrases } from '../src/proposals/decision-phrases.ts';
import { DecisionDetector } from '../src/proposals/detect-decision.ts';
import { recountsEarlier } from '../src/proposals/read-decisions.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';

/**
 * Wording variants of ordinary decision headlines and their near misses, written for these tests and
 * labelled by the rules of the evaluation sets (never tuned on as data): each is read for the
 * recommendation it is `about`.
 */
interface Probe {
  title: string;
  summary: string;
  published: string;
  about: string;
  axis: string | null;
  value: string | null;
}

const probes = readFileSync(bundledFile('test/fixtures/eval/decision-probes.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Probe);

const detector = new DecisionDetector(loadDecisionPhrases(), loadRecommendations());

function reading(probe: Probe): string {
  const [decision] = detector.detect(probe, [probe.about]);
  return decision ? `${decision.axis}/${decision.value}` : 'none';
}

const expected = (probe: Probe) => (probe.axis ? `${probe.axis}/${probe.value}` : 'none');

describe('wording variants of decision headlines', () => {
  it('covers each kind of decision and its near misses', () => {
    const kinds = new Set(probes.map(expected));
    for (const kind of [
      'progress/piloting',
      'progress/in-progress',
      'progress/legislated',
      'progress/implemented',
      'response/under-consideration',
      'none',
    ])
      expect(kinds).toContain(kind);
    expect(probes.filter((p) => !p.axis).length).toBeGreaterThanOrEqual(20);
  });

  it.each(probes.filter((p) => p.axis).map((p) => [p.title, p] as const))('reads "%s"', (_title, probe) => {
    expect(reading(probe)).toBe(expected(probe));
  });

  it.each(probes.filter((p) => !p.axis).map((p) => [p.title, p] as const))(
    'proposes nothing for "%s"',
    (_title, probe) => {
      expect(reading(probe)).toBe('none');
    },
  );
});

describe('verb phrases in all their forms', () => {
  it('reads a "~verb" cue in its regular forms, and any other phrase as written', () => {
    expect(inflections('~widen')).toEqual(['widen', 'widens', 'widened', 'widening']);
    expect(inflections('~ask for views')).toEqual([
      'ask for views',
      'asks for views',
      'asked for views',
      'asking for views',
    ]);
    expect(inflections('~scale up')).toEqual(['scale up', 'scales up', 'scaled up', 'scaling up']);
    expect(inflections('~fund')).toEqual(['fund', 'funds', 'funded', 'funding']);
    expect(inflections('~apply')).toEqual(['apply', 'applies', 'applied', 'applying']);
    expect(inflections('rolled out')).toEqual(['rolled out']);
  });
});

describe('background recounted in a later story', () => {
  it('dates a sentence to the years it names when all are before the story, financial years by their end', () => {
    expect(recountsEarlier('The DfE launched the pilots in 2023 in seven areas.', '2025-06-10')).toBe('2023');
    expect(recountsEarlier('Funding rose in 2023 and again in 2025.', '2025-06-10')).toBeUndefined();
    expect(recountsEarlier('Councils will get £20m in 2024-25.', '2025-01-10')).toBeUndefined();
    expect(recountsEarlier('Councils got £20m in 2023-24.', '2025-01-10')).toBe('2024');
    expect(
      recountsEarlier('Universal Credit (Removal of Two Child Limit) Bill 2026-02-03', '2026-02-03'),
    ).toBeUndefined();
    expect(recountsEarlier('The Children Act 1989 duty was extended.', '2025-01-10')).toBeUndefined();
    expect(recountsEarlier('The DfE launched the pilots in 2023.', null)).toBeUndefined();
  });
});
