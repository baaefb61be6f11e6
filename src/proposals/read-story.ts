import type { Field } from '../classify/classifier.ts';
import { aliasParts } from '../classify/alias-parts.ts';
import { PhraseMatcher } from '../classify/phrase-matcher.ts';
import type { Recommendation } from '../tracker/recommendations-schema.ts';
import { splitClauses, type Clause } from './clauses.ts';
import { cuePhrases, type CueGroup, type DecisionPhrases, type Party } from './decision-phrases.ts';

/** What a phrase of data/decision-phrases.yaml is, once found in a story. */
export type Entry =
  | {
      kind:
        | 'neutral'
        | 'government'
        | 'third-party'
        | 'local'
        | 'other-government'
        | 'commentary'
        | 'clause-hedge'
        | 'forward-hedge'
        | 'negator'
        | 'reaction';
    }
  | { kind: 'party'; party: Party }
  | { kind: 'cue'; group: CueGroup; exact?: string };

export interface Hit {
  start: number;
  end: number;
  text: string;
  entry: Entry;
}

export type CueHit = Hit & { entry: { kind: 'cue' } };
export const isCue = (hit: Hit): hit is CueHit => hit.entry.kind === 'cue';

/** Where a text names recommendations by their aliases. */
export interface Mention {
  start: number;
  end: number;
  keys: string[];
}

export interface ReadClause extends Clause {
  hits: Hit[];
  mentions: Mention[];
}

export interface ReadField {
  field: Field;
  text: string;
  clauses: ReadClause[];
  /** Character offset of each word, to count words between two places. */
  wordStarts: number[];
  /** Where removable barriers are named ("the need for", "the cap"). */
  barriers: Array<{ start: number; text: string }>;
}

/** One part of a recommendation's alias; an alias joined with " + " has several, all needed in one sentence. */
interface AliasPart {
  key: string;
  alias: number;
  part: number;
  parts: number;
}

/** Kinds of phrase that, inside a recommendation's name, are part of the name. */
const NAME_WORDS = new Set<Entry['kind']>(['government', 'third-party', 'local', 'clause-hedge', 'forward-hedge']);

const WORD = /[\p{L}\p{N}£$%]+(?:['.,][\p{L}\p{N}]+)*/gu;

/**
 * Reactions: whoever stands before one reacts to what follows, and did not do it ("Campaigners hail
 * decision to scrap…", "ADCS welcomes government guidance").
 */
const REACTIONS = [
  'welcomes',
  'welcomed',
  'welcome',
  'hails',
  'hailed',
  'praises',
  'praised',
  'criticises',
  'criticised',
  'criticise',
  'slams',
  'slammed',
  'attacks',
  'condemns',
  'condemned',
  'responds to',
  'reacts to',
  'raises concerns over',
  'raises concerns about',
  'concerns over',
  'fears over',
  'blasts',
  'backlash over',
  'anger at',
  'dismay at',
  'celebrates',
];

/** An exact phrase with a capital ("=Bill") keeps its case; one in lower case ("=backs") only its letters. */
const sameLetters = (text: string, exact: string) =>
  /[A-Z]/.test(exact) ? text === exact : text.toLowerCase() === exact.toLowerCase();

/** Index of the word at or after a character offset. */
export function wordIndex(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Splits a story's text into clauses and finds in them every phrase the decision rules name. */
export class StoryReader {
  private readonly lexicon: PhraseMatcher<Entry>;
  private readonly aliases: PhraseMatcher<AliasPart>;
  private readonly barrierMatcher: PhraseMatcher<true>;

  constructor(
    private readonly phrases: DecisionPhrases,
    recommendations: Recommendation[],
  ) {
    const entries: Array<{ phrase: string; target: Entry }> = [];
    const add = (list: readonly string[], kind: Exclude<Entry['kind'], 'cue' | 'party'>) => {
      for (const phrase of list) entries.push({ phrase, target: { kind } });
    };
    add(phrases.neutral, 'neutral');
    add(phrases.government, 'government');
    add(phrases.third_party, 'third-party');
    add(phrases.local_bodies, 'local');
    add(phrases.other_governments, 'other-government');
    add(phrases.commentary, 'commentary');
    add(phrases.hedges.clause, 'clause-hedge');
    add(phrases.hedges.forward, 'forward-hedge');
    add(phrases.negators, 'negator');
    const listed = new Set(entries.map((e) => e.phrase.toLowerCase()));
    add(
      REACTIONS.filter((r) => !listed.has(r)),
      'reaction',
    );
    for (const party of phrases.parties)
      for (const phrase of party.names) entries.push({ phrase, target: { kind: 'party', party } });
    for (const group of phrases.cues) {
      for (const phrase of cuePhrases(group)) {
        const exact = phrase.startsWith('=') ? phrase.slice(1) : undefined;
        entries.push({ phrase: exact ?? phrase, target: { kind: 'cue', group, ...(exact ? { exact } : {}) } });
      }
    }
    this.lexicon = new PhraseMatcher(entries);
    this.barrierMatcher = new PhraseMatcher(phrases.barriers.map((phrase) => ({ phrase, target: true as const })));
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
  }

  read(field: Field, text: string): ReadField {
    const split = splitClauses(text, this.phrases.clause_breaks);
    const mentions = this.mentions(text, split);
    // An actor's or a hedge's word inside a recommendation's own name ("expert practitioners", "family
    // help") names it: it is not who acted, nor what hedges a cue.
    const named = (h: { start: number; entry: Entry }) =>
      NAME_WORDS.has(h.entry.kind) && mentions.some((m) => m.start <= h.start && h.start < m.end);
    const hits: Hit[] = this.lexicon
      .match(text)
      .map((m) => ({ start: m.start, end: m.start + m.text.length, text: m.text, entry: m.targets[0]! }))
      .filter((h) => h.entry.kind !== 'cue' || !h.entry.exact || sameLetters(h.text, h.entry.exact))
      .filter((h) => !named(h))
      // Acronyms are matched in a second pass: put every hit back in reading order.
      .sort((a, b) => a.start - b.start);
    const clauses = split.map((clause) => ({
      ...clause,
      hits: hits.filter((h) => h.start >= clause.start && h.start < clause.end),
      mentions: mentions.filter((m) => m.start >= clause.start && m.start < clause.end),
    }));
    return {
      field,
      text,
      clauses,
      wordStarts: [...text.matchAll(WORD)].map((m) => m.index),
      barriers: this.barrierMatcher.match(text).map((m) => ({ start: m.start, text: m.text })),
    };
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
}

/** The clauses of one sentence. */
export const sentenceOf = (field: ReadField, clause: Clause) =>
  field.clauses.filter((c) => c.sentence === clause.sentence);

/** The text of a clause's whole sentence. */
export function sentenceText(field: ReadField, clause: Clause): string {
  const clauses = sentenceOf(field, clause);
  return field.text.slice(clauses[0]!.start, clauses.at(-1)!.end).trim();
}

/** Words between two character offsets of a field. */
export const wordsBetween = (field: ReadField, from: number, to: number) =>
  wordIndex(field.wordStarts, to) - wordIndex(field.wordStarts, from);
