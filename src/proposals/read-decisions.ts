import { dayOf } from '../util/time-zone.ts';
import type { Field } from '../classify/classifier.ts';
import { ConfigError } from '../errors.ts';
import type { Recommendation } from '../tracker/recommendations-schema.ts';
import { firstSentences } from './clauses.ts';
import {
  parseMeaning,
  type CueGroup,
  type DecisionPhrases,
  type DecisionValue,
  type Party,
} from './decision-phrases.ts';
import {
  isCue,
  sentenceOf,
  sentenceText,
  StoryReader,
  wordsBetween,
  type CueHit,
  type Hit,
  type ReadClause,
  type ReadField,
} from './read-story.ts';

/** A story as the detector reads it. */
export interface DecisionStory {
  title: string;
  summary?: string | null;
  body?: string | null;
  /** ISO date (or time, or a year, or a month) the story was published, when known. */
  published?: string | null;
}

export type ActorKind = 'government' | 'third-party' | 'local';

/** Who the rules read as having done what a cue says, and where they were named. */
export interface Actor {
  kind: ActorKind;
  text: string;
  from: 'clause' | 'after' | 'headline' | 'standfirst' | 'cue';
}

/** One cue read as saying something of one recommendation. */
export interface Reading {
  key: string;
  /** The rule that read it: a cue group's name, with ":barrier" or ":kept" when what follows changed its meaning. */
  cue: string;
  value: DecisionValue;
  weak: boolean;
  /** Its cue says how far something has got (in force, law, planned). */
  stage: boolean;
  /** The words as they appeared in the story. */
  phrase: string;
  field: Field;
  /** The sentence they are in. */
  sentence: string;
  actor?: Actor;
  /** Its cue needs government as the actor, and nobody is named. */
  unattributed: boolean;
  /** Its clause names this recommendation by an alias. */
  named: boolean;
  /** Its clause says it will happen rather than that it has ("will", "to be", "set to", "from April"). */
  scheduled: boolean;
  /** Its sentence names a sum of money. */
  money: boolean;
  /** Its clause names no recommendation while the story is tagged with others too. */
  shared: boolean;
}

/** A cue the rules saw and set aside, with why: the reasons `explain` shows. */
export interface SetAside {
  key?: string;
  phrase: string;
  field: Field;
  why: string;
}

export interface StoryReadings {
  /** Why the whole story reports nothing, when a rule says so before any cue is read. */
  gate?: string;
  /** Each tagged recommendation's readings, in reading order (headline first, then left to right). */
  byKey: Map<string, Reading[]>;
  setAside: SetAside[];
  /** Government (or a party in office) is named in the headline or standfirst. */
  governmentNamed: boolean;
  /** The headline leads with a third party or a reaction ("Campaigners hail…", "ADCS welcomes…"). */
  reactionHeadline: boolean;
  dateKnown: boolean;
  /** Tagged recommendations the headline names. */
  namedInHeadline: Set<string>;
}

/** A cue in a relative clause describes what it follows: "…a programme which has been rolled out". */
const RELATIVE =
  /\b(?:which|that|who)\s+(?:(?:has|have|had|is|are|was|were|will|would)\s+)?(?:(?:been|being|be|now|already|recently|since|first)\s+)*$/i;
/**
 * A proposal named as what was acted on: "proposed regulations", "says proposed guidance" (not what
 * someone once proposed: "first proposed by the review", "has proposed to").
 */
const PROPOSED =
  /(?<!\b(?:has|have|had|was|were|is|are|been|being|first|originally|also)\s+)\bproposed\s+(?!(?:by|in|to|for|as|that|and|or)\b)\p{L}/iu;

/** A value that says something was accepted or is under way, which a proposal only puts forward. */
const advancesOrAccepts = (v: DecisionValue) => v.axis === 'progress' || v.value === 'accepted';

