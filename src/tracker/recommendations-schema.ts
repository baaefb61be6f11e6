import { z } from 'zod';
import { aliasProblem } from '../classify/alias-parts.ts';
import { THEMES } from '../classify/themes.ts';
import { bundledFile } from '../paths.ts';
import { loadYamlFile } from '../util/yaml-file.ts';

export const RESPONSES = [
  'no-response',
  'under-consideration',
  'accepted',
  'accepted-in-principle',
  'accepted-in-part',
  'not-taken-forward',
  'rejected',
] as const;
export const PROGRESS = [
  'not-started',
  'planned',
  'piloting',
  'in-progress',
  'legislated',
  'implemented',
  'unable-to-rate',
] as const;
export const STANCES = ['support', 'oppose', 'mixed'] as const;
export const CONFIDENCE = ['high', 'medium', 'low'] as const;

export type ResponseValue = (typeof RESPONSES)[number];
export type ProgressValue = (typeof PROGRESS)[number];
export type Axis = 'response' | 'progress';
export type Confidence = (typeof CONFIDENCE)[number];

/** YYYY, YYYY-MM or YYYY-MM-DD, and a real calendar date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be an ISO date: YYYY-MM-DD, YYYY-MM or YYYY')
  .refine((value) => value.length < 10 || new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'is not a real calendar date',
  });

export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/**
 * A source as cited. `url` is the publisher's own address wherever it is known. `mirror_only` says that `url` is a
 * copy of the piece on another site (a re-publisher) because the original's address is not known; `mirror` keeps
 * such a copy's address beside a known original.
 */
export const sourceSchema = z
  .object({
    title: z.string().min(1),
    url: httpUrl,
    mirror_only: z.literal(true).optional(),
    mirror: httpUrl.optional(),
  })
  .strict()
  .refine((source) => !(source.mirror_only && source.mirror), {
    message: 'a mirror-only source has no separate mirror address',
    path: ['mirror'],
  });

/** Who recorded something in Discord and when; `id` ties a store record to the entry exported from it. */
export const recordedSchema = z
  .object({
    by: z.string().min(1),
    by_id: z.string().min(1),
    at: z.iso.datetime(),
    id: z.string().min(1),
    from_proposal: z.string().min(1).optional(),
  })
  .strict();

const entryFields = {
  date: isoDate,
  summary: z.string().min(1),
  source: sourceSchema,
  /** How sure the source makes us of this event, when less than plain. */
  confidence: z.enum(CONFIDENCE).optional(),
  /** A caveat about this event: an inferred date, a summary site rather than the record. */
  note: z.string().min(1).optional(),
  recorded: recordedSchema.optional(),
};

/** Marks earlier entries on the same axis with this date and value as corrected by this one. */
const corrects = <V extends readonly [string, ...string[]]>(values: V) =>
  z
    .object({ date: isoDate, value: z.enum(values) })
    .strict()
    .optional();

const timelineEntry = z.discriminatedUnion('axis', [
  z
    .object({ ...entryFields, axis: z.literal('response'), value: z.enum(RESPONSES), corrects: corrects(RESPONSES) })
    .strict(),
  z
    .object({ ...entryFields, axis: z.literal('progress'), value: z.enum(PROGRESS), corrects: corrects(PROGRESS) })
    .strict(),
]);

const sectorResponse = z
  .object({
    org: z.string().min(1),
    stance: z.enum(STANCES),
    date: isoDate,
    summary: z.string().min(1),
    source: sourceSchema,
  })
  .strict();

/** A government-side item whose source shows no date: kept beside the timeline, never in it. */
const undatedItem = z.object({ summary: z.string().min(1), source: sourceSchema }).strict();

