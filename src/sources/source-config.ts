import { z } from 'zod';
import { truncate } from '../util/format.ts';
import { loadYamlFile, type DescribePath } from '../util/yaml-file.ts';

// Each message follows the name of the field it is about: `enabled must be true or false (got "yes")`.

/** A wrong value as a message shows it: `"yes"`, `12`, `nothing`, `a list`. */
function shown(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(truncate(input, 80));
  if (input === null || input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint') return String(input);
  return typeof input;
}

/** The message of a field that must be `what`: "is missing" when absent, else what it got. */
const mustBe =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is missing' : `must be ${what} (got ${shown(issue.input)})`;

const text = () => z.string({ error: mustBe('text') }).min(1, 'must not be empty');
const httpUrl = z.url({ protocol: /^https?$/, error: mustBe('an http(s) URL') });

const htmlSelectors = z
  .object(
    {
      item: text(),
      title: text(),
      link: text(),
      date: text().optional(),
      summary: text().optional(),
    },
    { error: mustBe('a mapping of item, title and link') },
  )
  .strict();

const baseSource = z.object({
  id: z
    .string({ error: mustBe('text') })
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: mustBe('lower-case letters, digits and dashes') }),
  name: text(),
  url: httpUrl,
  enabled: z.boolean({ error: mustBe('true or false') }).default(true),
});

const KINDS = ['rss', 'html'] as const;

export const sourceSchema = z.discriminatedUnion(
  'kind',
  [
    // commentsFeed: the site-wide comment feed (WordPress: /comments/feed/), read with each poll.
    baseSource.extend({ kind: z.literal('rss'), commentsFeed: httpUrl.optional() }).strict(),
    // Selectors are the last resort: a page's advertised feed and its article data come first (poll-html.ts).
    baseSource.extend({ kind: z.literal('html'), selectors: htmlSelectors.optional() }).strict(),
  ],
  {
    error: (issue) => {
      // An entry that is not a mapping at all, or one whose kind matches no kind of source.
      const code: string = issue.code;
      if (code === 'invalid_type') return mustBe('a mapping with id, name, kind and url')(issue);
      if (code !== 'invalid_union') return undefined;
      const kind = (issue.input as { kind?: unknown } | undefined)?.kind;
      return kind === undefined
        ? `is missing (${KINDS.join(' or ')})`
        : `must be ${KINDS.join(' or ')} (got ${shown(kind)})`;
    },
  },
);

/**
 * A source of no known kind, checked for everything else it could get wrong: its other fields, and
 * keys that no kind of source has.
 */
const sourceOfUnknownKind = baseSource
  .extend({ kind: z.unknown().optional(), commentsFeed: z.unknown().optional(), selectors: z.unknown().optional() })
  .strict();

const sourceList = z
  .array(sourceSchema, { error: 'must be a list of sources, each starting with "- "' })
  .min(1, 'list at least one source');

export const sourcesFileSchema = z
  .object(
    { sources: sourceList },
    { error: (issue) => (issue.code === 'invalid_type' ? 'must be a mapping with a "sources:" list' : undefined) },
  )
  .strict()
  .superRefine(
    (file, ctx) => {
      // This check runs on input that failed other checks too: `file` and its sources may be anything.
      const sources: unknown = (file as { sources?: unknown } | null)?.sources;
      if (!Array.isArray(sources)) return;
      const seen = new Set<string>();
      sources.forEach((source: unknown, index) => {
        if (typeof source !== 'object' || source === null) return;
        const { id, kind } = source as { id?: unknown; kind?: unknown };
        if (typeof id === 'string' && seen.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['sources', index, 'id'],
            message: "is the same as an earlier source's",
          });
        if (typeof id === 'string') seen.add(id);
        // A wrong kind hides the rest of the entry from the union: check the rest on its own.
        if (!(KINDS as readonly unknown[]).includes(kind)) {
          for (const issue of sourceOfUnknownKind.safeParse(source).error?.issues ?? [])
            ctx.addIssue({ ...issue, path: ['sources', index, ...issue.path] });
        }
      });
    },
    // Run even when a source is invalid in other ways, so one pass reports every problem.
    { when: () => true },
  );

/** A problem inside a source names the source by its id (or its place in the list), then the field. */
const describeSourcePath: DescribePath = (path, input) => {
  const [top, index, ...field] = path;
  if (top !== 'sources' || typeof index !== 'number') return { who: path.map(String).join('.'), field: '' };
  const id: unknown = (input as { sources?: Array<{ id?: unknown } | null> } | null)?.sources?.[index]?.id;
  const who =
    typeof id === 'string' && id !== '' ? `source ${JSON.stringify(truncate(id, 60))}` : `source ${index + 1}`;
  return { who, field: field.map(String).join('.') };
};

export type Source = z.infer<typeof sourceSchema>;
export type HtmlSource = Extract<Source, { kind: 'html' }>;
export type HtmlSelectors = z.infer<typeof htmlSelectors>;

/** The sources of a sources file; `setting` names where it was set (`SOURCES_FILE`), for its messages. */
export function loadSources(file: string, setting?: string): Source[] {
  return loadYamlFile(file, sourcesFileSchema, { describePath: describeSourcePath, setting }).sources;
}
