import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { help } from '../commands/help.ts';
import { allCommands } from '../commands/index.ts';
import type { Reply } from '../src/render/reply.ts';
import { runTextLine } from '../src/terminal/prompt.ts';
import { renderText } from '../src/terminal/render-text.ts';
import { RESPONSE_LABELS } from '../src/tracker/present.ts';
import {
  loadRecommendationsData,
  type Recommendation,
  type TimelineEntry,
} from '../src/tracker/recommendations-schema.ts';
import { member, trackerHarness } from './helpers/tracker-context.ts';

interface UpdateEvent {
  date: string;
  response?: string;
  progress?: string;
  source: { title: string; url: string };
}
const update = parse(
  readFileSync(new URL('./fixtures/tracker/update-2026-11-responses.yaml', import.meta.url), 'utf8'),
) as {
  recommendations: Array<{ key: string; events: UpdateEvent[] }>;
};
const data = loadRecommendationsData();
const now = new Date('2026-11-23T12:00:00Z');

/** The thirteen entries whose first government response the update found. */
const FIRST_RESPONSES = [
  'expert-cp-practitioner',
  'multi-agency-cp-units',
  'cp-practice-standards',
  'family-group-decision-making',
  'family-network-plan',
  'kinship-allowance',
  'regional-care-cooperatives',
  'care-experience-missions',
  'staying-put-close-23',
  'setting-up-home-allowance',
  'sw-education-quality',
  'national-practice-group',
  'cin-assessment-lead',
];
const NO_DECISION = [
  'lifelong-guardianship-order',
  'staff-banks',
  '100-hours-practice',
  'case-holding-target',
  'devolved-budgets',
  'adoption-contact-modernisation',
  'dcs-role-review',
];
// Until December 2026 independent-cp-chairs, mockingbird and care-leaver-health were here too; youth custody
// joined when a remand fostering pilot was funded without a decision on the review's proposal.
const ACTION_WITHOUT_RESPONSE = [
  'poverty-plan',
  'care-leaver-employment',
  'case-management-systems',
  'youth-custody-phase-out',
];

function fakeRecommendation(key: string, timeline: TimelineEntry[]): Recommendation {
  return {
    key,
    title: `Test recommendation ${key}`,
    theme: 'care-experience',
    aliases: [`${key} alias`],
    proposed: 'Something the review proposed.',
    review_ref: 'ch 6',
    confidence: 'medium',
    timeline,
    responses: [],
  };
}
const act2026 = {
  title: "Children's Wellbeing and Schools Act 2026 (legislation.gov.uk)",
  url: 'https://www.legislation.gov.uk/ukpga/2026/21/contents/enacted',
};
const review = {
  title: 'Care review final report coverage (Community Care, 23 May 2022)',
  url: 'https://www.communitycare.co.uk/2022/05/23/care-review/',
};

