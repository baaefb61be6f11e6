import { describe, expect, it } from 'vitest';
import { loadRecommendationsData } from '../src/tracker/recommendations-schema.ts';
import { trackerHarness } from './helpers/tracker-context.ts';

const data = loadRecommendationsData();
const now = new Date('2026-12-07T12:00:00Z');

interface Cited {
  title: string;
  url: string;
  mirror_only?: true;
}

function citedSources(value: unknown, out: Cited[] = []): Cited[] {
  if (Array.isArray(value)) for (const v of value) citedSources(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.url === 'string' && typeof o.title === 'string') out.push(o as unknown as Cited);
    for (const v of Object.values(o)) citedSources(v, out);
  }
  return out;
}

describe('December facts as a user reads them', () => {
  it("/recommendation kinship-leave does not still say Kinship's tracker rates it 'No progress'", async () => {
    // The update: Kinship's tracker now rates kinship care leave 'good progress' (kinship carers in the
    // parental leave review since 1 Jul 2025). The older undated line says the opposite, on the same page.
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'kinship-leave' });
    expect(shown).toContain("'good progress'");
    expect(shown).not.toContain("rates kinship care leave 'No progress'");
  });

  it('a copy of UKAuthority on an Azure host is labelled as a copy, not cited as UKAuthority itself', () => {
    const copies = citedSources(data.recommendations).filter((s) =>
      new URL(s.url).hostname.endsWith('azurewebsites.net'),
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const s of copies) expect(s.mirror_only, `${s.title} ${s.url}`).toBe(true);
  });

  it('"That the review made it" reads as one sentence break, not ".."', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'extra-familial-harm-response' });
    expect(shown).toContain('whose text is cut off');
    expect(shown).not.toMatch(/cut off\.\./);
  });
});
