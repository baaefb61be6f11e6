import { z } from 'zod';
import { bundledFile } from '../paths.ts';
import {
  isoDate,
  PROGRESS,
  RESPONSES,
  type Axis,
  type ProgressValue,
  type ResponseValue,
} from '../tracker/recommendations-schema.ts';
import { loadYamlFile } from '../util/yaml-file.ts';

/** A value a story can move a recommendation to: the tracker's values less the "nothing yet" ones. */
export type DecisionValue =
  | { axis: 'response'; value: Exclude<ResponseValue, 'no-response'> }
  | { axis: 'progress'; value: Exclude<ProgressValue, 'not-started' | 'unable-to-rate'> };

const DECIDABLE = [
  ...RESPONSES.filter((v) => v !== 'no-response').map((v) => `response/${v}`),
  ...PROGRESS.filter((v) => v !== 'not-started' && v !== 'unable-to-rate').map((v) => `progress/${v}`),
];

const meaning = z
  .string()
  .refine((v) => v === 'none' || DECIDABLE.includes(v), { message: `must be none or one of: ${DECIDABLE.join(', ')}` });
const phrases = z.array(z.string().trim().min(2)).default([]);

const cue = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'must be kebab-case'),
    means: meaning,
    means_for_removal: meaning.optional(),
    actor: z.enum(['required', 'optional', 'any']),
    subject: z.enum(['actor', 'recipient']).default('actor'),
    /** Whether councils and other local bodies before the cue may be who receives it. */
    local: z.enum(['actor', 'recipient']).default('actor'),
    weak: z.boolean().default(false),
    /** "agrees to pilot": a cue that follows within the object window says what was agreed. */
    complement: z.boolean().default(false),
    /** A refusal ("rules out"): refusing a removal ("rules out scrapping") keeps the thing. */
    refusal: z.boolean().default(false),
    /** What a denied cue means: nothing, or, for a removal ("will not be scrapped"), keeping the thing. */
    when_denied: z.enum(['none', 'kept']).default('none'),
    /** What it means when what it removes is a barrier ("scraps the need for"). */
    barrier_means: meaning.optional(),
    /** The cues just after it are what it acts on ("scraps the pilot"), not readings of their own. */
    object: z.boolean().default(false),
    /** It says how far something has got: in the sentence of an action or an acceptance, it is the reading. */
    stage: z.boolean().default(false),
    /** A reporting verb ("confirms"): it counts only in a clause with no other cue. */
    reporting: z.boolean().default(false),
    /** It counts only in the headline. */
    headline_only: z.boolean().default(false),
    /** Its words also name government as the actor ("the Bill will require"). */
    acts_for_government: z.boolean().default(false),
    phrases: z.array(z.string().trim().min(1)).min(1),
  })
  .strict();

const decisionPhrasesObject = z
  .object({
    settings: z
      .object({
        review_published: isoDate,
        hedge_window: z.number().int().min(1).max(20),
        negation_window: z.number().int().min(1).max(10).default(3),
        object_window: z.number().int().min(1).max(10).default(4),
        body_sentences: z.number().int().min(0).max(20),
      })
      .strict(),
    clause_breaks: z.array(z.string().regex(/^[a-z]+$/, 'must be one lower-case word')).default([]),
    removal_recommendations: z.array(z.string()).default([]),
    neutral: phrases,
    government: phrases,
    parties: z
      .array(
        z
          .object({
            names: z.array(z.string().trim().min(2)).min(1),
            in_office: z.object({ from: isoDate, until: isoDate.optional() }).strict(),
          })
          .strict(),
      )
      .default([]),
    third_party: phrases,
    local_bodies: phrases,
    other_governments: phrases,
    commentary: phrases,
    hedges: z.object({ clause: phrases, forward: phrases }).strict(),
    negators: z.array(z.string().trim().min(2)).default([]),
    barriers: phrases,
    cues: z.array(cue).min(1),
  })
  .strict();