describe('the November 2026 update in the data', () => {
  it('holds every response decision the update found, and shows it', async () => {
    const { tracker, reply } = await trackerHarness({ data, now });
    const decisions = update.recommendations.flatMap((r) =>
      r.events.filter((e) => e.response).map((e) => ({ key: r.key, ...e })),
    );
    expect(decisions).toHaveLength(36);
    for (const event of decisions) {
      const status = tracker.status(event.key)!;
      expect(status, event.key).toBeDefined();
      expect(
        status.timeline.some(
          (e) =>
            e.axis === 'response' &&
            e.date === event.date &&
            e.value === event.response &&
            e.source.url === event.source.url,
        ),
        `${event.key} ${event.date} ${event.response}`,
      ).toBe(true);
    }
    for (const key of FIRST_RESPONSES) {
      const status = tracker.status(key)!;
      expect(status.response.value, key).not.toBe('no-response');
      const shown = (await reply('show', { key })).embeds![0]!.description!;
      expect(shown, key).toContain(`**Government response:** ${RESPONSE_LABELS[status.response.value]} (since `);
      expect(shown, key).not.toContain('No government decision found');
    }
  });

  it('applies the corrections as newer entries that say what they correct, keeping the history', async () => {
    const { tracker, text } = await trackerHarness({ data, now });
    const corrected = (key: string, date: string, value: string) =>
      tracker.status(key)!.timeline.find((e) => e.date === date && e.value === value && !e.corrects);
    expect(corrected('corporate-parenting-extension', '2023-02-02', 'accepted-in-principle')?.correctedBy?.value).toBe(
      'under-consideration',
    );
    expect(corrected('windfall-tax', '2022-05-23', 'no-response')?.correctedBy?.value).toBe('under-consideration');
    expect(corrected('national-pay-scale', '2023-02-08', 'rejected')?.correctedBy?.date).toBe('2023-02-02');
    expect(corrected('protected-characteristic', '2023-09', 'rejected')?.correctedBy?.date).toBe('2023-09-21');
    expect(corrected('regional-care-cooperatives', '2023-09', 'piloting')?.correctedBy?.date).toBe('2023-09-21');
    expect(
      tracker
        .status('protected-characteristic')!
        .timeline.some((e) => e.date === '2023-02-02' && e.value === 'rejected'),
    ).toBe(true);
    const shown = await text('show', { key: 'windfall-tax' });
    expect(shown).toContain('23 May 2022 · No government decision found (corrected)');
    expect(shown).toContain('Corrected by the entry dated 23 May 2022.');
    expect(shown).toContain('23 May 2022 · Response: Under consideration');
  });

  it('tracks the three recommendations the update found, with their caveats shown', async () => {
    const { tracker, text } = await trackerHarness({ data, now });
    expect(tracker.coverage()).toEqual({ tracked: 55, added: 0, reviewTotal: '80+' });
    for (const key of ['youth-custody-phase-out', 'childrens-homes-workforce', 'dcs-role-review'])
      expect(tracker.get(key), key).toBeDefined();
    expect(tracker.finder.search('young offender institutions')[0]?.recommendation.key).toBe('youth-custody-phase-out');
    const units = await text('show', { key: 'multi-agency-cp-units' });
    expect(units).toContain("Whose idea: Mainly the Child Safeguarding Practice Review Panel's proposal");
    expect(units).toContain('That the review made it: confidence low');
    const homes = await text('show', { key: 'childrens-homes-workforce' });
    expect(homes).toContain('Undated (kept out of the timeline):');
    expect(homes).toContain("professional registration of all children's home staff");
  });
});

