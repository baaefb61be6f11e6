import { z } from 'zod';
import { bundledFile } from '../paths.ts';
import { loadYamlFile } from '../util/yaml-file.ts';
import { THEMES } from './themes.ts';

const phrases = z.array(z.string().min(2)).default([]);

const weighted = z.object({ strong: phrases, medium: phrases, weak: phrases }).strict();

const themeSignals = weighted
  .extend({
    description: z.string().min(1),
    /** Words other services use too (pay offer, funding, out-of-area placements): they count only in a story the context gate lets in. */
    shared: weighted.default({ strong: [], medium: [], weak: [] }),
    /** Who a story is about rather than what (children in care): weigh as medium, and count only for the leading theme. */
    framing: phrases,
  })
  .strict();

const domainName = z.string().regex(/^[a-z]+(-[a-z]+)*$/, 'must be lower-case words joined by dashes');

export const taxonomySchema = z
  .object({
    settings: z
      .object({
        field_weights: z
          .object({ title: z.number().positive(), summary: z.number().positive(), body: z.number().min(0) })
          .strict(),
        theme_threshold: z.number().positive(),
        keep_ratio: z.number().min(0).max(1),
        secondary_threshold: z.number().positive(),
        recommendation_threshold: z.number().positive(),
        context_themes: z.array(z.enum(THEMES)).default([]),
      })
      .strict(),
    blockers: phrases,
    context: z
      .object({
        care_system: phrases,
        children: phrases,
        near_domains: z.record(domainName, phrases),
      })
      .strict(),
    themes: z.record(z.enum(THEMES), themeSignals),
  })
  .strict()
  .superRefine((taxonomy, ctx) => {
    for (const theme of THEMES) {
      if (!taxonomy.themes[theme])
        ctx.addIssue({ code: 'custom', path: ['themes'], message: `theme "${theme}" is missing` });
    }
  });

export type Taxonomy = z.infer<typeof taxonomySchema>;
export type ThemeSignals = z.infer<typeof themeSignals>;
export const WEIGHTS = { strong: 3, medium: 2, weak: 1 } as const;
export const STRENGTHS = ['strong', 'medium', 'weak'] as const;

export function loadTaxonomy(file = bundledFile('data/taxonomy.yaml')): Taxonomy {
  return loadYamlFile(file, taxonomySchema);
}
