import { loadClassifier, type Classifier } from '../classify/classifier.ts';
import { classifyItem } from '../classify/classify-item.ts';
import { buildDigest } from '../digest/build-digest.ts';
import { resolvePeriod, type DigestPeriod } from '../digest/period.ts';
import { digestPayloads } from '../digest/render-digest.ts';
import { classifyComment } from '../responses/classify-comments.ts';
import { commentId, type Comment } from '../responses/comment.ts';
import type { Item } from '../sources/item.ts';
import { loadRecommendations, type Recommendation } from '../tracker/recommendations-schema.ts';
import { percentile, round } from './measure.ts';

export interface DigestBenchFigures {
  weekItems: number;
  weekBuildP50Ms: number;
  weekRenderP50Ms: number;
  weekTotalP50Ms: number;
  weekTotalP95Ms: number;
  weekTotalCpuMs: number;
  weekMessages: number;
  storedItems: number;
  storedTotalP50Ms: number;
  storedTotalCpuMs: number;
  responseArticles: number;
  responseComments: number;
  responseTotalP50Ms: number;
  responseTotalP95Ms: number;
  responseTotalCpuMs: number;
  commentsClassifiedPerSecond: number;
}

const SOURCES = [
  { id: 'community-care', name: 'Community Care' },
  { id: 'psw-basw', name: 'Professional Social Work (BASW)' },
];
const PLACES = [
  'Leeds',
  'Kent',
  'Norfolk',
  'Croydon',
  'Bristol',
  'Cumbria',
  'Hackney',
  'Devon',
  'Wirral',
  'Suffolk',
  'Sefton',
  'Walsall',
  'Essex',
  'Camden',
  'Dudley',
];
const ANGLES = [
  'reports a rise in',
  'cuts spending on',
  'pilots a new approach to',
  'faces criticism over',
  'publishes a review of',
  'invests in',
  'consults families on',
];
const REMARKS = [
  'Caseloads are still far too high for this to work in practice.',
  'Agency rules will not fix retention while pay lags behind neighbouring councils.',
  'Kinship carers have waited years for a proper allowance and still do not have one.',
  'Foster carers need support and respite, not another recruitment campaign.',
  'Independent reviewing officers are the only check many children in care have.',
  'Family help only works if the early help money is still there next year.',
  'The early career framework sounds like the ASYE again with a new name.',
  'Care leavers need housing first; everything else follows from that.',
];

/** Wall-clock times of each run, sorted, and the CPU time per run on average (less disturbed by a busy machine). */
function timed(runs: number, work: () => unknown): number[] & { cpuMs: number } {
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return Object.assign(
    times.sort((a, b) => a - b),
    { cpuMs: (cpu.user + cpu.system) / 1000 / runs },
  );
}

function storyItems(
  classifier: Classifier,
  recommendations: Recommendation[],
  count: number,
  from: number,
  spacingMs: number,
  prefix: string,
): Item[] {
  const items: Item[] = [];
  for (let n = 0; n < count; n++) {
    const rec = recommendations[n % recommendations.length]!;
    const alias = rec.aliases[n % rec.aliases.length]!;
    const place = PLACES[n % PLACES.length]!;
    const published = new Date(from + n * spacingMs).toISOString();
    const url = `https://news.example.org/${prefix}/${n}/`;
    items.push(
      classifyItem(classifier, {
        id: `${prefix}-${n}`,
        sourceId: n % 3 === 0 ? 'psw-basw' : 'community-care',
        url,
        title:
          n % 10 === 9
            ? `${place} council: ${alias} costs rise`
            : `${place} ${ANGLES[n % ANGLES.length]} ${alias} (${prefix} ${n})`,
        summary: `Directors in ${place} said ${alias} would need funding and staff; social workers responded with concern about story ${n}.`,
        categories: [],
        published,
        publishedKnown: true,
        firstSeen: published,
        backfill: false,
      }),
    );
  }
  return items;
}

function weekDigest(
  period: DigestPeriod,
  items: Item[],
  comments: Comment[],
  statuses: Array<{ recommendation: Recommendation; timeline: Recommendation['timeline'] }>,
) {
  return buildDigest({ period, items, comments, statuses, sources: SOURCES });
}

/**
 * Building and rendering a week's digest of 500 items (target under 50 ms), the same week among
 * 50,000 stored items, and the responses of 100 articles with 30 comments each.
 */