export const recommendationSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
    title: z.string().min(1).max(200),
    theme: z.enum(THEMES),
    aliases: z
      .array(
        z
          .string()
          .min(2)
          .superRefine((alias, ctx) => {
            const problem = aliasProblem(alias);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
      )
      .min(1),
    proposed: z.string().min(1),
    review_ref: z.string().min(1),
    confidence: z.enum(CONFIDENCE),
    note: z.string().optional(),
    timeline: z.array(timelineEntry).min(1, 'needs at least one dated, sourced entry'),
    responses: z.array(sectorResponse).default([]),
    /** How sure the sources make us that the review itself made this recommendation. */
    review_confidence: z.enum(CONFIDENCE).optional(),
    review_confidence_note: z.string().min(1).optional(),
    /** Sources that show the review made it. */
    review_sources: z.array(sourceSchema).optional(),
    /** Whose idea it mainly is, when not (only) the review's. */
    attribution: z.string().min(1).optional(),
    undated: z.array(undatedItem).optional(),
    /** Set when a moderator added the recommendation in Discord (and it was then merged into the file). */
    added: recordedSchema.optional(),
  })
  .strict()
  .superRefine((rec, ctx) => {
    (rec.timeline ?? []).forEach((entry, index) => {
      if (!entry?.corrects) return;
      const target = entry.corrects;
      const found = rec.timeline
        .slice(0, index)
        .some((e) => e.axis === entry.axis && e.date === target.date && e.value === target.value);
      if (!found)
        ctx.addIssue({
          code: 'custom',
          path: ['timeline', index, 'corrects'],
          message: `corrects no earlier ${entry.axis} entry dated ${target.date} with value ${target.value}`,
        });
    });
  });

export const recommendationsFileSchema = z
  .object({
    /** When the sources for every entry were last searched. */
    sources_checked: isoDate.optional(),
    /** How many recommendations the review made, as near as sources agree: 80, or '80+' for "over 80". */
    review_total: z
      .union([
        z.number().int().positive(),
        z.string().regex(/^[1-9]\d*\+$/, 'must be a whole number, or one followed by +'),
      ])
      .optional(),
    /** What each source says the total was. */
    review_total_sources: z.array(sourceSchema).optional(),
    /** Ideas seen in sources but not established as recommendations of the review: recorded, not tracked. */
    unconfirmed: z
      .array(z.object({ idea: z.string().min(1), why_not: z.string().min(1), sources: z.array(sourceSchema) }).strict())
      .optional(),
    recommendations: z.array(recommendationSchema).min(1),
  })
  .strict()
  .superRefine(
    (file, ctx) => {
      const keys = new Map<string, number>();
      const aliases = new Map<string, string>();
      (file.recommendations ?? []).forEach((rec, index) => {
        if (typeof rec?.key !== 'string') return;
        if (keys.has(rec.key))
          ctx.addIssue({
            code: 'custom',
            path: ['recommendations', index, 'key'],
            message: `duplicate key "${rec.key}"`,
          });
        keys.set(rec.key, index);
        (Array.isArray(rec.aliases) ? rec.aliases : []).forEach((alias, aliasIndex) => {
          if (typeof alias !== 'string') return;
          const folded = alias.toLowerCase();
          const owner = aliases.get(folded);
          if (owner && owner !== rec.key) {
            ctx.addIssue({
              code: 'custom',
              path: ['recommendations', index, 'aliases', aliasIndex],
              message: `alias "${alias}" is also an alias of ${owner}`,
            });
          }
          aliases.set(folded, rec.key);
        });
      });
    },
    // Run even when entries are invalid in other ways, so one pass reports every problem.
    { when: () => true },
  );

export type Recommendation = z.infer<typeof recommendationSchema>;
export type TimelineEntry = z.infer<typeof timelineEntry>;
export type SectorResponse = z.infer<typeof sectorResponse>;
export type Recorded = z.infer<typeof recordedSchema>;

/** The data file as the tracker needs it: the entries, and what is known about their coverage. */
export interface RecommendationsData {
  recommendations: Recommendation[];
  sourcesChecked?: string;
  /** "80" or "80+" (more than 80). */
  reviewTotal?: string;
}

export const RECOMMENDATIONS_FILE = bundledFile('data/recommendations.yaml');

export function loadRecommendationsData(file = RECOMMENDATIONS_FILE): RecommendationsData {
  const parsed = loadYamlFile(file, recommendationsFileSchema);
  return {
    recommendations: parsed.recommendations,
    sourcesChecked: parsed.sources_checked,
    reviewTotal: parsed.review_total === undefined ? undefined : String(parsed.review_total),
  };
}

export function loadRecommendations(file = RECOMMENDATIONS_FILE): Recommendation[] {
  return loadRecommendationsData(file).recommendations;
}
