import type { Classifier } from '../classify/classifier.ts';
import { classifyItem } from '../classify/classify-item.ts';
import type { Item } from '../sources/item.ts';
import type { Recommendation } from '../tracker/recommendations-schema.ts';

const PARAGRAPH =
  'Directors of children’s services said the plans would need more funding and more social workers, and that councils were already stretched by rising demand and the cost of placements. ';

/** `count` stories shaped like real ones (title, standfirst, a body of about 3 KB), classified. */
export function benchItems(
  count: number,
  classifier: Classifier,
  recommendations: Recommendation[],
  prefix = 'bench',
): Item[] {
  const base = Date.UTC(2022, 4, 23);
  const items: Item[] = [];
  for (let n = 0; n < count; n++) {
    const rec = recommendations[n % recommendations.length]!;
    const alias = rec.aliases[n % rec.aliases.length]!;
    const at = new Date(base + n * 600_000).toISOString();
    items.push(
      classifyItem(classifier, {
        id: `${prefix}-${n}`,
        sourceId: n % 3 === 0 ? 'psw-basw' : 'community-care',
        url: `https://news.example.org/${prefix}/${n}/`,
        title: `Story ${n}: councils respond on ${alias}`,
        summary: `Directors and social workers discuss ${alias} and what the care review proposed.`,
        body: PARAGRAPH.repeat(16),
        categories: ['Children', 'Workforce'],
        published: at,
        publishedKnown: true,
        firstSeen: at,
        backfill: false,
      }),
    );
  }
  return items;
}