const MODAL_MAY = /\bmay(?=\s+(?:[a-z]+\s+)?[a-z])/g;
const QUALIFIED = new Set(['response/accepted-in-principle', 'response/accepted-in-part']);
const QUESTION = /\?["'’”]?\s*$/;
const MONEY = /£\s?\d[\d,.]*\s?(?:m|bn|k|million|billion)?/i;
const SCHEDULED =
  /\b(?:will|shall|set to|due to|to be|is to|are to|plans? to|from (?:january|february|march|april|may|june|july|august|september|october|november|december|next|spring|summer|autumn|winter|20\d\d)|by (?:the end of )?20\d\d|next (?:year|month|spring|summer|autumn|winter))\b/i;
const YEAR = /\b(19[5-9]\d|20\d\d)\b/g;

/** Whether a partial or full date is before another, compared at the precision the first has. */
function before(date: string, limit: string): boolean {
  const day = date.length > 10 ? dayOf(date) : date;
  return day < limit.slice(0, day.length);
}

function cueMeaning(hit: Hit): string {
  return isCue(hit) ? hit.entry.group.means : '';
}

/**
 * Reads a story for what it says government decided or did on each recommendation it is tagged
 * with, by the rules of data/decision-phrases.yaml (see the file's opening comment). Pure: the same
 * story and tags always give the same readings, each with the words that earned it, and every cue
 * set aside with why.
 */
export class DecisionReader {
  private readonly reader: StoryReader;
  private readonly removals: Set<string>;

  constructor(
    private readonly phrases: DecisionPhrases,
    recommendations: Recommendation[],
  ) {
    this.reader = new StoryReader(phrases, recommendations);
    const known = new Set(recommendations.map((r) => r.key));
    const unknown = phrases.removal_recommendations.filter((key) => !known.has(key));
    if (unknown.length > 0)
      throw new ConfigError(
        unknown.map((key) => `removal_recommendations: "${key}" is not a recommendation key`),
        'Invalid decision phrases',
      );
    this.removals = new Set(phrases.removal_recommendations);
  }

  read(story: DecisionStory, keys: readonly string[]): StoryReadings {
    const { settings } = this.phrases;
    const published = story.published?.trim() || undefined;
    const title = this.reader.read('title', story.title ?? '');
    const summary = this.reader.read('summary', story.summary ?? '');
    const result: StoryReadings = {
      byKey: new Map(),
      setAside: [],
      governmentNamed: false,
      reactionHeadline: false,
      dateKnown: published !== undefined,
      namedInHeadline: new Set(title.clauses.flatMap((c) => c.mentions.flatMap((m) => m.keys))),
    };
    if (keys.length === 0) return { ...result, gate: 'the story is tagged with no recommendation' };
    if (published && before(published, settings.review_published))
      return { ...result, gate: `published ${published}, before the review (${settings.review_published})` };
    const years = published ? undefined : this.datedBeforeReview(`${story.title ?? ''}\n${story.summary ?? ''}`);
    if (years) return { ...result, gate: `undated, and it names only years before the review (${years})` };
    const gateHit = (field: ReadField, kind: string) =>
      field.clauses.flatMap((c) => c.hits).find((h) => h.entry.kind === kind);
    const commentary = gateHit(title, 'commentary');
    if (commentary) return { ...result, gate: `the headline explains or comments ('${commentary.text}')` };
    const elsewhere = gateHit(title, 'other-government') ?? gateHit(summary, 'other-government');
    if (elsewhere) return { ...result, gate: `about another government ('${elsewhere.text}')` };

    const fields = [
      QUESTION.test(story.title.trim()) ? undefined : title,
      summary,
      this.reader.read('body', firstSentences(story.body ?? '', settings.body_sentences)),
    ].filter((f): f is ReadField => f !== undefined && f.text.length > 0);
    if (!fields.includes(title) && story.title.trim())
      result.setAside.push({ phrase: story.title.trim(), field: 'title', why: 'the headline is a question' });
    const context: ReadContext = {
      published,
      title,
      summary,
      governmentNamed: [title, summary].some((f) => this.namesGovernment(f, published)),
      tagged: new Set(keys),
    };
    result.governmentNamed = context.governmentNamed;
    result.reactionHeadline = this.leadsWithReaction(title, published);
    for (const key of new Set(keys)) {
      const readings = fields.flatMap((field) => this.readField(key, field, context, result.setAside));
      result.byKey.set(key, readings);
    }
    return result;
  }

  private namesGovernment(field: ReadField, published: string | undefined): boolean {
    return field.clauses.some((c) => c.hits.some((h) => this.actorKind(h, published) === 'government'));
  }

  /** The headline's first actor is a third party or a council, or it reacts to something. */
  private leadsWithReaction(title: ReadField, published: string | undefined): boolean {
    const hits = title.clauses.flatMap((c) => c.hits);
    if (hits.some((h) => h.entry.kind === 'reaction')) return true;
    const first = hits.find((h) => this.actorKind(h, published) !== undefined);
    return first !== undefined && this.actorKind(first, published) !== 'government';
  }

  /** Whom a phrase names as an actor, if anyone: a party counts as government while in office. */
  private actorKind(hit: Hit, published: string | undefined): ActorKind | undefined {
    switch (hit.entry.kind) {
      case 'government':
        return 'government';
      case 'third-party':
        return 'third-party';
      case 'local':
        return 'local';
      case 'party': {
        const office = inOffice(hit.entry.party, published);
        return office === undefined ? undefined : office ? 'government' : 'third-party';
      }
      case 'cue':
        return hit.entry.group.acts_for_government ? 'government' : undefined;
      default:
        return undefined;
    }
  }

  private readField(key: string, field: ReadField, context: ReadContext, setAside: SetAside[]): Reading[] {
    const readings: Reading[] = [];
    const removal = this.removals.has(key);
    const aside = (hit: Hit, why: string) => setAside.push({ key, phrase: hit.text, field: field.field, why });
    // "Family help pathfinder: evaluation report": what follows a headline's colon says what kind of
    // piece it is, and a research or results piece hedges the whole headline.
    const colon = field.field === 'title' ? field.text.lastIndexOf(':') : -1;
    const headlineHedge =
      colon < 0
        ? undefined
        : field.clauses.flatMap((c) => c.hits).find((h) => h.entry.kind === 'clause-hedge' && h.start > colon);
    for (const clause of field.clauses) {
      const named = clause.mentions.flatMap((m) => m.keys);
      if (named.length > 0 && !named.includes(key)) continue;
      const cues = clause.hits.filter(isCue);
      const clauseHedge =
        clause.hits.find((h) => h.entry.kind === 'clause-hedge') ??
        (headlineHedge && clause.end <= colon + 1 ? headlineHedge : undefined);
      // Cues another cue has already spoken for: its object ("scraps the pilot"), or its complement
      // ("agrees to pilot"), which carries the first cue's denial with it.
      const consumed = new Set<CueHit>();
      const deniedBy = new Map<CueHit, Hit>();
      for (const hit of cues) {
        if (consumed.has(hit)) continue;
        const group = hit.entry.group;
        // What it acts on is in its object; when it happens ("from today") is not.
        if (group.object)
          for (const later of cues)
            if (
              later.start >= hit.end &&
              !later.entry.group.stage &&
              !later.entry.group.reporting &&
              wordsBetween(field, hit.end, later.start) <= this.phrases.settings.object_window
            )
              consumed.add(later);
        // A cue inside a recommendation's own name ("Family Network pilots") is about that one alone.
        const within = clause.mentions.filter(
          (m) => m.start <= hit.start && hit.end <= m.end && m.keys.some((k) => context.tagged.has(k)),
        );
        if (within.length > 0 && !within.some((m) => m.keys.includes(key))) continue;
        if (group.reporting && cues.some((c) => !c.entry.group.reporting)) continue;
        if (group.headline_only && field.field !== 'title') continue;
        if (clauseHedge) {
          aside(hit, `its clause is hedged by '${clauseHedge.text}'`);
          continue;
        }
        const hedge = this.forwardHedge(field, clause, hit);
        if (hedge) {
          aside(hit, `hoped for or speculated about: '${hedge.text}' stands just before it`);
          continue;
        }
        if (isAttributive(field, hit)) {
          aside(hit, 'describes something named after it, and reports nothing done');
          continue;
        }
        if (RELATIVE.test(field.text.slice(clause.start, hit.start))) {
          aside(hit, 'in a relative clause ("which has been…"): describes something named before it');
          continue;
        }
        const dated = this.datedBeforeReview(sentenceText(field, clause));
        if (dated) {
          aside(hit, `its sentence dates it before the review (${dated})`);
          continue;
        }
        const recounted = recountsEarlier(sentenceText(field, clause), context.published);
        if (recounted) {
          aside(
            hit,
            `recounts ${recounted}, before the story (${context.published!.slice(0, 4)}): background, not news`,
          );
          continue;
        }
        const past = recountsRelative(sentenceText(field, clause));
        if (past) {
          aside(hit, `recounts what was done '${past}': background, not news`);
          continue;
        }
        const denial = deniedBy.get(hit) ?? this.negator(field, clause, hit);
        const next = this.following(field, clause, hit, cues);
        if (group.complement && next) {
          // What was agreed, pledged or decided is read from the cue that follows; a denial carries over.
          if (denial) deniedBy.set(next, denial);
          continue;
        }
        const value = this.meaning(hit, next, denial, removal, field, clause, key, aside);
        if (!value) continue;
        const actor = this.actor(field, clause, hit, group, context);
        if (group.actor !== 'any' && actor && actor.kind !== 'government') {
          aside(hit, `done by ${actor.kind === 'local' ? 'a local body' : 'a third party'} ('${actor.text}')`);
          continue;
        }
        // With nobody named, a cue that needs government is read only as a passive in the headline
        // ("Care leavers given free health services", "…guide published"): who did it goes unsaid, and
        // in a headline is most often government. An active verb with no actor ("the Law Commission
        // consults") is someone else's, and a standfirst's unattributed passive is often background.
        const unattributed = group.actor === 'required' && !actor;
        if (
          unattributed &&
          (field.field !== 'title' || !(isPassive(field, hit) || this.fundedLocally(field, clause, hit)))
        ) {
          aside(
            hit,
            field.field === 'title'
              ? 'nobody named as having done it'
              : 'nobody named as having done it, outside the headline',
          );
          continue;
        }
        // "Accepts … in principle": a qualified acceptance in the same clause is the more precise reading.
        const qualified =
          value.value.value === 'accepted'
            ? clause.hits.find((h) => h.start > hit.start && QUALIFIED.has(cueMeaning(h)))
            : undefined;
        const sentence = sentenceText(field, clause);
        // What was done to a proposal ("publishes proposed regulations") only puts it forward.
        const proposal =
          !qualified && PROPOSED.test(field.text.slice(clause.start, clause.end)) && advancesOrAccepts(value.value);
        readings.push({
          key,
          cue:
            qualified && isCue(qualified) ? qualified.entry.group.name : `${value.cue}${proposal ? ':proposed' : ''}`,
          value: qualified
            ? parseMeaning(cueMeaning(qualified))!
            : proposal
              ? parseMeaning('response/under-consideration')!
              : value.value,
          weak: group.weak,
          stage: group.stage,
          phrase: (qualified ?? hit).text,
          field: field.field,
          sentence,
          ...(actor ? { actor } : {}),
          unattributed,
          named: named.includes(key),
          scheduled: SCHEDULED.test(field.text.slice(clause.start, hit.end)),
          money: MONEY.test(sentence),
          shared: named.length === 0 && context.tagged.size > 1,
        });
      }
    }
    return readings;
  }

  /**
   * What a cue says of the recommendation, given what follows it and whether it is denied: its own
   * value, its value for a removal, keeping the thing (a denied or refused removal), or removing a
   * barrier. Undefined, with the reason set aside, when that is nothing.
   */
  private meaning(
    hit: CueHit,
    next: CueHit | undefined,
    denial: Hit | undefined,
    removal: boolean,
    field: ReadField,
    clause: ReadClause,
    key: string,
    aside: (hit: Hit, why: string) => void,
  ): { cue: string; value: DecisionValue } | undefined {
    const group = hit.entry.group;
    const kept = (why: string) => {
      if (removal) return { cue: `${group.name}:kept`, value: parseMeaning('response/rejected')! };
      aside(hit, `${why}: keeping something is no decision on a recommendation to create it`);
      return undefined;
    };
    if (group.refusal && next?.entry.group.when_denied === 'kept') return kept(`refuses '${next.text}'`);
    if (denial) {
      if (group.when_denied === 'kept') return kept(`denied by '${denial.text}'`);
      aside(hit, `denied by '${denial.text}'`);
      return undefined;
    }
    if (group.barrier_means && this.removesBarrier(field, clause, hit, key))
      return { cue: `${group.name}:barrier`, value: parseMeaning(group.barrier_means)! };
    const value = parseMeaning(removal ? (group.means_for_removal ?? group.means) : group.means);
    if (!value) aside(hit, `'${group.name}' says nothing of this recommendation`);
    return value ? { cue: group.name, value } : undefined;
  }

  /** A forward hedge ("could", "calls for", a modal "may") a few words before the cue, in the same clause. */
  private forwardHedge(field: ReadField, clause: ReadClause, cue: Hit): Hit | undefined {
    const near = (end: number) => wordsBetween(field, end, cue.start) < this.phrases.settings.hedge_window;
    const hedge = clause.hits.find((h) => h.entry.kind === 'forward-hedge' && h.start < cue.start && near(h.end));
    if (hedge) return hedge;
    // "May" is also a month and a name: only a lower-case "may" before a verb is the modal.
    for (const m of field.text.slice(clause.start, cue.start).matchAll(MODAL_MAY)) {
      const start = clause.start + m.index;
      if (near(start + 3)) return { start, end: start + 3, text: 'may', entry: { kind: 'forward-hedge' } };
    }
    return undefined;
  }

  /** A negator ("not", "never") within a few words before the cue, in the same clause. */
  private negator(field: ReadField, clause: ReadClause, cue: Hit): Hit | undefined {
    return clause.hits.find(
      (h) =>
        h.entry.kind === 'negator' &&
        h.start < cue.start &&
        wordsBetween(field, h.end, cue.start) < this.phrases.settings.negation_window,
    );
  }

  /** The next cue after this one within the object window, in the same clause. */
  private following(field: ReadField, clause: ReadClause, cue: CueHit, cues: CueHit[]): CueHit | undefined {
    const next = cues.find((h) => h.start >= cue.end && !h.entry.group.reporting);
    if (!next || wordsBetween(field, cue.end, next.start) > this.phrases.settings.object_window) return undefined;
    return clause.hits.some((h) => h.start >= cue.end && h.start < next.start && h.entry.kind === 'forward-hedge')
      ? undefined
      : next;
  }

  /**
   * What the cue removes is a barrier ("scraps the need for", "lifts the cap"), named before the
   * recommendation, or the subject of a passive ("local connection test scrapped").
   */
  private removesBarrier(field: ReadField, clause: ReadClause, cue: Hit, key: string): boolean {
    const window = this.phrases.settings.object_window;
    const barrier = field.barriers.find(
      (b) => b.start >= cue.end && b.start < clause.end && wordsBetween(field, cue.end, b.start) <= window,
    );
    if (!barrier) {
      // "Local connection test scrapped": a passive's subject is what it removes.
      return (
        isPassive(field, cue) &&
        field.barriers.some(
          (b) => b.start >= clause.start && b.start < cue.start && wordsBetween(field, b.start, cue.start) <= window,
        )
      );
    }
    const mention = clause.mentions.find((m) => m.start >= cue.end && m.keys.includes(key));
    return !mention || mention.start >= barrier.start;
  }

  /** A year before the review named in the sentence, with none after it (an Act's year is its name). */
  private datedBeforeReview(sentence: string): string | undefined {
    const reviewYear = Number(this.phrases.settings.review_published.slice(0, 4));
    const years = [...sentence.matchAll(YEAR)]
      .filter((m) => !/\bAct\s*$/i.test(sentence.slice(0, m.index)))
      .map((m) => Number(m[1]));
    if (years.length === 0 || years.some((y) => y >= reviewYear)) return undefined;
    return String(years[0]);
  }

  /**
   * Who did what the cue says: the nearest actor before it in its sentence (not one who only reacts
   * to it, and not who receives it); failing that, government named after it; failing that, the
   * first actor of the headline (for the standfirst or body), or government leading the standfirst
   * (for the headline). After the cue, whoever is named as saying or doing it counts ("…, a council
   * said", "…, say MPs", "by the DfE"); otherwise only government does, as a third party after the cue
   * is more often its object ("rolled out to every council") than its subject.
   */
  private actor(field: ReadField, clause: ReadClause, cue: CueHit, group: CueGroup, context: ReadContext) {
    if (group.acts_for_government) return { kind: 'government' as const, text: cue.text, from: 'cue' as const };
    const hits = sentenceOf(field, clause).flatMap((c) => c.hits);
    const beforeCue = hits.filter((h) => h.start < cue.start);
    const sentence = sentenceText(field, clause);
    for (let i = beforeCue.length - 1; i >= 0; i--) {
      const hit = beforeCue[i]!;
      if (hit.entry.kind === 'reaction') break;
      const kind = this.actorKind(hit, context.published);
      if (!kind) continue;
      if (group.subject === 'recipient' && kind !== 'government') continue;
      if (kind === 'local' && group.local === 'recipient' && this.receives(field, hit, cue, sentence, context))
        continue;
      return { kind, text: hit.text, from: 'clause' as const };
    }
    const later = hits.filter((h) => h.start >= cue.end && this.actorKind(h, context.published) !== undefined);
    // "…, a council has said", "…, say MPs", "…by the DfE": who is named as saying or doing it.
    const speaker = later.find((h) => speaks(field.text, h));
    if (speaker)
      return { kind: this.actorKind(speaker, context.published)!, text: speaker.text, from: 'after' as const };
    const after = later.find((h) => this.actorKind(h, context.published) === 'government');
    if (after) return { kind: 'government' as const, text: after.text, from: 'after' as const };
    if (field.field !== 'title') {
      const lead = this.leadActor(context.title, context.published);
      return lead ? { ...lead, from: 'headline' as const } : undefined;
    }
    // A headline that names no actor is often explained by its standfirst; only government counts from
    // there, as whoever else it names first may be who receives or reacts, unless the standfirst names
    // them as saying it ("…, the county council said", "the council said the move…").
    const lead = this.leadActor(context.summary, context.published);
    if (lead?.kind === 'government') return { ...lead, from: 'standfirst' as const };
    // ("Paid by councils" is no saying: only "said", "says" and "according to" are.)
    const reported = context.summary.clauses
      .flatMap((c) => c.hits)
      .find((h) => this.actorKind(h, context.published) !== undefined && says(context.summary.text, h));
    const kind = reported && this.actorKind(reported, context.published);
    return reported && kind && kind !== 'government'
      ? { kind, text: reported.text, from: 'standfirst' as const }
      : undefined;
  }

  /**
   * A council named before a cue receives it ("Ten councils to pilot…", "councils chosen as…",
   * "councils given £20m to…") when the cue is a passive, or an infinitive after several councils
   * or in a story naming government, or money is named; as the
   * subject of a verb of its own ("councils are testing…", "council pilots…") it acts for itself.
   */
  private receives(field: ReadField, local: Hit, cue: CueHit, sentence: string, context: ReadContext): boolean {
    // "Ten councils to pilot…" are chosen by someone; "Council to pilot…" alone is its own plan.
    const several = /s$/i.test(local.text.trim()) || context.governmentNamed;
    const infinitive =
      several && (/^to\s/i.test(cue.text) || /\bto\s+$/i.test(field.text.slice(Math.max(0, cue.start - 4), cue.start)));
    // "the number of authorities trialling…": a council before an -ing word is named, not acting.
    const named = /ing$/i.test(cue.text) && /^\s+$/.test(field.text.slice(local.end, cue.start));
    return infinitive || named || isPassive(field, cue) || MONEY.test(sentence);
  }

  /**
   * A sum of money for local bodies to do something ("£10m for councils to develop…"): with nobody
   * named, a headline's money for councils is government's unnamed doing, as a passive is. The local
   * body must stand just before "to" and the cue, so "Council invests £5m to develop…" stays its own.
   */
  private fundedLocally(field: ReadField, clause: ReadClause, cue: CueHit): boolean {
    if (!MONEY.test(sentenceText(field, clause))) return false;
    const local = clause.hits.filter((h) => h.entry.kind === 'local' && h.end <= cue.start).at(-1);
    if (!local) return false;
    const between = field.text.slice(local.end, cue.start);
    return /^\s+to\s+$/i.test(between) || (/^\s+$/.test(between) && /^to\s/i.test(cue.text));
  }

  /** The first actor a field names that is not only reacting. */
  private leadActor(field: ReadField, published: string | undefined): Omit<Actor, 'from'> | undefined {
    // Who did something years before the story is not who acts in it.
    const hits = field.clauses
      .filter((c) => !recountsEarlier(sentenceText(field, c), published))
      .flatMap((c) => c.hits);
    for (const [index, hit] of hits.entries()) {
      const kind = this.actorKind(hit, published);
      if (!kind) continue;
      // "Guidance for local authorities", "money to councils": the object of a preposition is no actor.
      if (PREPOSITION_BEFORE.test(field.text.slice(Math.max(0, hit.start - 24), hit.start))) continue;
      const reacts =
        hits.slice(index + 1).find((h) => h.entry.kind === 'reaction' || isCue(h))?.entry.kind === 'reaction';
      if (reacts) continue;
      return { kind, text: hit.text };
    }
    return undefined;
  }
}

const PREPOSITION_BEFORE = /\b(?:for|to|from|with|into|across|among)\s+(?:(?:the|all|every|more|some|many|most)\s+)?$/i;

/** A financial or academic year ("2024-25") names the year it ends in. */
const SPAN_YEAR = /\b(20\d\d)\s?[-–/]\s?(\d\d)(?!\d)/g;

/**
 * The year a sentence dates what it says to, when every year it names is before the story's own:
 * "The DfE launched the pilots in 2023" in a story of 2025 recounts what was done then. Undefined
 * when the story's date is unknown, or the sentence names the story's year or a later one.
 */
export function recountsEarlier(sentence: string, published: string | null | undefined): string | undefined {
  if (!published || !/^\d{4}/.test(published)) return undefined;
  const storyYear = Number(published.slice(0, 4));
  // "2024-25" ends in 2025; "2026-02" (a month) is no span and reads as its year.
  const spans = [...sentence.matchAll(SPAN_YEAR)].map((m) =>
    Number(m[2]) === (Number(m[1]) + 1) % 100 ? Number(m[1]) + 1 : Number(m[1]),
  );
  const years = [
    ...spans,
    ...[...sentence.replace(SPAN_YEAR, ' ').matchAll(YEAR)]
      .filter((m) => !/\bAct\s*$/i.test(sentence.slice(0, m.index)))
      .map((m) => Number(m[1])),
  ];
  if (years.length === 0 || years.some((y) => y >= storyYear)) return undefined;
  return String(Math.max(...years));
}

/** Time before the story's, said relative to it ("last year", "two years ago"). */
const RELATIVE_PAST =
  /\b(?:last|the previous|the past) (?:year|spring|summer|autumn|winter)\b|\b(?:a|one|two|three|four|five|several|many) years? ago\b|\bin recent years\b/i;
/** Words that put a sentence's news in the present or the future after all. */
const NOW = /\b(?:now|today|this (?:week|month|year)|from (?:today|next|this)|will|is to|are to)\b/i;

/**
 * What a sentence says was done some time before the story, by a relative date ("The government
 * introduced a pilot last year"), when nothing in it says something is happening now or will.
 */
export function recountsRelative(sentence: string): string | undefined {
  const past = RELATIVE_PAST.exec(sentence)?.[0];
  return past && !NOW.test(sentence) ? past : undefined;
}

const SAID_BY = /(?:\bby|\bunder|\bsays?|\bsaid|according to)\s+(?:the\s+|a\s+|an\s+|its\s+)?$/i;
const SAYS =
  /^\W{0,3}\s*(?:has\s+|have\s+)?(?:said|says|say|announced|confirmed|confirms|told|warned|warns|claims|claimed|argued|argues|insists|insisted|urges|urged|calls|called|demands|wants|proposes|suggests|recommends)\b/i;

const SAID = /(?:\bsays?|\bsaid|according to)\s+(?:the\s+|a\s+|an\s+|its\s+)?$/i;

/** Whether the text names this actor as saying something ("the council said", "says the charity"). */
function says(text: string, hit: Hit): boolean {
  return SAID.test(text.slice(Math.max(0, hit.start - 40), hit.start)) || SAYS.test(text.slice(hit.end, hit.end + 30));
}

/** Whether the text names this actor as the one saying or doing what came before it. */
function speaks(text: string, hit: Hit): boolean {
  return (
    SAID_BY.test(text.slice(Math.max(0, hit.start - 40), hit.start)) || SAYS.test(text.slice(hit.end, hit.end + 30))
  );
}

const PARTICIPLE =
  /^[a-z]{3,}(?:ed|en)$|^(?:given|made|laid|paid|set|kept|put|cut|held|built|sent|brought|taken|chosen|shown|won|led|met|found|begun|run)$/i;
/** Participles that take an object after them: "Care leavers given free prescriptions". */
const TAKES_OBJECT = /^(?:given|granted|handed|awarded|offered|promised|paid|sent|shown|told)$/i;
/** Words after a participle that leave it a passive verb, not an adjective before a noun. */
const AFTER_PASSIVE =
  /^(?:by|to|in|into|for|from|at|on|with|as|after|before|under|across|over|until|since|and|but|or|amid|despite|today|now|this|last|next|again|back|up|out|off|following)$/i;

/**
 * Whether a cue is a passive verb: "to be paid", "will be given", "published" ending its headline,
 * "exempted from". A participle before a noun describes it ("finalised board") and does not count;
 * nor does one after "has" or "have" ("DfE has announced" is active).
 */
export function isPassive(field: ReadField, hit: Hit): boolean {
  const words = hit.text.split(/\s+/).map((w) => w.replace(/[^\p{L}]/gu, ''));
  if (words.some((w) => /^(?:be|been|being)$/i.test(w))) return true;
  if (!PARTICIPLE.test(words[0]!)) return false;
  if (/\b(?:has|have|had)\s+$/i.test(field.text.slice(Math.max(0, hit.start - 8), hit.start))) return false;
  if (words.length > 1 || TAKES_OBJECT.test(words[0]!)) return true;
  const next = /^\s*([\p{L}\p{N}£']+)/u.exec(field.text.slice(hit.end))?.[1];
  return next === undefined || AFTER_PASSIVE.test(next);
}

const BEFORE_ATTRIBUTIVE =
  /(?:-|\b(?:a|an|the|its|their|this|these|those|new|newly|recently|on|of|for|with|under|by|to|from|in|into|at)\s+)$/i;

/**
 * Whether a cue is a participle describing the noun after it ("a government-funded programme",
 * "the finalised board"): it names a thing, and reports nothing happening.
 */
export function isAttributive(field: ReadField, hit: Hit): boolean {
  if (/\s/.test(hit.text.trim()) || !PARTICIPLE.test(hit.text.trim()) || TAKES_OBJECT.test(hit.text.trim()))
    return false;
  const next = /^\s+([\p{L}\p{N}£']+)/u.exec(field.text.slice(hit.end))?.[1];
  if (next === undefined || AFTER_PASSIVE.test(next)) return false;
  return BEFORE_ATTRIBUTIVE.test(field.text.slice(Math.max(0, hit.start - 12), hit.start));
}

interface ReadContext {
  published: string | undefined;
  title: ReadField;
  summary: ReadField;
  governmentNamed: boolean;
  tagged: Set<string>;
}

/** Whether a party was in office on a date: undefined when the date is unknown or too coarse to say. */
export function inOffice(party: Party, published: string | undefined): boolean | undefined {
  if (!published) return undefined;
  const day = published.length > 10 ? dayOf(published) : published;
  // -1, 0 or 1: the period the date names is before, contains (at its precision) or is after the limit.
  const compare = (limit: string) => {
    const same = limit.slice(0, day.length);
    return day < same ? -1 : day > same ? 1 : day.length === 10 ? 0 : undefined;
  };
  const { from, until } = party.in_office;
  const start = compare(from);
  if (start === -1) return false;
  const end = until ? compare(until) : -1;
  if (end === 1) return false;
  if (start === undefined || end === undefined) return undefined;
  return true;
}
