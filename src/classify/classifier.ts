import { loadRecommendations, type Recommendation } from '../tracker/recommendations-schema.ts';
import { ALIAS_JOIN, aliasParts } from './alias-parts.ts';
import { describeContext, judgeContext, type ContextGate, type ContextSignals } from './context-gate.ts';
import { PhraseMatcher, prepareText, type PhraseMatch, type PreparedText } from './phrase-matcher.ts';
import { loadTaxonomy, STRENGTHS, WEIGHTS, type Taxonomy } from './taxonomy-schema.ts';
import { THEMES, type Theme } from './themes.ts';

export type Field = 'title' | 'summary' | 'body';
const FIELDS: Field[] = ['title', 'summary', 'body'];
/** The context gate reads the title and summary: a long body mentions everything once. */
const CONTEXT_FIELDS: ReadonlySet<Field> = new Set(['title', 'summary']);

export interface ClassifiableText {
  title?: string;
  summary?: string;
  body?: string;
}

export interface Evidence {
  /** The words as they appeared in the text (the parts of a joined alias are shown joined by " + "). */
  phrase: string;
  field: Field;
  weight: number;
  /** Set when the phrase is an alias of this recommendation. */
  recommendation?: string;
  /** Set when other services use the phrase too, so it counts only in a story the context gate lets in. */
  shared?: true;
  /** Set when the phrase says who the story is about rather than what, so it counts only for the leading theme. */
  framing?: true;
}

export interface Tag<K extends string = string> {
  key: K;
  score: number;
  evidence: Evidence[];
}

export interface Classification {
  /** True when the text is about children's social care reform at all. */
  aboutReform: boolean;
  themes: Tag<Theme>[];
  recommendations: Tag[];
  /** Why a text with matching phrases was not filed, when the context gate kept it out. */
  notFiled?: string;
}

/** A theme's or recommendation's score against what it needed, and why it was not kept. */
export interface Candidate<K extends string = string> extends Tag<K> {
  threshold: number;
  kept: boolean;
  reason?: string;
}

/** Everything the classifier saw in a text: every phrase, every score against its threshold, the context verdict. */
export interface Explanation {
  matches: Array<{ phrase: string; field: Field; counts: string[] }>;
  context: ContextGate;
  contextSummary: string;
  themes: Candidate<Theme>[];
  recommendations: Candidate[];
  classification: Classification;
  /** How much a phrase counts in each field. */
  fieldWeights: Record<Field, number>;
}

type Signal =
  | { kind: 'theme'; theme: Theme; weight: number; shared: boolean; framing?: true }
  | { kind: 'alias'; key: string; theme: Theme; weight: number; shared: boolean }
  | { kind: 'block' };
type ContextSignal = { kind: 'care-system' } | { kind: 'children' } | { kind: 'near'; domain: string };
interface Compound {
  key: string;
  theme: Theme;
  parts: number;
  shared: boolean;
}

type ByPhrase = Map<string, Evidence[]>;

const round = (n: number) => Math.round(n * 100) / 100;
const foldPhrase = (phrase: string) =>
  prepareText(phrase)
    .tokens.map((t) => t.stem)
    .join(' ');

/**
 * Weighted phrase rules over title, summary and body, behind a context gate (context-gate.ts). Every
 * tag carries the phrases that earned it, so a user can see why an item was filed where it was.
 * Deterministic and in-process. Built from any list of recommendations, including ones added at run
 * time: their aliases count like the data file's.
 */
export class Classifier {
  private readonly signals: PhraseMatcher<Signal>;
  private readonly context: PhraseMatcher<ContextSignal>;
  private readonly parts: PhraseMatcher<{ compound: number; part: number }>;
  private readonly compounds: Compound[] = [];
  private readonly recThemes: Map<string, Theme>;

