import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { stripControl } from '../render/markdown.ts';
import type { RecommendationStatus } from '../tracker/tracker.ts';
import type { Axis } from '../tracker/recommendations-schema.ts';
import { truncate } from '../util/format.ts';
import { dayOf } from '../util/time-zone.ts';
import { splitSentences } from './clauses.ts';
import type { DecisionValue } from './decision-phrases.ts';
import type { Decision, DecisionEvidence, RankedValue } from './detect-decision.ts';

/** Two stories reporting one decision within this many days of each other make one proposal. */
export const SAME_DECISION_DAYS = 14;

const SUMMARY_MAX = 200;

/** A story a proposal is drawn from. */
export interface ProposalStory {
  title: string;
  summary?: string | null;
  url: string;
  /** ISO date or time the story was published (or first seen, when its source gives none). */
  published: string;
  /** False when the source gave no date, so `published` is when the story was first seen. */
  dateKnown?: boolean;
  /** The name of the source it came from ("Community Care"), when known. */
  outlet?: string;
}

export interface ProposalSource {
  title: string;
  url: string;
  /** YYYY-MM-DD */
  date: string;
  /** The name of the source the story came from, when known. */
  outlet?: string;
  /** Set when the source gave no date: `date` is the day the story was first seen. */
  undated?: true;
}

/** A timeline entry the news suggests, waiting for a moderator. */
export type Proposal = DecisionValue & {
  /** Stable: the same key, axis, value and date window always give the same id. */
  id: string;
  key: string;
  /** The date of the first story reporting it (YYYY-MM-DD): the entry's date once approved. */
  date: string;
  /** One line drawn from the first story. */
  summary: string;
  /** Every story reporting it: dated ones oldest first, then undated ones. */
  sources: ProposalSource[];
  /** Why each story was read as reporting it. */
  evidence: Array<DecisionEvidence & { url: string }>;
  /** The tracker's value on this axis when the proposal was made. */
  from: string;
  /**
   * Probability that the story reports this decision, value included (the highest of its sources').
   * Absent on proposals stored before detections carried one.
   */
  confidence?: number;
  /** Probability that the story reports a decision on this recommendation at all, whatever the value. */
  decisionConfidence?: number;
  /**
   * The likely values on this axis or the other, best first, each with its probability given a
   * decision: the first is the proposed value; the rest are what Edit might choose instead.
   */
  values?: RankedValue[];
  /**
   * Set when the story is dated before the tracker's newest entry on this axis: approving it adds
   * a dated entry to the history and does not change the current status.
   */
  history?: HistoryNote;
  /** Set when the tracker has the same event (same source, or within the window) with another value. */
  correction?: CorrectionNote;
  /**
   * Set when the value is unsure: the two or three likely values a moderator chooses between, the
   * proposed one first; only these may be approved by a click.
   */
  choices?: ValueChoice[];
};

/** The tracker's standing entry for the same event as the story, with another value. */
export interface CorrectionNote {
  date: string;
  value: string;
}

/** One likely value offered for a moderator to choose, with what it would change on its axis. */
export type ValueChoice = DecisionValue & {
  probability: number;
  /** The tracker's value on this choice's axis when the proposal was made. */
  from: string;
  history?: HistoryNote;
  correction?: CorrectionNote;
};

/** The tracker's newest entry on the proposal's axis, which is newer than the story. */
export interface HistoryNote {
  /** YYYY-MM-DD (or YYYY-MM, or YYYY) of the newest entry on the axis. */
  newestDate: string;
  newestValue: string;
}

function dayNumber(date: string): number {
  return Math.floor(DateTime.fromISO(date, { zone: 'utc' }).toSeconds() / 86_400);
}

/** Stable id from what is proposed and when: key, axis, value and the date's window. */
export function proposalId(
  key: string,
  axis: Axis,
  value: string,
  date: string,
  windowDays = SAME_DECISION_DAYS,
): string {
  const window = Math.floor(dayNumber(date) / windowDays);
  return createHash('sha1').update(`${key}|${axis}|${value}|${window}`).digest('hex').slice(0, 8);
}

