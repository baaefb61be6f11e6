import { z } from 'zod';
import { bundledFile } from '../paths.ts';
import { loadYamlFile } from '../util/yaml-file.ts';
import { THEMES } from './themes.ts';

const phrases = z.array(z.string().min(2)).default([]);

const themeSignals = z
  .object({
    description: z.string().min(1),
    strong: phrases,
    medium: phrases,
    weak: phrases,
  })
  .strict();

export const taxonomySchema = z
  .object({
    settings: z
      .object({
        field_weights: z.object({ title: z.number().positive(), summary: z.number().positive(), body: z.number().min(0) }).strict(),
        theme_threshold: z.number().positive(),
        keep_ratio: z.number().min(0).max(1),
        recommendation_threshold: z.number().positive(),
        adult_only_factor: z.number().min(0).max(1),
        context_themes: z.array(z.enum(THEMES)).default([]),
      })
      .strict(),
    blockers: phrases,
    context: z.object({ adult: phrases, children: phrases }).strict(),
    themes: z.record(z.enum(THEMES), themeSignals),
  })
  .strict()
  .superRefine((taxonomy, ctx) => {
    for (const theme of THEMES) {
      if (!taxonomy.themes[theme]) ctx.addIssue({ code: 'custom', path: ['themes'], message: `theme "${theme}" is missing` });
    }
  });

export type Taxonomy = z.infer<typeof taxonomySchema>;
export type ThemeSignals = z.infer<typeof themeSignals>;
export const WEIGHTS = { strong: 3, medium: 2, weak: 1 } as const;

export function loadTaxonomy(file = bundledFile('data/taxonomy.yaml')): Taxonomy {
  return loadYamlFile(file, taxonomySchema);
}