describe('honest answers', () => {
  it('says exactly that no decision was found, with when the sources were last checked', async () => {
    const { tracker, reply } = await trackerHarness({ data, now });
    for (const key of NO_DECISION) {
      expect(tracker.status(key)!.response.value, key).toBe('no-response');
      const shown = (await reply('show', { key })).embeds![0]!.description!;
      expect(shown, key).toContain(
        '**Government response:** No government decision found in our sources (last checked Dec 2026)',
      );
    }
    const list = renderText(await reply('list', { response: 'no-response' }));
    for (const key of NO_DECISION)
      expect(list).toContain(`${key}: No government decision found in our sources (last checked Dec 2026)`);
  });

  it('shows a source title whole, with its outlet and date, where the reply has room', async () => {
    const { text } = await trackerHarness({ data, now });
    expect(await text('show', { key: 'iro' })).toContain(
      'Independent reviewing officer role saved in DfE care review response (Community Care, 2 Feb 2023)',
    );
  });

  it('shows a timeline note to its end when the field has room for it', async () => {
    const { text } = await trackerHarness({ data, now });
    expect(await text('show', { key: 'kinship-leave' })).toContain(
      "entries stand as history. The review's outcome was not found.",
    );
    expect(await text('show', { key: 'youth-custody-phase-out' })).toContain(
      "which is no decision on the review's ten-year closure plan.",
    );
  });

  it('names the date of a progress entry once, when its source title ends with it', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'youth-custody-phase-out' });
    expect(shown).toContain('Progress: piloting 4 Feb 2026, Fostering Reforms, written ministerial statement');
    expect(shown).not.toMatch(/4 Feb 2026, Fostering Reforms, written ministerial statement, 4 Feb 2026/);
  });

  it('shows action without a response plainly, as "Response: none recorded · Progress: …"', async () => {
    const legislated = fakeRecommendation('legislated-only', [
      {
        date: '2022-05-23',
        axis: 'response',
        value: 'no-response',
        summary: 'The review proposes it; no response.',
        source: review,
      },
      { date: '2026-04-29', axis: 'progress', value: 'legislated', summary: 'The Act includes it.', source: act2026 },
    ]);
    const { reply } = await trackerHarness({
      data: { ...data, recommendations: [...data.recommendations, legislated] },
      now,
    });
    const shown = (await reply('show', { key: 'legislated-only' })).embeds![0]!.description!;
    expect(shown).toContain(
      "Response: none recorded · Progress: legislated 29 Apr 2026, Children's Wellbeing and Schools Act 2026",
    );
    expect(shown).toContain(
      'No government decision found in our sources (last checked Dec 2026): no accepted, rejected or other decision on the recommendation itself',
    );
    expect(renderText(await reply('list', { theme: 'care-experience' }))).toContain(
      'legislated-only: Response: none recorded · Progress: legislated 29 Apr 2026',
    );

    const real = await trackerHarness({ data, now });
    for (const key of ACTION_WITHOUT_RESPONSE)
      expect((await real.reply('show', { key })).embeds![0]!.description, key).toMatch(
        /\*\*Response: none recorded · Progress: [a-z ]+ \S/,
      );
  });

  it('shows one confidence label per answer: the footer names one only when the entry has no review confidence', async () => {
    const plain = fakeRecommendation('no-review-confidence', [
      {
        date: '2022-05-23',
        axis: 'response',
        value: 'no-response',
        summary: 'The review proposes it.',
        source: review,
      },
    ]);
    const { tracker, reply } = await trackerHarness({
      data: { ...data, recommendations: [...data.recommendations, plain] },
      now,
    });
    // The answer itself, not the timeline (whose entries may each say how sure their own source is).
    const labels = (answer: Reply) => {
      const embed = answer.embeds![0]!;
      return `${embed.description}\n${embed.footer}`.match(/confidence (high|medium|low)/gi) ?? [];
    };
    const units = await reply('show', { key: 'multi-agency-cp-units' });
    expect(labels(units)).toEqual(['confidence low']);
    expect(units.embeds![0]!.footer).not.toMatch(/confidence/i);
    for (const rec of tracker.recommendations)
      expect(labels(await reply('show', { key: rec.key })), rec.key).toHaveLength(1);
    const shown = await reply('show', { key: 'no-review-confidence' });
    expect(labels(shown)).toEqual(['confidence medium']);
    expect(shown.embeds![0]!.footer).toMatch(/ · confidence medium$/);
  });

  it('never puts "No formal response recorded" beside a legislated or implemented entry, or anywhere', async () => {
    const { tracker, reply, ctx } = await trackerHarness({ data, now });
    const answers = [
      renderText(await reply('list')),
      renderText(await reply('stale')),
      renderText(await help.execute(ctx, { options: {}, user: member })),
    ];
    for (const rec of tracker.recommendations) answers.push(renderText(await reply('show', { key: rec.key })));
    for (const answer of answers) expect(answer).not.toMatch(/no formal response/i);
    const acted = tracker.list().filter((s) => ['legislated', 'implemented'].includes(s.progress.value));
    expect(acted.length).toBeGreaterThan(10);
    for (const status of acted) {
      const shown = renderText(await reply('show', { key: status.recommendation.key }));
      if (status.response.value === 'no-response')
        expect(shown).toContain('no accepted, rejected or other decision on the recommendation itself');
      else expect(shown).toContain(`Government response: ${RESPONSE_LABELS[status.response.value]}`);
    }
  });

  it('dates every answer by its newest evidence and marks what is over six months old', async () => {
    const recent = fakeRecommendation('recent-one', [
      { date: '2026-05-24', axis: 'progress', value: 'in-progress', summary: 'Work goes on.', source: act2026 },
    ]);
    const old = fakeRecommendation('old-one', [
      { date: '2026-05-22', axis: 'progress', value: 'in-progress', summary: 'Work goes on.', source: act2026 },
    ]);
    const month = fakeRecommendation('month-only', [
      { date: '2026-05', axis: 'progress', value: 'in-progress', summary: 'Work goes on in May.', source: act2026 },
    ]);
    const oldest = fakeRecommendation('oldest-one', [
      { date: '2021', axis: 'response', value: 'no-response', summary: 'Nothing.', source: review },
    ]);
    const { reply, tracker } = await trackerHarness({
      data: { ...data, recommendations: [recent, old, month, oldest] },
      now,
    });
    expect(renderText(await reply('show', { key: 'recent-one' }))).toMatch(/Newest evidence: 24 May 2026\n/);
    expect(renderText(await reply('show', { key: 'old-one' }))).toContain(
      'Newest evidence: 22 May 2026 ⚠ possibly out of date',
    );
    expect(renderText(await reply('show', { key: 'month-only' }))).toContain(
      'Newest evidence: May 2026 ⚠ possibly out of date',
    );
    expect(tracker.stale(now).map((s) => s.recommendation.key)).toEqual(['oldest-one', 'month-only', 'old-one']);
    const stale = renderText(await reply('stale'));
    expect(stale.indexOf('oldest-one')).toBeLessThan(stale.indexOf('month-only'));
    expect(stale).not.toContain('recent-one');
    const list = renderText(await reply('list'));
    expect(list).toContain('recent-one: Response: none recorded · Progress: in progress 24 May 2026\n');
    expect(list).toContain('old-one: Response: none recorded · Progress: in progress 22 May 2026 ⚠');

    // A moderator's newer evidence takes an entry off the list.
    await tracker.addEdit('old-one', {
      axis: 'progress',
      value: 'in-progress',
      summary: 'Checked: still under way.',
      source: { url: 'https://www.gov.uk/check' },
      by: { id: '1', name: 'Alice' },
      at: now.toISOString(),
    });
    expect(tracker.stale(now).map((s) => s.recommendation.key)).toEqual(['oldest-one', 'month-only']);
  });

  it('lists the real data oldest evidence first for moderators to check', async () => {
    const { tracker } = await trackerHarness({ data, now });
    const stale = tracker.stale(now);
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.map((s) => s.newestEvidence)).toEqual([...stale.map((s) => s.newestEvidence)].sort());
    expect(stale.some((s) => s.recommendation.key === 'kinship-definition-local-offer')).toBe(false);
  });

  it('states coverage in /recommendation list and /help', async () => {
    const { reply, ctx } = await trackerHarness({ data, now });
    const coverage = 'Tracking 55 of 80+ recommendations; moderators can add the rest';
    expect(renderText(await reply('list'))).toContain(coverage);
    expect(renderText(await help.execute(ctx, { options: {}, user: member }))).toContain(coverage);
  });

  it('lists by theme with one status mark per line', async () => {
    const { reply } = await trackerHarness({ data, now });
    const list = await reply('list');
    const fields = [list, ...(list.more ?? [])].flatMap((r) => r.embeds!.flatMap((e) => e.fields ?? []));
    const themed = fields.filter((f) => !f.name.startsWith('By '));
    expect(themed[0]!.name).toBe('family-help');
    const lines = themed.flatMap((f) => f.value.split('\n'));
    expect(lines).toHaveLength(55);
    for (const line of lines) expect(line).toMatch(/^(🟢|🔵|🟡|🟠|🔴|⚪) \*\*[a-z0-9-]+\*\*: /);
    expect(lines.find((l) => l.includes('**iro**'))).toMatch(/^🔴 \*\*iro\*\*: Rejected · 2 Feb 2023 ⚠$/);
  });
});

