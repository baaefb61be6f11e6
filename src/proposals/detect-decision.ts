import type { Field } from '../classify/classifier.ts';
import { aliasParts } from '../classify/alias-parts.ts';
import { PhraseMatcher } from '../classify/phrase-matcher.ts';
import { ConfigError } from '../errors.ts';
import type { Recommendation } from '../tracker/recommendations-schema.ts';
import { dayOf } from '../util/time-zone.ts';
import { firstSentences, splitClauses, type Clause } from './clauses.ts';
import { parseMeaning, type CueGroup, type DecisionPhrases, type DecisionValue } from './decision-phrases.ts';

/** A story as the detector reads it. */
export interface DecisionStory {
  title: string;
  summary?: string | null;
  body?: string | null;
  /** ISO date (or time) the story was published, when known. */
  published?: string | null;
}

export interface DecisionEvidence {
  /** The words as they appeared in the story. */
  phrase: string;
  field: Field;
  /** The sentence they are in, for a reader to judge. */
  sentence: string;
}

/** A story's report of what government decided or did on one recommendation. */
export type Decision = DecisionValue & { key: string; evidence: DecisionEvidence };

type Entry =
  | {
      kind:
        'neutral' | 'government' | 'third-party' | 'other-government' | 'commentary' | 'clause-hedge' | 'forward-hedge';
    }
  | { kind: 'cue'; group: CueGroup; exact?: string };

interface Hit {
  start: number;
  end: number;
  text: string;
  entry: Entry;
}

interface Mention {
  start: number;
  end: number;
  keys: string[];
}

/** One part of a recommendation's alias; an alias joined with " + " has several, all needed in one sentence. */
interface AliasPart {
  key: string;
  alias: number;
  part: number;
  parts: number;
}

interface ReadClause extends Clause {
  hits: Hit[];
  /** Where the clause names recommendations by their aliases. */
  mentions: Mention[];
}

interface ReadField {
  field: Field;
  text: string;
  clauses: ReadClause[];
  /** Character offset of each word, to count words between two places. */
  wordStarts: number[];
}

type ActorHit = Hit & { entry: { kind: 'government' | 'third-party' } };
const isActor = (hit: Hit): hit is ActorHit => hit.entry.kind === 'government' || hit.entry.kind === 'third-party';

const QUALIFIED = new Set(['response/accepted-in-principle', 'response/accepted-in-part']);
const cueMeaning = (hit: Hit) => (hit.entry.kind === 'cue' ? hit.entry.group.means : '');

