import { describe, expect, it } from 'vitest';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';

// An entry is shown on its own in a digest and newest first in /recommendation history, never in the
// data file's order: "the entry above" points at nothing a reader can see.
describe('each timeline entry of the data file', () => {
  it('names what it refers to by its date, not by its place in the file', () => {
    const pointing = loadRecommendations().flatMap((rec) =>
      rec.timeline
        .filter((entry) => /\b(above|below)\b/i.test(`${entry.summary} ${entry.note ?? ''}`))
        .map((entry) => `${rec.key} ${entry.date}: ${entry.summary} ${entry.note ?? ''}`),
    );
    expect(pointing).toEqual([]);
  });
});
