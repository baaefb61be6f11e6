import { describe, expect, it } from 'vitest';
import { buildDigest, type DigestInput } from '../src/digest/build-digest.ts';
import { resolvePeriod } from '../src/digest/period.ts';
import { classifyComment } from '../src/responses/classify-comments.ts';
import { parseCommentPage } from '../src/responses/parse-comment-page.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import type { DatedEntry } from '../src/tracker/tracker.ts';
import { newsItem, readerComment, sharedClassifier, SOURCES } from './helpers/digest-data.ts';
import { fixture } from './helpers/fixture-server.ts';

// The week of Monday 20 to Sunday 26 October 2025, as the Monday 27 October digest sees it.
const week = resolvePeriod({ kind: 'last-week' }, new Date('2025-10-27T09:00:00Z'));
const recommendations = loadRecommendations();
const statuses = () => recommendations.map((r) => ({ recommendation: r, timeline: [...r.timeline] as DatedEntry[] }));
const digestOf = (input: Partial<DigestInput>) =>
  buildDigest({ period: week, items: [], comments: [], statuses: statuses(), sources: SOURCES, ...input });

const kinshipCc = newsItem({
  title: 'Kinship carers to get allowance in pilot, government announces',
  summary:
    'Special guardians and kinship carers in eight council areas will receive a weekly allowance in a pilot announced by the Department for Education.',
  published: '2025-10-21T10:00:00Z',
});
const kinshipPsw = newsItem({
  title: 'Government announces kinship allowance pilot for carers',
  summary:
    'The Department for Education will pilot an allowance for kinship carers and special guardians in eight local authority areas.',
  published: '2025-10-22T12:00:00Z',
  sourceId: 'psw-basw',
});
const agencyCaps = newsItem({
  title: 'Agency social work price caps delayed until spring',
  summary:
    'Councils have been given until spring to bring in national price caps on agency social workers, the Department for Education said.',
  published: '2025-10-20T09:00:00Z',
});
const agencySavings = newsItem({
  title: 'Councils report savings from agency social work price caps in the north west',
  summary:
    'A regional memorandum of understanding has cut spending on locum social workers, according to a report by directors.',
  published: '2025-10-23T09:00:00Z',
});
const bashResponse = newsItem({
  title: 'BASW responds to agency social work price caps',
  summary:
    'BASW said national rules on agency social workers must not penalise locums who fill gaps in children’s services.',
  published: '2025-10-22T15:00:00Z',
  sourceId: 'psw-basw',
});
const adults = newsItem({
  title: 'Adult social care funding gap widens, directors warn',
  summary: 'ADASS survey of adult social care directors finds the Care Act duties underfunded.',
  published: '2025-10-24T12:00:00Z',
});