  constructor(
    private readonly taxonomy: Taxonomy,
    recommendations: Recommendation[],
  ) {
    const shared = new Set<string>();
    const entries: Array<{ phrase: string; target: Signal }> = [];
    for (const theme of THEMES) {
      const signals = taxonomy.themes[theme];
      for (const strength of STRENGTHS) {
        for (const phrase of signals[strength])
          entries.push({ phrase, target: { kind: 'theme', theme, weight: WEIGHTS[strength], shared: false } });
        for (const phrase of signals.shared[strength]) {
          shared.add(foldPhrase(phrase));
          entries.push({ phrase, target: { kind: 'theme', theme, weight: WEIGHTS[strength], shared: true } });
        }
      }
      for (const phrase of signals.framing)
        entries.push({
          phrase,
          target: { kind: 'theme', theme, weight: WEIGHTS.medium, shared: false, framing: true },
        });
    }
    const partEntries: Array<{ phrase: string; target: { compound: number; part: number } }> = [];
    for (const rec of recommendations) {
      for (const alias of rec.aliases) {
        const parts = aliasParts(alias);
        if (parts.length === 1) {
          entries.push({
            phrase: alias,
            target: {
              kind: 'alias',
              key: rec.key,
              theme: rec.theme,
              weight: WEIGHTS.strong,
              shared: shared.has(foldPhrase(alias)),
            },
          });
          continue;
        }
        const compound =
          this.compounds.push({
            key: rec.key,
            theme: rec.theme,
            parts: parts.length,
            shared: parts.every((p) => shared.has(foldPhrase(p))),
          }) - 1;
        parts.forEach((phrase, part) => partEntries.push({ phrase, target: { compound, part } }));
      }
    }
    for (const phrase of taxonomy.blockers) entries.push({ phrase, target: { kind: 'block' } });
    this.signals = new PhraseMatcher(entries);
    this.parts = new PhraseMatcher(partEntries);
    const contextEntries: Array<{ phrase: string; target: ContextSignal }> = [
      ...taxonomy.context.care_system.map((phrase) => ({ phrase, target: { kind: 'care-system' } as const })),
      ...taxonomy.context.children.map((phrase) => ({ phrase, target: { kind: 'children' } as const })),
      ...Object.entries(taxonomy.context.near_domains).flatMap(([domain, list]) =>
        list.map((phrase) => ({ phrase, target: { kind: 'near', domain } as const })),
      ),
    ];
    this.context = new PhraseMatcher(contextEntries);
    this.recThemes = new Map(recommendations.map((rec) => [rec.key, rec.theme]));
  }

  classify(text: ClassifiableText): Classification {
    return this.analyse(text).classification;
  }

  explain(text: ClassifiableText): Explanation {
    return this.analyse(text, true);
  }

  private analyse(text: ClassifiableText, explaining = false): Explanation {
    const themeEvidence = new Map<Theme, ByPhrase>();
    const recEvidence = new Map<string, ByPhrase>();
    const signals: ContextSignals = { careSystem: [], children: [], nearDomains: new Map() };
    const matches: Explanation['matches'] = [];
    const note = (phrase: string, field: Field, count: string) => {
      if (!explaining) return;
      const last = matches.find((m) => m.phrase === phrase && m.field === field);
      if (last) last.counts.push(count);
      else matches.push({ phrase, field, counts: [count] });
    };

    for (const field of FIELDS) {
      const value = text[field];
      if (!value) continue;
      const prepared = prepareText(value);
      const found = this.signals.match(prepared);
      const blocked = found.filter((m) => m.targets.some((t) => t.kind === 'block'));
      const open = <T>(list: PhraseMatch<T>[]) => outside(list, blocked);
      for (const b of blocked) note(b.text, field, 'blocked: matches inside it do not count');
      const inContext = CONTEXT_FIELDS.has(field);
      const careSpans: PhraseMatch<unknown>[] = [];

      for (const match of open(found)) {
        for (const target of match.targets) {
          if (target.kind === 'block') continue;
          const evidence: Evidence = {
            phrase: match.text,
            field,
            weight: target.weight,
            ...(target.shared ? { shared: true as const } : {}),
            ...(target.kind === 'theme' && target.framing ? { framing: true as const } : {}),
          };
          if (inContext && !target.shared) {
            signals.careSystem.push(match.text);
            careSpans.push(match);
          }
          if (target.kind === 'theme') {
            add(themeEvidence, target.theme, evidence);
            note(
              match.text,
              field,
              `${target.theme} +${target.weight}${target.shared ? ' (shared)' : ''}${target.framing ? ' (framing)' : ''}`,
            );
          } else {
            const withKey = { ...evidence, recommendation: target.key };
            add(recEvidence, target.key, withKey);
            add(themeEvidence, target.theme, withKey);
            note(
              match.text,
              field,
              `alias of ${target.key} (${target.theme}) +${target.weight}${target.shared ? ' (shared)' : ''}`,
            );
          }
        }
      }
      this.matchCompounds(prepared, field, open, inContext, signals, themeEvidence, recEvidence, note);
      if (inContext) {
        // Blockers do not apply here (the Care Quality Commission still names adult services), but a
        // word inside a care-system phrase does ("Schools" in the Children's Wellbeing and Schools Bill).
        for (const match of outside(this.context.match(prepared), careSpans)) {
          for (const target of match.targets) {
            if (target.kind === 'care-system') signals.careSystem.push(match.text);
            else if (target.kind === 'children') signals.children.push(match.text);
            else
              signals.nearDomains.set(target.domain, [...(signals.nearDomains.get(target.domain) ?? []), match.text]);
            note(
              match.text,
              field,
              target.kind === 'near' ? `near-domain: ${target.domain}` : `context: ${target.kind}`,
            );
          }
        }
      }
    }

    const context = judgeContext(signals);
    return {
      matches,
      context,
      contextSummary: explaining ? describeContext(context) : '',
      fieldWeights: this.taxonomy.settings.field_weights,
      ...this.select(themeEvidence, recEvidence, context),
    };
  }

