import { NameFinder, type Resolution } from '../util/name-finder.ts';
import type { Recommendation } from './recommendations-schema.ts';

export interface Match {
  recommendation: Recommendation;
  score: number;
}

/**
 * Finds recommendations by what people type: the key, an alias ("IROs", "reviewing officer"), words
 * of the title ("pay scale"), or a near miss ("kinshp"). Exact and prefix matches rank first; fuzzy
 * matches (fuse.js) fill the rest.
 */
export class RecommendationFinder {
  private readonly names: NameFinder<Recommendation>;

  constructor(recommendations: Recommendation[]) {
    this.names = new NameFinder(
      recommendations.map((rec) => ({ item: rec, key: rec.key, names: rec.aliases, title: rec.title })),
    );
  }

  exact(query: string): Recommendation | undefined {
    return this.names.exact(query);
  }

  /**
   * The one recommendation a query clearly means, when it is not an exact name: the only match, or
   * the only one found by name ahead of every other ("pay" is national-pay-scale; "kinship" is several).
   */
  clearMatch(query: string): Recommendation | undefined {
    return this.names.clearMatch(query);
  }

  /** What a typed key, alias or words of a title mean: one recommendation, a few to pick from, or the closest. */
  resolve(query: string, guess = true): Resolution<Recommendation> {
    return this.names.resolve(query, guess);
  }

  search(query: string, limit = 25): Match[] {
    return this.names.search(query, limit).map(({ item, score }) => ({ recommendation: item, score }));
  }
}