describe('the weekly digest', () => {
  it('an empty week is quiet: nothing on the review, with other news still counted', () => {
    const empty = digestOf({});
    expect(empty.quiet).toBe(true);
    expect(empty.counts).toMatchObject({ stories: 0, statusChanges: 0, comments: 0, otherNews: 0 });
    const onlyOther = digestOf({ items: [adults] });
    expect(onlyOther.quiet).toBe(true);
    expect(onlyOther.counts.otherNews).toBe(1);
  });

  it('shows one story told by Community Care and PSW once, with both links', () => {
    const digest = digestOf({ items: [kinshipCc, kinshipPsw, agencyCaps] });
    const kinship = digest.news.find((s) => s.theme === 'kinship-care')!;
    expect(kinship.stories).toHaveLength(1);
    const story = kinship.stories[0]!;
    expect(story.title).toBe(kinshipCc.title);
    expect(story.links.map((l) => [l.sourceName, l.url])).toEqual([
      ['Community Care', kinshipCc.url],
      ['Professional Social Work (BASW)', kinshipPsw.url],
    ]);
    expect(story.recommendations.map((r) => r.key)).toContain('kinship-allowance');
    expect(story.why.join(' ')).toMatch(/kinship allowance|kinship carers/i);
    expect(digest.counts).toMatchObject({ stories: 2, items: 3, grouped: 1, retold: 1 });
  });

  it('groups one outlet telling a story twice, but not two different stories on the same subject', () => {
    const retold = newsItem({
      title: 'Agency social work price caps will not come into force until spring',
      summary:
        'Councils have been given until spring to bring in national price caps on agency social workers, the Department for Education has said.',
      published: '2025-10-21T16:00:00Z',
    });
    const digest = digestOf({ items: [agencyCaps, retold, agencySavings] });
    const stories = digest.news.flatMap((s) => s.stories);
    expect(stories.map((s) => s.links.length).sort()).toEqual([1, 2]);
    expect(stories.find((s) => s.links.length === 2)!.links.map((l) => l.url)).toEqual([agencyCaps.url, retold.url]);
  });

  it('keeps apart two outlets reporting different councils in the same words', () => {
    const leeds = newsItem({
      title: 'Ofsted rates Leeds children’s services outstanding',
      summary: 'Inspectors praised stable social work teams and strong early help in Leeds.',
      published: '2025-10-21T09:00:00Z',
    });
    const kent = newsItem({
      title: 'Ofsted rates Kent children’s services inadequate',
      summary: 'Inspectors found children in need waiting too long for assessments in Kent, with high caseloads.',
      published: '2025-10-22T09:00:00Z',
      sourceId: 'psw-basw',
    });
    const digest = digestOf({ items: [leeds, kent, kinshipCc, kinshipPsw] });
    expect(digest.counts).toMatchObject({ stories: 3, retold: 1 });
  });

  it("lists a sector body's statement under responses, not as news, and apart from the story it answers", () => {
    const digest = digestOf({ items: [agencyCaps, bashResponse] });
    expect(digest.statements).toHaveLength(1);
    expect(digest.statements[0]!.statement!.body).toBe('BASW');
    expect(digest.statements[0]!.links[0]!.url).toBe(bashResponse.url);
    const news = digest.news.flatMap((s) => s.stories.flatMap((story) => story.links.map((l) => l.url)));
    expect(news).toEqual([agencyCaps.url]);
    expect(digest.counts.statements).toBe(1);
  });

  it('files news by theme, busiest theme first, newest story first, and counts the rest as other news', () => {
    const more = [
      newsItem({
        title: 'Foster carer recruitment drive falls short of target',
        summary: 'Fostering services recruited fewer foster carers than planned.',
        published: '2025-10-21T09:00:00Z',
      }),
      newsItem({
        title: 'Mockingbird fostering model expands to 20 more councils',
        summary: 'The Fostering Network said foster carers welcomed the hubs.',
        published: '2025-10-23T09:00:00Z',
      }),
      newsItem({
        title: 'Foster carers to get higher allowances',
        summary: 'The national minimum fostering allowance rises by 5%.',
        published: '2025-10-25T09:00:00Z',
      }),
    ];
    const digest = digestOf({ items: [kinshipCc, ...more, adults] });
    expect(digest.news[0]!.theme).toBe('fostering');
    expect(digest.news[0]!.stories.map((s) => s.links[0]!.url)).toEqual([more[2]!.url, more[1]!.url, more[0]!.url]);
    expect(digest.counts.otherNews).toBe(1);
    expect(digest.quiet).toBe(false);
  });

  it('keeps only stories published in the week, including backfilled ones the source dated', () => {
    const before = newsItem({ title: 'Kinship allowance pilot areas named', published: '2025-10-19T22:30:00Z' }); // 23:30 BST on Sunday 19th
    const backfilledDated = newsItem({
      title: 'Independent reviewing officers kept, DfE confirms',
      published: '2025-10-22T09:00:00Z',
      backfill: true,
    });
    const backfilledUndated = newsItem({
      title: 'Kinship care strategy one year on',
      published: '2025-10-22T09:00:00Z',
      backfill: true,
      publishedKnown: false,
    });
    const digest = digestOf({ items: [before, backfilledDated, backfilledUndated] });
    expect(digest.news.flatMap((s) => s.stories.map((story) => story.title))).toEqual([backfilledDated.title]);
  });

  it('puts stories either side of the clocks going back in the right week', () => {
    const mondayBst = newsItem({ title: 'Kinship allowance pilot opens', published: '2025-10-19T23:30:00Z' }); // Mon 20 Oct, 00:30 BST
    const sundayGmt = newsItem({
      title: 'Foster carers to get higher allowances',
      summary: 'Fostering allowance rises.',
      published: '2025-10-26T23:30:00Z',
    }); // Sun 26 Oct, 23:30 GMT
    const nextMonday = newsItem({
      title: 'Independent reviewing officers kept, DfE confirms',
      published: '2025-10-27T00:30:00Z',
    }); // Mon 27 Oct, 00:30 GMT
    const titles = (d: ReturnType<typeof digestOf>) =>
      d.news.flatMap((s) => s.stories.map((story) => story.title)).sort();
    expect(titles(digestOf({ items: [mondayBst, sundayGmt, nextMonday] }))).toEqual(
      [sundayGmt.title, mondayBst.title].sort(),
    );
    const following = resolvePeriod({ kind: 'last-week' }, new Date('2025-11-03T09:00:00Z'));
    expect(titles(digestOf({ period: following, items: [mondayBst, sundayGmt, nextMonday] }))).toEqual([
      nextMonday.title,
    ]);
  });

  it('limits the digest to one theme when asked', () => {
    const digest = digestOf({ items: [kinshipCc, kinshipPsw, agencyCaps, bashResponse], theme: 'kinship-care' });
    expect(digest.theme).toEqual({ key: 'kinship-care', label: 'Kinship care' });
    expect(digest.news.map((s) => s.theme)).toEqual(['kinship-care']);
    expect(digest.statements).toEqual([]);
  });

  it('counts stories beyond a per-theme cap instead of listing them', () => {
    const many = Array.from({ length: 7 }, (_, n) =>
      newsItem({
        title: `Kinship carers in area ${n} get special guardianship allowance ${'abcdefg'[n]}`,
        published: `2025-10-2${n % 6}T09:00:00Z`,
        url: `https://www.communitycare.co.uk/k/${n}/`,
      }),
    );
    const digest = digestOf({
      items: many,
      options: {
        maxStoriesPerTheme: 3,
        thresholds: {
          windowDays: 0,
          crossTitle: 2,
          crossTitleWithText: 2,
          crossText: 2,
          sameTitle: 2,
          sameTitleWithText: 2,
          sameText: 2,
        },
      },
    });
    expect(digest.news[0]!.stories).toHaveLength(3);
    expect(digest.news[0]!.more).toBe(4);
  });
});

