import { loadRecommendations, type Recommendation } from '../tracker/recommendations-schema.ts';
import { PhraseMatcher } from './phrase-matcher.ts';
import { loadTaxonomy, WEIGHTS, type Taxonomy } from './taxonomy-schema.ts';
import { THEMES, type Theme } from './themes.ts';

export type Field = 'title' | 'summary' | 'body';
const FIELDS: Field[] = ['title', 'summary', 'body'];

export interface ClassifiableText {
  title?: string;
  summary?: string;
  body?: string;
}

export interface Evidence {
  /** The words as they appeared in the text. */
  phrase: string;
  field: Field;
  weight: number;
  /** Set when the phrase is an alias of this recommendation. */
  recommendation?: string;
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
  /** Why the text was read as being about adults only, when it was. */
  adultOnly?: string[];
}

type Target = { kind: 'theme'; theme: Theme; weight: number } | { kind: 'recommendation'; key: string; theme: Theme; weight: number } | { kind: 'block' };

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Weighted phrase rules over title, summary and body. Every tag carries the phrases that earned it,
 * so a user can see why an item was filed where it was. Deterministic and in-process.
 */
export class Classifier {
  private readonly matcher: PhraseMatcher<Target>;
  private readonly adult: PhraseMatcher<true>;
  private readonly children: PhraseMatcher<true>;
  private readonly recThemes: Map<string, Theme>;

  constructor(
    private readonly taxonomy: Taxonomy,
    recommendations: Recommendation[],
  ) {
    const entries: Array<{ phrase: string; target: Target }> = [];
    for (const theme of THEMES) {
      const signals = taxonomy.themes[theme];
      for (const strength of ['strong', 'medium', 'weak'] as const) {
        for (const phrase of signals[strength]) entries.push({ phrase, target: { kind: 'theme', theme, weight: WEIGHTS[strength] } });
      }
    }
    for (const rec of recommendations) {
      for (const alias of rec.aliases) entries.push({ phrase: alias, target: { kind: 'recommendation', key: rec.key, theme: rec.theme, weight: WEIGHTS.strong } });
    }
    for (const phrase of taxonomy.blockers) entries.push({ phrase, target: { kind: 'block' } });
    this.matcher = new PhraseMatcher(entries);
    this.adult = new PhraseMatcher(taxonomy.context.adult.map((phrase) => ({ phrase, target: true as const })));
    this.children = new PhraseMatcher(taxonomy.context.children.map((phrase) => ({ phrase, target: true as const })));
    this.recThemes = new Map(recommendations.map((rec) => [rec.key, rec.theme]));
  }

  classify(text: ClassifiableText): Classification {
    const settings = this.taxonomy.settings;
    const themeEvidence = new Map<Theme, Map<string, Evidence[]>>();
    const recEvidence = new Map<string, Map<string, Evidence[]>>();
    const add = (map: Map<string, Map<string, Evidence[]>>, key: string, evidence: Evidence) => {
      let byPhrase = map.get(key);
      if (!byPhrase) map.set(key, (byPhrase = new Map()));
      const folded = evidence.phrase.toLowerCase();
      const list = byPhrase.get(folded);
      if (list) list.push(evidence);
      else byPhrase.set(folded, [evidence]);
    };

    const adultHits: string[] = [];
    let childHits = 0;
    for (const field of FIELDS) {
      const value = text[field];
      if (!value) continue;
      const matches = this.matcher.match(value);
      const blocked = matches.filter((m) => m.targets.some((t) => t.kind === 'block')).map((m) => [m.start, m.start + m.text.length] as const);
      for (const match of matches) {
        if (blocked.some(([from, to]) => match.start >= from && match.start < to)) continue;
        for (const target of match.targets) {
          if (target.kind === 'block') continue;
          const evidence: Evidence = { phrase: match.text, field, weight: target.weight };
          if (target.kind === 'theme') add(themeEvidence as Map<string, Map<string, Evidence[]>>, target.theme, evidence);
          else {
            add(recEvidence, target.key, { ...evidence, recommendation: target.key });
            add(themeEvidence as Map<string, Map<string, Evidence[]>>, target.theme, { ...evidence, recommendation: target.key });
          }
        }
      }
      if (field !== 'body') {
        adultHits.push(...this.adult.match(value).map((m) => m.text));
        childHits += this.children.match(value).length;
      }
    }

    const factor = adultHits.length > 0 && childHits === 0 ? settings.adult_only_factor : 1;
    const score = (byPhrase: Map<string, Evidence[]>): number => {
      let total = 0;
      for (const list of byPhrase.values()) {
        // A phrase counts fully where it weighs most, and a quarter for each other field it is in. A phrase
        // that is both a theme phrase and an alias counts with its highest weight, as its evidence shows.
        const weights = [...new Set(list.map((e) => e.field))]
          .map((f) => Math.max(...list.filter((e) => e.field === f).map((e) => e.weight)) * settings.field_weights[f])
          .sort((a, b) => b - a);
        total += weights[0]! + weights.slice(1).reduce((sum, w) => sum + w * 0.25, 0);
      }
      return total * factor;
    };
    const tags = <K extends string>(map: Map<K, Map<string, Evidence[]>>): Tag<K>[] =>
      [...map.entries()]
        .map(([key, byPhrase]) => ({ key, score: round(score(byPhrase)), evidence: [...byPhrase.values()].map((list) => bestEvidence(list, settings.field_weights)) }))
        .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));

    const allThemes = tags(themeEvidence);
    const best = allThemes[0]?.score ?? 0;
    const contextThemes = new Set(settings.context_themes);
    const themes = allThemes.filter(
      (t, rank) =>
        t.score >= settings.theme_threshold &&
        t.score >= best * settings.keep_ratio &&
        (!contextThemes.has(t.key) || rank === 0 || t.evidence.some((e) => e.field === 'title')),
    );
    const kept = new Set(themes.map((t) => t.key));
    const recommendations = tags(recEvidence).filter((t) => t.score >= settings.recommendation_threshold && kept.has(this.recThemes.get(t.key)!));
    return {
      aboutReform: themes.length > 0,
      themes,
      recommendations,
      ...(factor < 1 ? { adultOnly: [...new Set(adultHits)] } : {}),
    };
  }

}

function bestEvidence(list: Evidence[], fieldWeights: Record<Field, number>): Evidence {
  return list.reduce((best, e) => (e.weight * fieldWeights[e.field] > best.weight * fieldWeights[best.field] ? e : best));
}

/** The classifier over the project's data files (data/taxonomy.yaml and data/recommendations.yaml). */
export function loadClassifier(recommendations: Recommendation[] = loadRecommendations()): Classifier {
  return new Classifier(loadTaxonomy(), recommendations);
}
