import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { parseMeaning, type DecisionValue } from './decision-phrases.ts';
import { PROGRESS, RESPONSES } from '../tracker/recommendations-schema.ts';

const labelledLine = z
  .object({
    title: z.string().min(1),
    summary: z.string().nullable().optional(),
    url: z.string().min(1),
    published: z.string().nullable().optional(),
    key: z.string().min(1).nullable(),
    axis: z.enum(['response', 'progress']).nullable(),
    value: z.string().nullable(),
    label_note: z.string().nullable().optional(),
  })
  .superRefine((line, ctx) => {
    const nulls = [line.key, line.axis, line.value].filter((v) => v === null).length;
    if (nulls !== 0 && nulls !== 3)
      ctx.addIssue({ code: 'custom', message: 'key, axis and value must all be set, or all be null (no decision)' });
    if (line.axis === 'response' && line.value !== null && !(RESPONSES as readonly string[]).includes(line.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: `"${line.value}" is not a response` });
    if (line.axis === 'progress' && line.value !== null && !(PROGRESS as readonly string[]).includes(line.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: `"${line.value}" is not a progress value` });
  });

export type LabelledDecision = DecisionValue & { key: string };

/** One story with every decision it was labelled with (none for a story that reports no decision). */
export interface LabelledStory {
  title: string;
  summary: string;
  url: string;
  published: string | null;
  /** An official item (GOV.UK, a written statement or answer, legislation): its label note says so. */
  official: boolean;
  decisions: LabelledDecision[];
}

/** Reads labelled decision lines (JSON lines) from files and groups them by story URL. */
export function readLabelledStories(files: string[]): LabelledStory[] {
  const byUrl = new Map<string, LabelledStory>();
  const problems: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(
        [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`],
        'Cannot read labelled decisions',
      );
    }
    text.split('\n').forEach((raw, index) => {
      if (!raw.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (error) {
        problems.push(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
        return;
      }
      const parsed = labelledLine.safeParse(json);
      if (!parsed.success) {
        problems.push(
          `${file}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`,
        );
        return;
      }
      const line = parsed.data;
      let story = byUrl.get(line.url);
      if (!story)
        byUrl.set(
          line.url,
          (story = {
            title: line.title,
            summary: line.summary ?? '',
            url: line.url,
            published: line.published ?? null,
            official: /^official\b/i.test(line.label_note ?? ''),
            decisions: [],
          }),
        );
      if (line.key !== null) story.decisions.push({ key: line.key, ...parseMeaning(`${line.axis}/${line.value}`)! });
    });
  }
  if (problems.length > 0) throw new ConfigError(problems.slice(0, 20), 'Cannot read labelled decisions');
  return [...byUrl.values()];
}