const WORD = /[\p{L}\p{N}£$%]+(?:['.,][\p{L}\p{N}]+)*/gu;
const QUESTION = /\?["'’”]?\s*$/;

function wordIndex(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Decides whether a story reports a decision or action by government on a recommendation it is
 * tagged with, and which, from the wording rules in data/decision-phrases.yaml. Pure and in-process:
 * the same story and tags always give the same answer, with the words that earned it.
 */
export class DecisionDetector {
  private readonly lexicon: PhraseMatcher<Entry>;
  private readonly aliases: PhraseMatcher<AliasPart>;
  private readonly removals: Set<string>;

  constructor(
    private readonly phrases: DecisionPhrases,
    recommendations: Recommendation[],
  ) {
    const entries: Array<{ phrase: string; target: Entry }> = [];
    const add = (list: string[], kind: Exclude<Entry['kind'], 'cue'>) => {
      for (const phrase of list) entries.push({ phrase, target: { kind } });
    };
    add(phrases.neutral, 'neutral');
    add(phrases.government, 'government');
    add(phrases.third_party, 'third-party');
    add(phrases.other_governments, 'other-government');
    add(phrases.commentary, 'commentary');
    add(phrases.hedges.clause, 'clause-hedge');
    add(phrases.hedges.forward, 'forward-hedge');
    for (const group of phrases.cues) {
      for (const phrase of group.phrases) {
        const exact = phrase.startsWith('=') ? phrase.slice(1) : undefined;
        entries.push({
          phrase: exact ?? phrase,
          target: { kind: 'cue', group, ...(exact ? { exact: exact.toLowerCase() } : {}) },
        });
      }
    }
    this.lexicon = new PhraseMatcher(entries);
    let alias = 0;
    this.aliases = new PhraseMatcher(
      recommendations.flatMap((r) =>
        r.aliases.flatMap((phrase) => {
          const parts = aliasParts(phrase);
          alias++;
          return parts.map((part, index) => ({
            phrase: part,
            target: { key: r.key, alias, part: index, parts: parts.length },
          }));
        }),
      ),
    );
    const known = new Set(recommendations.map((r) => r.key));
    const unknown = phrases.removal_recommendations.filter((key) => !known.has(key));
    if (unknown.length > 0)
      throw new ConfigError(
        unknown.map((key) => `removal_recommendations: "${key}" is not a recommendation key`),
        'Invalid decision phrases',
      );
    this.removals = new Set(phrases.removal_recommendations);
  }

  /** At most one decision per tagged recommendation key; none when the story reports none. */
  detect(story: DecisionStory, keys: readonly string[]): Decision[] {
    if (keys.length === 0) return [];
    const { settings } = this.phrases;
    if (story.published && dayOf(story.published) < settings.review_published) return [];
    const title = this.read('title', story.title ?? '');
    const summary = this.read('summary', story.summary ?? '');
    if (this.has(title, 'commentary')) return [];
    if (this.has(title, 'other-government') || this.has(summary, 'other-government')) return [];
    const fields = [
      QUESTION.test(story.title.trim()) ? undefined : title,
      summary,
      this.read('body', firstSentences(story.body ?? '', settings.body_sentences)),
    ].filter((f): f is ReadField => f !== undefined && f.text.length > 0);
    const tagged = new Set(keys);
    const decisions: Decision[] = [];
    for (const key of new Set(keys)) {
      const decision = this.decide(key, fields, tagged);
      if (decision) decisions.push(decision);
    }
    return decisions;
  }

  private read(field: Field, text: string): ReadField {
    const split = splitClauses(text, this.phrases.clause_breaks);
    const mentions = this.mentions(text, split);
    // An actor's word inside a recommendation's own name ("expert practitioners") names it, not who acted.
    const named = (h: { start: number; entry: Entry }) =>
      (h.entry.kind === 'government' || h.entry.kind === 'third-party') &&
      mentions.some((m) => m.start <= h.start && h.start < m.end);
    const hits: Hit[] = this.lexicon
      .match(text)
      .map((m) => ({ start: m.start, end: m.start + m.text.length, text: m.text, entry: m.targets[0]! }))
      .filter((h) => h.entry.kind !== 'cue' || !h.entry.exact || h.text.toLowerCase() === h.entry.exact)
      .filter((h) => !named(h));
    const clauses = split.map((clause) => ({
      ...clause,
      hits: hits.filter((h) => h.start >= clause.start && h.start < clause.end),
      mentions: mentions.filter((m) => m.start >= clause.start && m.start < clause.end),
    }));
    return { field, text, clauses, wordStarts: [...text.matchAll(WORD)].map((m) => m.index) };
  }

  /**
   * Where a text names recommendations. A plain alias names one wherever it appears; an alias joined
   * with " + " ("schools + safeguarding partner") only when all its parts are in one sentence, as the
   * classifier reads it, and then each part is a mention.
   */
  private mentions(text: string, clauses: Clause[]): Mention[] {
    const sentenceAt = (offset: number) => clauses.find((c) => offset >= c.start && offset < c.end)?.sentence ?? -1;
    const found = this.aliases.match(text).flatMap((m) =>
      m.targets.map((target) => ({
        start: m.start,
        end: m.start + m.text.length,
        target,
        sentence: sentenceAt(m.start),
      })),
    );
    const complete = new Set<string>();
    const seen = new Map<string, Set<number>>();
    for (const { target, sentence } of found) {
      const id = `${sentence}|${target.alias}`;
      const parts = seen.get(id) ?? new Set<number>();
      parts.add(target.part);
      seen.set(id, parts);
      if (parts.size === target.parts) complete.add(id);
    }
    const byPlace = new Map<string, Mention>();
    for (const { start, end, target, sentence } of found) {
      if (!complete.has(`${sentence}|${target.alias}`)) continue;
      const place = `${start}|${end}`;
      const mention = byPlace.get(place) ?? { start, end, keys: [] };
      if (!mention.keys.includes(target.key)) mention.keys.push(target.key);
      byPlace.set(place, mention);
    }
    return [...byPlace.values()];
  }

  private has(field: ReadField, kind: Entry['kind']): boolean {
    return field.clauses.some((c) => c.hits.some((h) => h.entry.kind === kind));
  }

  private decide(key: string, fields: ReadField[], tagged: Set<string>): Decision | undefined {
    for (const field of fields) {
      let weak: Decision | undefined;
      for (const clause of field.clauses) {
        const named = clause.mentions.flatMap((m) => m.keys);
        if (named.length > 0 && !named.includes(key)) continue;
        if (clause.hits.some((h) => h.entry.kind === 'clause-hedge')) continue;
        for (const hit of clause.hits) {
          if (hit.entry.kind !== 'cue') continue;
          const group = hit.entry.group;
          const meaning = parseMeaning(this.removals.has(key) ? (group.means_for_removal ?? group.means) : group.means);
          if (!meaning || (group.weak && weak)) continue;
          // A cue inside a recommendation's own name ("Family Network pilots") is about that one alone.
          const within = clause.mentions.filter(
            (m) => m.start <= hit.start && hit.end <= m.end && m.keys.some((k) => tagged.has(k)),
          );
          if (within.length > 0 && !within.some((m) => m.keys.includes(key))) continue;
          if (this.hedged(field, clause, hit)) continue;
          if (group.actor !== 'any') {
            const actor =
              this.actor(field, clause, hit, group.subject === 'recipient') ??
              (field === fields[0] ? undefined : this.headlineActor(fields[0]!));
            if (actor === 'third-party') continue;
            if (group.actor === 'required' && actor !== 'government') continue;
          }
          // "Accepts ... in principle": a qualified acceptance in the same clause is the more precise reading.
          const qualified =
            meaning.axis === 'response' && meaning.value === 'accepted'
              ? clause.hits.find((h) => h.start > hit.start && QUALIFIED.has(cueMeaning(h)))
              : undefined;
          const sentence = field.clauses.filter((c) => c.sentence === clause.sentence);
          const decision: Decision = {
            key,
            ...(qualified ? parseMeaning(cueMeaning(qualified))! : meaning),
            evidence: {
              phrase: (qualified ?? hit).text,
              field: field.field,
              sentence: field.text.slice(sentence[0]!.start, sentence.at(-1)!.end).trim(),
            },
          };
          if (!group.weak) return decision;
          weak = decision;
        }
      }
      if (weak) return weak;
    }
    return undefined;
  }

  /** A forward hedge ("could", "calls for") a few words before the cue, in the same clause. */
  private hedged(field: ReadField, clause: ReadClause, cue: Hit): boolean {
    const at = wordIndex(field.wordStarts, cue.start);
    return clause.hits.some(
      (h) =>
        h.entry.kind === 'forward-hedge' &&
        h.start < cue.start &&
        at - wordIndex(field.wordStarts, h.end) < this.phrases.settings.hedge_window,
    );
  }

  /** The first actor a headline names: a standfirst that names none continues the headline's subject. */
  private headlineActor(headline: ReadField): 'government' | 'third-party' | undefined {
    if (headline.field !== 'title') return undefined;
    return headline.clauses.flatMap((c) => c.hits).find(isActor)?.entry.kind;
  }

  /**
   * Who did what the cue says: the nearest actor before it in its sentence; failing that,
   * government named after it ("..., the government has announced"). A third party after the cue
   * is more often its object ("rolled out to every council") than its subject, so it does not count.
   * Before a recipient's cue ("councils will be required to", "care leavers will get") a third party
   * is who receives, not who gave, so only government counts there.
   */
  private actor(
    field: ReadField,
    clause: ReadClause,
    cue: Hit,
    recipient: boolean,
  ): 'government' | 'third-party' | undefined {
    const actors = field.clauses.filter((c) => c.sentence === clause.sentence).flatMap((c) => c.hits.filter(isActor));
    const before = actors.filter((h) => h.start < cue.start && (!recipient || h.entry.kind === 'government')).at(-1);
    const pick = before ?? actors.find((h) => h.start >= cue.end && h.entry.kind === 'government');
    return pick?.entry.kind;
  }
}
