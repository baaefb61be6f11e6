import { describe, expect, it } from 'vitest';
import { loadRecommendationsData } from '../src/tracker/recommendations-schema.ts';
import { moderator, trackerHarness } from './helpers/tracker-context.ts';

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

  const update = (key: string, axis: string, value: string) => ({
    key,
    axis,
    value,
    summary: `A statement on ${key}.`,
    source_url: `https://www.gov.uk/${key}-statement`,
    source_title: 'Statement (GOV.UK)',
  });
  const lineOf = (text: string, key: string) =>
    text.split('\n').find((l) => l.includes(`**${key}**`) || l.includes(` ${key}:`))!;
  const progressLine = (shown: string) => shown.split('\n').find((l) => l.includes('Progress'))!;

  for (const [value, label] of [
    ['not-started', 'Not started'],
    ['unable-to-rate', 'Unable to rate'],
  ] as const)
    it(`a turned-down recommendation whose progress is "${label}" says nothing was done instead`, async () => {
      const { reply, text } = await trackerHarness({ data, now });
      await reply('update', update('iro', 'progress', value), moderator);
      expect(progressLine(await text('show', { key: 'iro' }))).toContain(`Progress: ${label}`);
      expect(lineOf(await text('list'), 'iro')).toContain(`Rejected · ${label}`);
    });

  it('progress made before a recommendation was turned down stays progress on the recommendation', async () => {
    const { reply, text } = await trackerHarness({ data, now });
    await reply('update', update('family-help', 'response', 'not-taken-forward'), moderator);
    const shown = await text('show', { key: 'family-help' });
    expect(shown).toContain('Government response: Not taken forward (since 7 Dec 2026)');
    expect(progressLine(shown)).toMatch(/^\*{0,2}Progress:\*{0,2} In progress \(since 22 Jun 2026\)/);
    expect(lineOf(await text('list'), 'family-help')).toContain('Not taken forward · In progress');
  });

  it('progress made while it stood rejected stays on what was done instead after a later acceptance', async () => {
    const { reply, text } = await trackerHarness({ data, now });
    await reply('update', update('protected-characteristic', 'response', 'accepted'), moderator);
    const shown = await text('show', { key: 'protected-characteristic' });
    expect(shown).toContain('Government response: Accepted (since 7 Dec 2026)');
    expect(progressLine(shown)).toContain('Progress on what was done instead: In progress (since 17 Mar 2025)');
    const line = lineOf(await text('list'), 'protected-characteristic');
    expect(line).toContain('Accepted · instead: In progress');
    expect(line.trim()).toMatch(/^🟡/);
  });
});