  private matchCompounds(
    prepared: PreparedText,
    field: Field,
    open: <T>(list: PhraseMatch<T>[]) => PhraseMatch<T>[],
    inContext: boolean,
    signals: ContextSignals,
    themeEvidence: Map<Theme, ByPhrase>,
    recEvidence: Map<string, ByPhrase>,
    note: (phrase: string, field: Field, count: string) => void,
  ): void {
    if (this.compounds.length === 0) return;
    const seen = new Map<number, string[]>();
    for (const match of open(this.parts.match(prepared))) {
      for (const { compound, part } of match.targets) {
        const parts = seen.get(compound) ?? new Array<string>(this.compounds[compound]!.parts);
        parts[part] ??= match.text;
        seen.set(compound, parts);
      }
    }
    for (const [index, parts] of seen) {
      const compound = this.compounds[index]!;
      if (parts.filter(Boolean).length < compound.parts) continue;
      const phrase = parts.join(ALIAS_JOIN);
      const evidence: Evidence = {
        phrase,
        field,
        weight: WEIGHTS.strong,
        recommendation: compound.key,
        ...(compound.shared ? { shared: true as const } : {}),
      };
      add(recEvidence, compound.key, evidence);
      add(themeEvidence, compound.theme, evidence);
      if (inContext && !compound.shared) signals.careSystem.push(phrase);
      note(phrase, field, `joined alias of ${compound.key} (${compound.theme}) +${WEIGHTS.strong}`);
    }
  }