export const decisionPhrasesSchema = decisionPhrasesObject
  // Run even when other parts are invalid, so one pass reports every problem.
  .superRefine((file, ctx) => everyPhraseOnce(file, ctx), { when: () => true });

type PhrasesFile = z.input<typeof decisionPhrasesObject>;

/** One phrase, one meaning: a phrase listed twice would make its reading depend on list order. */
function everyPhraseOnce(file: PhrasesFile, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  const check = (list: unknown, where: Array<string | number>) => {
    (Array.isArray(list) ? list : []).forEach((phrase, index) => {
      if (typeof phrase !== 'string') return;
      const folded = phrase.replace(/^=/, '').toLowerCase();
      const owner = seen.get(folded);
      if (owner)
        ctx.addIssue({ code: 'custom', path: [...where, index], message: `"${phrase}" is also listed in ${owner}` });
      else seen.set(folded, where.join('.'));
    });
  };
  for (const group of [
    'neutral',
    'government',
    'third_party',
    'local_bodies',
    'other_governments',
    'commentary',
    'negators',
  ] as const)
    check(file[group], [group]);
  (Array.isArray(file.parties) ? file.parties : []).forEach((party, index) =>
    check(party?.names, ['parties', index, 'names']),
  );
  check(file.hedges?.clause, ['hedges', 'clause']);
  check(file.hedges?.forward, ['hedges', 'forward']);
  const names = new Set<string>();
  (Array.isArray(file.cues) ? file.cues : []).forEach((c, index) => {
    if (names.has(c?.name))
      ctx.addIssue({ code: 'custom', path: ['cues', index, 'name'], message: `duplicate cue name "${c.name}"` });
    names.add(c?.name);
    check(Array.isArray(c?.phrases) ? c.phrases.flatMap(inflections) : c?.phrases, ['cues', index, 'phrases']);
  });
}

/**
 * The forms of a verb phrase written "~verb …": the verb as written, with -s, -ed and -ing
 * ("~widen" is widen, widens, widened, widening; "~ask for views" also asked for views). Regular
 * endings only: an irregular form is listed as it is. Any other phrase is itself.
 */
export function inflections(phrase: string): string[] {
  if (!phrase.startsWith('~')) return [phrase];
  const [verb = '', ...rest] = phrase.slice(1).split(' ');
  const tail = rest.length > 0 ? ` ${rest.join(' ')}` : '';
  const consonantY = /[^aeiou]y$/.test(verb);
  const stem = verb.endsWith('e') ? verb.slice(0, -1) : verb;
  const forms = consonantY
    ? [verb, `${verb.slice(0, -1)}ies`, `${verb.slice(0, -1)}ied`, `${verb}ing`]
    : [verb, /(?:s|sh|ch|x)$/.test(verb) ? `${verb}es` : `${verb}s`, `${stem}ed`, `${stem}ing`];
  return [...new Set(forms)].map((form) => `${form}${tail}`);
}

/** Every phrase of a cue group, verb phrases in all their forms. */
export const cuePhrases = (group: CueGroup): string[] => [...new Set(group.phrases.flatMap(inflections))];

export type DecisionPhrases = z.infer<typeof decisionPhrasesSchema>;
export type CueGroup = DecisionPhrases['cues'][number];
export type Party = DecisionPhrases['parties'][number];

/** "response/rejected" → { axis: 'response', value: 'rejected' }; "none" → undefined. */
export function parseMeaning(text: string | undefined): DecisionValue | undefined {
  if (!text || text === 'none') return undefined;
  const [axis, value] = text.split('/') as [Axis, string];
  return { axis, value } as DecisionValue;
}

export function loadDecisionPhrases(file = bundledFile('data/decision-phrases.yaml')): DecisionPhrases {
  return loadYamlFile(file, decisionPhrasesSchema);
}