/** Whether two dates (YYYY-MM-DD) are within the window of one decision. */
export function sameDecisionWindow(a: string, b: string, windowDays = SAME_DECISION_DAYS): boolean {
  return Math.abs(dayNumber(a) - dayNumber(b)) <= windowDays;
}

const words = (value: string) => value.replace(/-/g, ' ');

/** "response: under consideration → rejected". */
export function describeChange(proposal: Pick<Proposal, 'axis' | 'value' | 'from'>): string {
  if (proposal.from === proposal.value)
    return `${proposal.axis}: ${words(proposal.value)} (unchanged; a newer dated entry)`;
  return `${proposal.axis}: ${words(proposal.from)} → ${words(proposal.value)}`;
}

/** The story's first sentence (its standfirst's, or its headline), on one line, cut on a word. */
export function oneLineSummary(story: Pick<ProposalStory, 'title' | 'summary'>): string {
  const clean = (text: string) => stripControl(text).replace(/\s+/g, ' ').trim();
  const summary = clean(story.summary ?? '');
  const first = splitSentences(summary)[0];
  const line = first ? summary.slice(first.start, first.end).trim() : clean(story.title);
  return truncate(line || clean(story.title), SUMMARY_MAX);
}

/**
 * Whether the tracker already records this: the same value is current on the axis, dated on or
 * after the story. A partial date ("2023-07") covers its whole period. A story whose source gave no
 * date (`dateKnown` false, `date` only the day it was first seen) is no newer evidence of the value
 * the tracker holds, so that value counts as recorded whatever its date.
 */
export function alreadyRecorded(
  status: RecommendationStatus,
  decision: DecisionValue,
  date: string,
  dateKnown = true,
): boolean {
  const current = decision.axis === 'response' ? status.response : status.progress;
  if (current.value !== decision.value || !current.entry) return false;
  return !dateKnown || current.entry.date >= date.slice(0, current.entry.date.length);
}

/**
 * The tracker's newest standing entry on the decision's axis when it is newer than the story's
 * date: the story would then only add history. A partial date ("2023-07") counts as newer only when
 * its whole period is after the story.
 */
export function historyNote(status: RecommendationStatus, axis: Axis, date: string): HistoryNote | undefined {
  const newest = status.timeline.find(
    (e) => e.axis === axis && !e.correctedBy && (axis === 'progress' || e.value !== 'no-response'),
  );
  if (!newest || newest.date.slice(0, 10) <= date.slice(0, newest.date.length)) return undefined;
  return { newestDate: newest.date, newestValue: newest.value };
}

/**
 * The proposal a story's decision makes, or undefined when the tracker already records it (for an
 * undated story, whenever its value is the current one on the axis).
 */
export function proposalFor(
  story: ProposalStory,
  decision: Decision,
  status: RecommendationStatus,
): Proposal | undefined {
  const date = dayOf(story.published);
  if (alreadyRecorded(status, decision, date, story.dateKnown !== false)) return undefined;
  const current = decision.axis === 'response' ? status.response.value : status.progress.value;
  const history = historyNote(status, decision.axis, date);
  return {
    id: proposalId(decision.key, decision.axis, decision.value, date),
    key: decision.key,
    axis: decision.axis,
    value: decision.value,
    date,
    summary: oneLineSummary(story),
    sources: [
      {
        title: stripControl(story.title).replace(/\s+/g, ' ').trim(),
        url: story.url,
        date,
        ...(story.outlet ? { outlet: story.outlet } : {}),
        ...(story.dateKnown === false ? { undated: true } : {}),
      },
    ],
    evidence: [{ ...decision.evidence, url: story.url }],
    from: current,
    confidence: decision.confidence,
    decisionConfidence: decision.decisionConfidence,
    values: decision.values,
    ...(history ? { history } : {}),
  } as Proposal;
}