describe('status changes in the digest', () => {
  it('lists timeline entries and moderators’ updates dated in the week, with their sources, oldest first, but not baselines', () => {
    const list = statuses();
    const kinship = list.find((s) => s.recommendation.key === 'kinship-allowance')!;
    const iro = list.find((s) => s.recommendation.key === 'iro')!;
    kinship.timeline.push({
      date: '2025-10-24',
      axis: 'progress',
      value: 'piloting',
      summary: 'Allowance piloted in eight areas.',
      source: { title: 'DfE announcement', url: 'https://www.gov.uk/kinship' },
    });
    kinship.timeline.push({
      date: '2025-10-27',
      axis: 'progress',
      value: 'in-progress',
      summary: 'Too late for this week.',
      source: { title: 'Later', url: 'https://www.gov.uk/later' },
    });
    kinship.timeline.push({
      date: '2025-10-21',
      axis: 'response',
      value: 'no-response',
      summary: 'Nothing decided: a starting point, not a change.',
      source: { title: 'Report', url: 'https://www.gov.uk/report' },
    });
    iro.timeline.push({
      date: '2025-09-30',
      axis: 'response',
      value: 'accepted-in-part',
      summary: 'Recorded this week, dated earlier.',
      source: { title: 'Letter', url: 'https://www.gov.uk/letter' },
      edit: { id: 'edit-7', by: { id: '7', name: 'Sam (moderator)' }, at: '2025-10-22T11:00:00Z' },
    });
    const digest = digestOf({ statuses: list });
    expect(
      digest.statusChanges.map((c) => [c.recommendation.key, c.date, c.label, c.source.url, c.recordedBy?.name]),
    ).toEqual([
      ['iro', '2025-09-30', 'Accepted in part', 'https://www.gov.uk/letter', 'Sam (moderator)'],
      ['kinship-allowance', '2025-10-24', 'Piloting', 'https://www.gov.uk/kinship', undefined],
    ]);
    expect(digest.quiet).toBe(false);
    expect(digestOf({ statuses: list, theme: 'kinship-care' }).statusChanges.map((c) => c.recommendation.key)).toEqual([
      'kinship-allowance',
    ]);
  });
});

