import { z } from 'zod';
import { loadYamlFile } from '../util/yaml-file.ts';

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

const htmlSelectors = z.object({
  item: z.string().min(1),
  title: z.string().min(1),
  link: z.string().min(1),
  date: z.string().min(1).optional(),
  summary: z.string().min(1).optional(),
});

const baseSource = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  name: z.string().min(1),
  url: httpUrl,
  enabled: z.boolean().default(true),
});

export const sourceSchema = z.discriminatedUnion('kind', [
  // commentsFeed: the site-wide comment feed (WordPress: /comments/feed/), read with each poll.
  baseSource.extend({ kind: z.literal('rss'), commentsFeed: httpUrl.optional() }).strict(),
  // Selectors are the last resort: a page's advertised feed and its article data come first (poll-html.ts).
  baseSource.extend({ kind: z.literal('html'), selectors: htmlSelectors.optional() }).strict(),
]);

const sourceList = z
  .array(sourceSchema, { error: 'must be a list of sources, each starting with "- "' })
  .min(1, 'list at least one source');

export const sourcesFileSchema = z
  .object({ sources: sourceList }, { error: 'must be a mapping with a "sources:" list' })
  .strict()
  .superRefine(
    (file, ctx) => {
      // This check runs on input that failed other checks too: `file` and its sources may be anything.
      const sources: unknown = (file as { sources?: unknown } | null)?.sources;
      if (!Array.isArray(sources)) return;
      const seen = new Set<string>();
      sources.forEach((source, index) => {
        const id = (source as { id?: unknown })?.id;
        if (typeof id !== 'string') return;
        if (seen.has(id))
          ctx.addIssue({ code: 'custom', path: ['sources', index, 'id'], message: `duplicate source id "${id}"` });
        seen.add(id);
      });
    },
    // Run even when a source is invalid in other ways, so one pass reports every problem.
    { when: () => true },
  );

export type Source = z.infer<typeof sourceSchema>;
export type HtmlSource = Extract<Source, { kind: 'html' }>;
export type HtmlSelectors = z.infer<typeof htmlSelectors>;

/** The sources of a sources file; `setting` names where it was set (`SOURCES_FILE`), for its messages. */
export function loadSources(file: string, setting?: string): Source[] {
  return loadYamlFile(file, sourcesFileSchema, { setting }).sources;
}
