import { z } from 'zod';
import { aliasProblem } from '../classify/alias-parts.ts';
import { THEMES } from '../classify/themes.ts';
import { bundledFile } from '../paths.ts';
import { loadYamlFile } from '../util/yaml-file.ts';

export const RESPONSES = ['no-response', 'under-consideration', 'accepted', 'accepted-in-principle', 'accepted-in-part', 'not-taken-forward', 'rejected'] as const;
export const PROGRESS = ['not-started', 'planned', 'piloting', 'in-progress', 'legislated', 'implemented', 'unable-to-rate'] as const;
export const STANCES = ['support', 'oppose', 'mixed'] as const;

export type ResponseValue = (typeof RESPONSES)[number];
export type ProgressValue = (typeof PROGRESS)[number];
export type Axis = 'response' | 'progress';

/** YYYY, YYYY-MM or YYYY-MM-DD, and a real calendar date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be an ISO date: YYYY-MM-DD, YYYY-MM or YYYY')
  .refine((value) => value.length < 10 || new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { message: 'is not a real calendar date' });

export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

const source = z.object({ title: z.string().min(1), url: httpUrl }).strict();

const timelineEntry = z.discriminatedUnion('axis', [
  z.object({ date: isoDate, axis: z.literal('response'), value: z.enum(RESPONSES), summary: z.string().min(1), source }).strict(),
  z.object({ date: isoDate, axis: z.literal('progress'), value: z.enum(PROGRESS), summary: z.string().min(1), source }).strict(),
]);

const sectorResponse = z.object({ org: z.string().min(1), stance: z.enum(STANCES), date: isoDate, summary: z.string().min(1), source }).strict();

const recommendation = z
  .object({
    key: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
    title: z.string().min(1).max(200),
    theme: z.enum(THEMES),
    aliases: z.array(z.string().min(2).superRefine((alias, ctx) => {
      const problem = aliasProblem(alias);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })).min(1),
    proposed: z.string().min(1),
    review_ref: z.string().min(1),
    confidence: z.enum(['high', 'medium', 'low']),
    note: z.string().optional(),
    timeline: z.array(timelineEntry).min(1, 'needs at least one dated, sourced entry'),
    responses: z.array(sectorResponse).default([]),
  })
  .strict();

export const recommendationsFileSchema = z
  .object({ recommendations: z.array(recommendation).min(1) })
  .strict()
  .superRefine(
    (file, ctx) => {
    const keys = new Map<string, number>();
    const aliases = new Map<string, string>();
    (file.recommendations ?? []).forEach((rec, index) => {
      if (typeof rec?.key !== 'string') return;
      if (keys.has(rec.key)) ctx.addIssue({ code: 'custom', path: ['recommendations', index, 'key'], message: `duplicate key "${rec.key}"` });
      keys.set(rec.key, index);
      (Array.isArray(rec.aliases) ? rec.aliases : []).forEach((alias, aliasIndex) => {
        if (typeof alias !== 'string') return;
        const folded = alias.toLowerCase();
        const owner = aliases.get(folded);
        if (owner && owner !== rec.key) {
          ctx.addIssue({ code: 'custom', path: ['recommendations', index, 'aliases', aliasIndex], message: `alias "${alias}" is also an alias of ${owner}` });
        }
        aliases.set(folded, rec.key);
      });
    });
    },
    // Run even when entries are invalid in other ways, so one pass reports every problem.
    { when: () => true },
  );

export type Recommendation = z.infer<typeof recommendation>;
export type TimelineEntry = z.infer<typeof timelineEntry>;
export type SectorResponse = z.infer<typeof sectorResponse>;

export function loadRecommendations(file = bundledFile('data/recommendations.yaml')): Recommendation[] {
  return loadYamlFile(file, recommendationsFileSchema).recommendations;
}