export function runDigestBench(log: (line: string) => void = console.log, runs = 30): DigestBenchFigures {
  const recommendations = loadRecommendations();
  const classifier = loadClassifier(recommendations);
  const statuses = recommendations.map((r) => ({ recommendation: r, timeline: r.timeline }));
  const period = resolvePeriod({ kind: 'last-week' }, new Date('2025-10-27T09:00:00Z'));
  const weekStart = Date.parse(period.start);
  const week = storyItems(classifier, recommendations, 500, weekStart, 1_200_000, 'week');

  const build = timed(runs, () => weekDigest(period, week, [], statuses));
  const digest = weekDigest(period, week, [], statuses);
  const render = timed(runs, () => digestPayloads(digest));
  const total = timed(runs, () => digestPayloads(weekDigest(period, week, [], statuses)));
  const messages = digestPayloads(digest).length;
  log(
    `digest, 500 items:    build p50 ${round(percentile(build, 50))} ms, render p50 ${round(percentile(render, 50))} ms; build+render p50 ${round(percentile(total, 50))} ms, p95 ${round(percentile(total, 95))} ms, ${round(total.cpuMs)} ms CPU (${messages} messages; target under 50 ms)`,
  );

  const older = storyItems(classifier, recommendations, 49_500, weekStart - 49_500 * 600_000, 600_000, 'old');
  const stored = [...older, ...week];
  const storedTotal = timed(Math.max(5, runs / 3), () => digestPayloads(weekDigest(period, stored, [], statuses)));
  log(
    `digest among 50,000:  build+render p50 ${round(percentile(storedTotal, 50))} ms, ${round(storedTotal.cpuMs)} ms CPU (all stored items passed in, 500 in the week)`,
  );

  const articles = storyItems(classifier, recommendations, 100, weekStart - 3 * 24 * 3_600_000, 3_600_000, 'commented');
  const rawComments: Comment[] = articles.flatMap((article, a) =>
    Array.from({ length: 30 }, (_, k) => {
      const published = new Date(weekStart + (a * 30 + k) * 180_000).toISOString();
      return {
        id: commentId(article.url, String(a * 100 + k), ''),
        wpId: String(a * 100 + k),
        articleUrl: article.url,
        url: `${article.url}#comment-${a * 100 + k}`,
        author: `Reader ${k}`,
        published,
        publishedKnown: true,
        text: `${REMARKS[(a + k) % REMARKS.length]} ${REMARKS[(a * 3 + k) % REMARKS.length]}`,
        ...(k % 4 === 3 ? { parentId: commentId(article.url, String(a * 100 + k - 1), '') } : {}),
        origin: 'site-feed' as const,
        firstSeen: published,
      };
    }),
  );
  const classifyStart = performance.now();
  const comments = rawComments.map((c) => classifyComment(classifier, c));
  const classifyMs = performance.now() - classifyStart;
  const responses = timed(runs, () =>
    digestPayloads(
      buildDigest({
        period,
        items: articles,
        comments,
        statuses,
        sources: SOURCES,
        options: { maxCommentedArticles: 100 },
      }),
    ),
  );
  const commentsPerSecond = comments.length / (classifyMs / 1000);
  log(
    `response digest:      100 articles × 30 comments, build+render p50 ${round(percentile(responses, 50))} ms, p95 ${round(percentile(responses, 95))} ms, ${round(responses.cpuMs)} ms CPU; comments classified at ${round(commentsPerSecond, 0)}/s`,
  );

  return {
    weekItems: week.length,
    weekBuildP50Ms: round(percentile(build, 50)),
    weekRenderP50Ms: round(percentile(render, 50)),
    weekTotalP50Ms: round(percentile(total, 50)),
    weekTotalP95Ms: round(percentile(total, 95)),
    weekTotalCpuMs: round(total.cpuMs),
    weekMessages: messages,
    storedItems: stored.length,
    storedTotalP50Ms: round(percentile(storedTotal, 50)),
    storedTotalCpuMs: round(storedTotal.cpuMs),
    responseArticles: articles.length,
    responseComments: comments.length,
    responseTotalP50Ms: round(percentile(responses, 50)),
    responseTotalP95Ms: round(percentile(responses, 95)),
    responseTotalCpuMs: round(responses.cpuMs),
    commentsClassifiedPerSecond: round(commentsPerSecond, 0),
  };
}
