import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import type { Classifier } from './classifier.ts';
import { THEMES, type Theme } from './themes.ts';

const labelledItem = z.object({
  source: z.string().optional(),
  title: z.string(),
  summary: z.string().nullable().optional(),
  themes: z.array(z.string()),
  recommendations: z.array(z.string()).default([]),
});

export type LabelledItem = z.infer<typeof labelledItem>;

export function readLabelledItems(file: string): LabelledItem[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const items: LabelledItem[] = [];
  const problems: string[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const parsed = labelledItem.safeParse(JSON.parse(line));
      if (parsed.success) items.push(parsed.data);
      else
        problems.push(
          `${file}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
    } catch (error) {
      problems.push(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
    }
  });
  if (problems.length > 0) throw new ConfigError(problems.slice(0, 20), `Cannot read labelled items from ${file}`);
  return items;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Mistake {
  source?: string;
  title: string;
  expected: string[];
  got: string[];
  expectedRecommendations: string[];
  gotRecommendations: string[];
  /** Themes and recommendations wrongly added or missed; the worst mistakes come first. */
  errors: number;
  /** Off-topic but tagged: what members notice most. */
  offTopicTagged: boolean;
}

/** Figures for the items of one source (`other:*` sites counted together as `other`). */
export interface SourceFigures {
  items: number;
  offTopicItems: number;
  themeMicroF1: number;
  recommendationMicroF1: number;
  offTopicFalsePositiveRate: number;
}

export interface EvalReport {
  items: number;
  offTopicItems: number;
  themeMicroF1: number;
  themeMacroF1: number;
  recommendationMicroF1: number;
  recommendationPrecision: number;
  recommendationRecall: number;
  offTopicFalsePositiveRate: number;
  itemsPerSecond: number;
  perTheme: Record<string, Scores>;
  perSource: Record<string, SourceFigures>;
  /** Items whose predicted themes or recommendations differ from the labels, worst first, for tuning. */
  mistakes: Mistake[];
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function scores({ tp, fp, fn }: Counts): Scores {
  const precision = tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp);
  const recall = tp + fn === 0 ? (fp === 0 ? 1 : 0) : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1), support: tp + fn };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** Adds to the counts; returns how many keys were wrong (added or missed). */
function count(counts: Counts, expected: Set<string>, got: Set<string>): number {
  let wrong = 0;
  for (const key of got) {
    if (expected.has(key)) counts.tp++;
    else {
      counts.fp++;
      wrong++;
    }
  }
  for (const key of expected) {
    if (!got.has(key)) {
      counts.fn++;
      wrong++;
    }
  }
  return wrong;
}

const sourceGroup = (source: string | undefined) =>
  !source ? 'unknown' : source.startsWith('other:') ? 'other' : source;

interface SourceCounts {
  items: number;
  offTopic: number;
  offTopicTagged: number;
  themes: Counts;
  recs: Counts;
}

/** Throughput on one core: classifies the items repeatedly for at least `minMs`. */
export function measureThroughput(
  classifier: Classifier,
  items: Array<{ title: string; summary?: string | null }>,
  minMs = 1_000,
): number {
  if (items.length === 0) return 0;
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const item of items) classifier.classify({ title: item.title, summary: item.summary ?? '' });
    done += items.length;
  }
  return Math.round(done / ((performance.now() - start) / 1000));
}

export function evaluate(
  classifier: Classifier,
  items: LabelledItem[],
  options: { throughputMs?: number } = {},
): EvalReport {
  const perTheme = new Map<Theme, Counts>(THEMES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const micro: Counts = { tp: 0, fp: 0, fn: 0 };
  const recs: Counts = { tp: 0, fp: 0, fn: 0 };
  let offTopic = 0;
  let offTopicTagged = 0;
  const mistakes: Mistake[] = [];
  const bySource = new Map<string, SourceCounts>();

  for (const item of items) {
    const result = classifier.classify({ title: item.title, summary: item.summary ?? '' });
    const expected = new Set(item.themes);
    const got = new Set<string>(result.themes.map((t) => t.key));
    for (const theme of THEMES)
      count(
        perTheme.get(theme)!,
        expected.has(theme) ? new Set([theme]) : new Set(),
        got.has(theme) ? new Set([theme]) : new Set(),
      );
    const expectedRecs = new Set(item.recommendations);
    const gotRecs = new Set(result.recommendations.map((r) => r.key));
    const group = sourceGroup(item.source);
    let source = bySource.get(group);
    if (!source)
      bySource.set(
        group,
        (source = {
          items: 0,
          offTopic: 0,
          offTopicTagged: 0,
          themes: { tp: 0, fp: 0, fn: 0 },
          recs: { tp: 0, fp: 0, fn: 0 },
        }),
      );
    source.items++;
    count(source.themes, expected, got);
    count(source.recs, expectedRecs, gotRecs);
    const errors = count(micro, expected, got) + count(recs, expectedRecs, gotRecs);
    const taggedOffTopic = expected.size === 0 && got.size > 0;
    if (expected.size === 0) {
      offTopic++;
      source.offTopic++;
      if (taggedOffTopic) {
        offTopicTagged++;
        source.offTopicTagged++;
      }
    }
    if (errors > 0) {
      mistakes.push({
        ...(item.source ? { source: item.source } : {}),
        title: item.title,
        expected: [...expected],
        got: [...got],
        expectedRecommendations: [...expectedRecs],
        gotRecommendations: [...gotRecs],
        errors,
        offTopicTagged: taggedOffTopic,
      });
    }
  }
  mistakes.sort((a, b) => Number(b.offTopicTagged) - Number(a.offTopicTagged) || b.errors - a.errors);

  const themeScores = Object.fromEntries([...perTheme.entries()].map(([theme, c]) => [theme, scores(c)]));
  const present = [...perTheme.entries()]
    .filter(([, c]) => c.tp + c.fn + c.fp > 0)
    .map(([theme]) => themeScores[theme]!.f1);
  const recScores = scores(recs);
  return {
    items: items.length,
    offTopicItems: offTopic,
    themeMicroF1: scores(micro).f1,
    themeMacroF1: round(present.reduce((a, b) => a + b, 0) / Math.max(1, present.length)),
    recommendationMicroF1: recScores.f1,
    recommendationPrecision: recScores.precision,
    recommendationRecall: recScores.recall,
    offTopicFalsePositiveRate: round(offTopic === 0 ? 0 : offTopicTagged / offTopic),
    itemsPerSecond: measureThroughput(classifier, items, options.throughputMs ?? 1_000),
    perTheme: themeScores,
    perSource: Object.fromEntries(
      [...bySource.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([group, c]) => [
          group,
          {
            items: c.items,
            offTopicItems: c.offTopic,
            themeMicroF1: scores(c.themes).f1,
            recommendationMicroF1: scores(c.recs).f1,
            offTopicFalsePositiveRate: round(c.offTopic === 0 ? 0 : c.offTopicTagged / c.offTopic),
          },
        ]),
    ),
    mistakes,
  };
}