describe('at the prompt', () => {
  it('shows the one clear match for a query and says which key it chose', async () => {
    const { ctx } = await trackerHarness({ data, now });
    const pay = await runTextLine('/recommendation pay', ctx, allCommands);
    expect(pay).toMatch(/^Showing national-pay-scale, the one clear match for "pay"\.\nNational pay scales/);
    const kinship = await runTextLine('/recommendation kinship', ctx, allCommands);
    expect(kinship).toMatch(/^"kinship" fits more than one recommendation: kinship-/);
  });

  it('refuses a name longer than Discord would take, before searching for it', async () => {
    const { ctx } = await trackerHarness({ data, now });
    const answer = await runTextLine(`/recommendation ${'reviewing'.repeat(700)}`, ctx, allCommands);
    expect(answer).toBe('key must be at most 100 characters (got 6300)');
  });
});

describe('the status mark in a list', () => {
  it('marks a rejection red whatever else happened, and something under consideration apart from an acceptance', async () => {
    const { statusMark } = await import('../src/tracker/present.ts');
    const { Tracker } = await import('../src/tracker/tracker.ts');
    const { loadRecommendationsData } = await import('../src/tracker/recommendations-schema.ts');
    const { memoryCollection } = await import('./helpers/memory-store.ts');
    const tracker = await Tracker.open(loadRecommendationsData(), await memoryCollection());
    const mark = (key: string) => statusMark(tracker.status(key)!);
    const withValue = (axis: 'response' | 'progress', values: string[]) =>
      tracker.list().filter((s) => values.includes(axis === 'response' ? s.response.value : s.progress.value));
    for (const s of withValue('response', ['rejected', 'not-taken-forward']))
      expect(mark(s.recommendation.key)).toBe('🔴');
    for (const s of withValue('response', ['under-consideration']).filter((s) => s.progress.value === 'not-started'))
      expect(mark(s.recommendation.key)).toBe('🟠');
  });
});
