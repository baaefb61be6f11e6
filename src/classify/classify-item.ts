import type { Item } from '../sources/item.ts';
import type { Classifier, Classification, Tag } from './classifier.ts';

export function classifyItem(classifier: Classifier, item: Item): Item {
  return {
    ...item,
    classification: classifier.classify({ title: item.title, summary: item.summary, body: item.body }),
  };
}

/** Re-classifies every stored item (after the taxonomy or aliases change); returns how many changed. */
export function reclassifyAll(classifier: Classifier, items: Item[], onProgress?: (done: number) => void): Item[] {
  const changed: Item[] = [];
  items.forEach((item, index) => {
    const next = classifyItem(classifier, item);
    if (JSON.stringify(next.classification) !== JSON.stringify(item.classification)) changed.push(next);
    if (onProgress && index % 500 === 0) onProgress(index);
  });
  return changed;
}

function tagLine(tag: Tag): string {
  const best = tag.evidence.slice(0, 3).map((e) => `'${e.phrase}' (${e.field})`);
  return `${tag.key}: ${best.join(', ')}`;
}

/** "tagged kinship-care: 'special guardianship' (title)", one line per theme; empty when off-topic. */
export function describeTags(classification: Classification | undefined): string[] {
  if (!classification?.aboutReform) return [];
  return [
    ...classification.themes.map((tag) => `tagged ${tagLine(tag)}`),
    ...classification.recommendations.map((tag) => `recommendation ${tagLine(tag)}`),
  ];
}
