import Fuse from 'fuse.js';
import type { Recommendation } from './recommendations-schema.ts';

export interface Match {
  recommendation: Recommendation;
  score: number;
}

const fold = (text: string) =>
  text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
const singular = (word: string) =>
  word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;

/**
 * Finds recommendations by what people type: the key, an alias ("IROs", "reviewing officer"), words
 * of the title ("pay scale"), or a near miss ("kinshp"). Exact and prefix matches rank first; fuzzy
 * matches (fuse.js) fill the rest.
 */
export class RecommendationFinder {
  private readonly fuse: Fuse<{ rec: Recommendation; key: string; aliases: string[]; title: string }>;
  private readonly names: Array<{ rec: Recommendation; names: string[]; words: Set<string> }>;

  constructor(private readonly recommendations: Recommendation[]) {
    const docs = recommendations.map((rec) => ({ rec, key: rec.key, aliases: rec.aliases, title: rec.title }));
    this.fuse = new Fuse(docs, {
      keys: [
        { name: 'key', weight: 3 },
        { name: 'aliases', weight: 2 },
        { name: 'title', weight: 1 },
      ],
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.35,
      minMatchCharLength: 2,
    });
    this.names = recommendations.map((rec) => {
      const names = [rec.key, rec.key.replace(/-/g, ' '), ...rec.aliases].map(fold);
      const words = new Set([...names, fold(rec.title)].flatMap((n) => n.split(' ')).map(singular));
      return { rec, names, words };
    });
  }

  exact(query: string): Recommendation | undefined {
    const q = fold(query);
    return (
      this.recommendations.find((r) => r.key === query.trim().toLowerCase()) ??
      this.names.find((n) => n.names.includes(q) || n.names.includes(singular(q)))?.rec
    );
  }

  /**
   * The one recommendation a query clearly means, when it is not an exact name: the only match, or
   * the only one found by name ahead of every other ("pay" is national-pay-scale; "kinship" is several).
   */
  clearMatch(query: string): Recommendation | undefined {
    const [top, second] = this.search(query, 5);
    if (!top) return undefined;
    if (!second) return top.score >= 20 ? top.recommendation : undefined;
    return top.score >= 60 && second.score < top.score ? top.recommendation : undefined;
  }

  search(query: string, limit = 25): Match[] {
    const q = fold(query);
    if (!q) return this.recommendations.slice(0, limit).map((recommendation) => ({ recommendation, score: 0 }));
    const qWords = q.split(' ').map(singular);
    const scored = new Map<string, Match>();
    const offer = (recommendation: Recommendation, score: number) => {
      const current = scored.get(recommendation.key);
      if (!current || current.score < score) scored.set(recommendation.key, { recommendation, score });
    };
    for (const { rec, names, words } of this.names) {
      if (names.some((n) => n === q || n === singular(q))) offer(rec, 100);
      else if (names.some((n) => n.startsWith(q))) offer(rec, 80);
      else if (qWords.every((w) => [...words].some((word) => word.startsWith(w)))) offer(rec, 60);
    }
    if (scored.size < limit) {
      for (const result of this.fuse.search(q, { limit: limit * 2 }))
        offer(result.item.rec, 40 * (1 - (result.score ?? 1)));
    }
    const ranked = [...scored.values()].sort(
      (a, b) => b.score - a.score || a.recommendation.key.localeCompare(b.recommendation.key),
    );
    // Once something matched by name, faint fuzzy matches are noise ("iro" is not "two loving relationships").
    const floor = (ranked[0]?.score ?? 0) >= 60 ? 35 : 0;
    return ranked.filter((m) => m.score >= floor).slice(0, limit);
  }
}