const payScalesPage = await parseCommentPage(
  fixture('comments/community-care-pay-scales-article-page.html').toString('utf8'),
  {
    pageUrl:
      'https://www.communitycare.co.uk/2022/05/23/care-review-urges-national-social-work-pay-scales-to-reward-expertise-and-boost-retention/',
    now: new Date('2022-06-11T08:00:00Z'),
  },
);

describe('reader responses in the digest', () => {
  const ARTICLE =
    'https://www.communitycare.co.uk/2022/05/23/care-review-urges-national-social-work-pay-scales-to-reward-expertise-and-boost-retention/';
  const payWeek = resolvePeriod(
    { kind: 'range', since: '2022-05-23', until: '2022-05-29' },
    new Date('2022-06-11T08:00:00Z'),
  );
  const article = newsItem({
    title: 'Care review urges national social work pay scales to reward expertise and boost retention',
    published: '2022-05-22T23:01:00Z',
    url: ARTICLE,
  });
  const page = payScalesPage;
  const comments = page.comments.map((c) => classifyComment(sharedClassifier(), c));

  it('counts the comments of the week per article, names the themes they raise and quotes two readers by name', () => {
    const digest = buildDigest({ period: payWeek, items: [article], comments, statuses: statuses(), sources: SOURCES });
    expect(digest.counts.comments).toBe(33); // 30 May and 10 June fall outside the week
    const responses = digest.readerResponses[0]!;
    expect(responses.article).toMatchObject({ title: article.title, url: ARTICLE, sourceName: 'Community Care' });
    expect(responses.count).toBe(33);
    expect(responses.themes[0]).toMatchObject({ theme: 'workforce', label: 'Social work workforce' });
    expect(responses.themes.map((t) => t.theme)).toContain('advocacy-iro');
    expect(responses.excerpts).toHaveLength(2);
    const authors = new Set(page.comments.map((c) => c.author));
    for (const excerpt of responses.excerpts) {
      expect(authors.has(excerpt.author)).toBe(true);
      expect(excerpt.text.length).toBeLessThanOrEqual(200);
      const whole = page.comments.find(
        (c) => c.author === excerpt.author && c.text.startsWith(excerpt.text.replace(/…$/, '')),
      )!;
      // Cut on a word: what is kept ends where a word of the original ends.
      if (excerpt.text.endsWith('…')) expect(whole.text.charAt(excerpt.text.length - 1)).toMatch(/[\s,.;:!?]/);
    }
    expect(new Set(responses.excerpts.map((e) => e.author)).size).toBe(2);
  });

  it('names an article it has not stored from the headline the comment feed gave', () => {
    const lone = readerComment({
      articleUrl: 'https://www.communitycare.co.uk/2025/10/01/older-story/',
      articleTitle: 'An older story readers still discuss',
      author: 'Kim',
      text: 'Still relevant.',
      published: '2025-10-22T08:00:00Z',
      n: 9,
    });
    const digest = digestOf({ comments: [lone] });
    expect(digest.readerResponses[0]!.article.title).toBe('An older story readers still discuss');
    expect(digest.quiet).toBe(false);
  });

  it('shows the most commented articles first, up to the cap, and counts the rest', () => {
    const many = Array.from({ length: 12 }, (_, n) =>
      Array.from({ length: n + 1 }, (_, k) =>
        readerComment({
          articleUrl: `https://www.communitycare.co.uk/a/${n}/`,
          author: `Reader ${k}`,
          text: `Comment ${k} on fostering allowances.`,
          published: '2025-10-22T08:00:00Z',
          n: n * 100 + k,
        }),
      ),
    ).flat();
    const digest = digestOf({ comments: many });
    expect(digest.readerResponses.map((r) => r.count)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(digest.moreResponses).toEqual({ articles: 2, comments: 3 });
    expect(digest.counts).toMatchObject({ comments: 78, commentedArticles: 12 });
  });
});