  private select(
    themeEvidence: Map<Theme, ByPhrase>,
    recEvidence: Map<string, ByPhrase>,
    context: ContextGate,
  ): Pick<Explanation, 'themes' | 'recommendations' | 'classification'> {
    const settings = this.taxonomy.settings;
    const allThemes = this.tags(themeEvidence);
    const best = allThemes[0]?.score ?? 0;
    const contextThemes = new Set(settings.context_themes);
    const themes: Candidate<Theme>[] = allThemes.map((tag, rank) => {
      const specificInTitle = tag.evidence.some((e) => e.field === 'title' && !e.shared);
      const threshold =
        rank === 0
          ? settings.theme_threshold
          : round(
              Math.max(
                settings.theme_threshold,
                best * settings.keep_ratio,
                specificInTitle ? 0 : settings.secondary_threshold,
              ),
            );
      let reason: string | undefined;
      if (!context.inScope) reason = 'the context gate kept the story out';
      else if (tag.score < settings.theme_threshold) reason = `below the theme threshold ${settings.theme_threshold}`;
      else if (tag.score < best * settings.keep_ratio)
        reason = `below ${settings.keep_ratio} of the leading theme's score`;
      else if (rank > 0 && tag.score < settings.secondary_threshold && !specificInTitle)
        reason = `a second theme with no specific phrase in the title: needs ${settings.secondary_threshold}`;
      else if (rank > 0 && tag.evidence.every((e) => e.framing))
        reason = 'only framing phrases: counts only as the leading theme';
      else if (contextThemes.has(tag.key) && rank > 0 && !tag.evidence.some((e) => e.field === 'title'))
        reason = 'a theme that often only frames a story: needs its evidence in the title, or to lead';
      return { ...tag, threshold, kept: reason === undefined, ...(reason ? { reason } : {}) };
    });
    const kept = new Set(themes.filter((t) => t.kept).map((t) => t.key));
    const recommendations: Candidate[] = this.tags(recEvidence).map((tag) => {
      const theme = this.recThemes.get(tag.key)!;
      let reason: string | undefined;
      if (!context.inScope) reason = 'the context gate kept the story out';
      else if (tag.score < settings.recommendation_threshold)
        reason = `below the recommendation threshold ${settings.recommendation_threshold}`;
      else if (!kept.has(theme)) reason = `its theme ${theme} was not kept`;
      return {
        ...tag,
        threshold: settings.recommendation_threshold,
        kept: reason === undefined,
        ...(reason ? { reason } : {}),
      };
    });
    const strip = <K extends string>({ key, score, evidence }: Candidate<K>): Tag<K> => ({ key, score, evidence });
    const keptThemes = themes.filter((t) => t.kept).map(strip);
    const classification: Classification = {
      aboutReform: keptThemes.length > 0,
      themes: keptThemes,
      recommendations: recommendations.filter((r) => r.kept).map(strip),
      ...(!context.inScope && allThemes.length > 0 ? { notFiled: describeContext(context) } : {}),
    };
    return { themes, recommendations, classification };
  }

  private tags<K extends string>(map: Map<K, ByPhrase>): Tag<K>[] {
    const fieldWeights = this.taxonomy.settings.field_weights;
    return [...map.entries()]
      .map(([key, byPhrase]) => ({
        key,
        score: round(score(byPhrase, fieldWeights)),
        evidence: [...byPhrase.values()].map((list) => bestEvidence(list, fieldWeights)),
      }))
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  }
}

/** The matches that start outside every one of the spans. */
function outside<T>(list: PhraseMatch<T>[], spans: PhraseMatch<unknown>[]): PhraseMatch<T>[] {
  if (spans.length === 0) return list;
  return list.filter((m) => !spans.some((s) => m.start >= s.start && m.start < s.start + s.text.length));
}

function add<K>(map: Map<K, ByPhrase>, key: K, evidence: Evidence): void {
  let byPhrase = map.get(key);
  if (!byPhrase) map.set(key, (byPhrase = new Map<string, Evidence[]>()));
  const folded = evidence.phrase.toLowerCase();
  const list = byPhrase.get(folded);
  if (list) list.push(evidence);
  else byPhrase.set(folded, [evidence]);
}

/**
 * A phrase counts fully where it weighs most, and a quarter for each other field it is in. A phrase
 * that is both a theme phrase and an alias counts with its highest weight, as its evidence shows.
 */
function score(byPhrase: ByPhrase, fieldWeights: Record<Field, number>): number {
  let total = 0;
  for (const list of byPhrase.values()) {
    const weights = [...new Set(list.map((e) => e.field))]
      .map((f) => Math.max(...list.filter((e) => e.field === f).map((e) => e.weight)) * fieldWeights[f])
      .sort((a, b) => b - a);
    total += weights[0]! + weights.slice(1).reduce((sum, w) => sum + w * 0.25, 0);
  }
  return total;
}

function bestEvidence(list: Evidence[], fieldWeights: Record<Field, number>): Evidence {
  return list.reduce((best, e) =>
    e.weight * fieldWeights[e.field] > best.weight * fieldWeights[best.field] ? e : best,
  );
}

/** The classifier over the project's data files, or over a recommendation list that includes ones added at run time. */
export function loadClassifier(recommendations: Recommendation[] = loadRecommendations()): Classifier {
  return new Classifier(loadTaxonomy(), recommendations);
}
