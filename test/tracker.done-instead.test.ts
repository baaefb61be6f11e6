import { describe, expect, it } from 'vitest';
import { loadRecommendationsData } from '../src/tracker/recommendations-schema.ts';
import { trackerHarness } from './helpers/tracker-context.ts';

const data = loadRecommendationsData();
const now = new Date('2026-12-07T12:00:00Z');

// Once government has turned a recommendation down, any progress recorded is on what it did instead.
describe('a recommendation turned down, with progress on something else', () => {
  it('the list line says the progress is on what was done instead, not on the recommendation', async () => {
    const { text } = await trackerHarness({ data, now });
    const list = await text('list');
    const windfall = list.split('\n').find((line) => line.includes('windfall-tax'))!;
    expect(windfall).toContain('Not taken forward · instead: Legislated');
    const characteristic = list.split('\n').find((line) => line.includes('protected-characteristic'))!;
    expect(characteristic).toContain('Rejected · instead: In progress');
    // A turned-down recommendation with no progress reads as before.
    const iro = list.split('\n').find((line) => line.includes('**iro**') || line.includes(' iro:'))!;
    expect(iro).toMatch(/Rejected · \d/);
  });

  it('/recommendation windfall-tax names the progress as on what was done instead', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'windfall-tax' });
    expect(shown).toContain('Government response: Not taken forward (since 18 Nov 2024)');
    expect(shown).toContain('Progress on what was done instead: Legislated (since 29 Apr 2026)');
    expect(shown).not.toMatch(/^\*{0,2}Progress:\*{0,2} Legislated/m);
  });

  it('an accepted recommendation keeps its plain progress line', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'corporate-parenting-extension' });
    expect(shown).toContain('Progress: Legislated (since 29 Apr 2026)');
    expect(shown).not.toContain('instead');
  });
});
