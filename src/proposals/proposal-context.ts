import type { Axis } from '../tracker/recommendations-schema.ts';
import type { DatedEntry, RecommendationStatus } from '../tracker/tracker.ts';
import type { RankedValue } from './detect-decision.ts';
import {
  alreadyRecorded,
  historyNote,
  sameDecisionWindow,
  type CorrectionNote,
  type Proposal,
  type ValueChoice,
} from './proposal.ts';

/** Below this probability of the best value (given a decision) the value is unsure: the moderator chooses. */
export const UNSURE_BELOW = 0.75;
/** A likely value is offered as a choice when at least this probable. */
export const OFFERED_FROM = 0.1;
const MAX_CHOICES = 3;

const current = (status: RecommendationStatus, axis: Axis): string =>
  axis === 'response' ? status.response.value : status.progress.value;

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Whether an entry is of the same event as a story: the same source, or dated within the story's window. */
function sameEvent(entry: DatedEntry, date: string, url: string): boolean {
  if (sameUrl(entry.source.url, url)) return true;
  // A partial date ("2024-06") names its whole period: a story within it may be the news of it.
  return entry.date.length < 10 ? date.startsWith(entry.date) : sameDecisionWindow(entry.date, date);
}

/**
 * The tracker's standing entry for the same event as the story, on the same axis, with another
 * value: approving would then record a second reading of one event, and the moderator should know.
 */
export function correctionNote(
  status: RecommendationStatus,
  axis: Axis,
  value: string,
  date: string,
  url: string,
): CorrectionNote | undefined {
  const candidates = status.timeline.filter(
    (e) => e.axis === axis && !e.correctedBy && e.value !== value && e.value !== 'no-response',
  );
  const entry = candidates.find((e) => sameUrl(e.source.url, url)) ?? candidates.find((e) => sameEvent(e, date, url));
  return entry ? { date: entry.date, value: entry.value } : undefined;
}

/**
 * The two or three values to choose between when the best is unsure (the best first, then the
 * others likely enough that `keep` accepts); undefined when the best is sure or none other is left.
 */
export function likelyValues(
  values: readonly RankedValue[] | undefined,
  keep: (value: RankedValue) => boolean = () => true,
): RankedValue[] | undefined {
  if (!values?.[0] || values[0].probability >= UNSURE_BELOW) return undefined;
  const offered = values.filter((v, i) => i === 0 || (v.probability >= OFFERED_FROM && keep(v))).slice(0, MAX_CHOICES);
  return offered.length >= 2 ? offered : undefined;
}

/**
 * The likely values a moderator chooses between when the best is unsure: two or three, each with
 * what it would change on its own axis. Undefined when the detector is sure enough of one value.
 * Values the tracker already records are left out; told only undated (`dateKnown` false), so is the
 * current value on each axis.
 */
export function valueChoices(
  values: readonly RankedValue[] | undefined,
  status: RecommendationStatus,
  date: string,
  url: string,
  dateKnown = true,
): ValueChoice[] | undefined {
  return likelyValues(values, (v) => !alreadyRecorded(status, v, date, dateKnown))?.map((v): ValueChoice => {
    const history = historyNote(status, v.axis, date);
    const correction = correctionNote(status, v.axis, v.value, date, url);
    return {
      axis: v.axis,
      value: v.value,
      probability: v.probability,
      from: current(status, v.axis),
      ...(history ? { history } : {}),
      ...(correction ? { correction } : {}),
    } as ValueChoice;
  });
}

/** The proposal with what a moderator must see before approving: a correction, and the choices when unsure. */
export function withReviewNotes(proposal: Proposal, status: RecommendationStatus, url: string): Proposal {
  const correction = correctionNote(status, proposal.axis, proposal.value, proposal.date, url);
  // Told only by undated stories, a proposal is no newer evidence of any value the tracker holds.
  const dateKnown = proposal.sources.some((s) => !s.undated);
  const choices = valueChoices(proposal.values, status, proposal.date, url, dateKnown);
  return { ...proposal, ...(correction ? { correction } : {}), ...(choices ? { choices } : {}) };
}

/** The source whose sentence a proposal quotes: the one its first evidence was read from. */
export function quotedSource<P extends Pick<Proposal, 'sources' | 'evidence'>>(p: P): P['sources'][number] {
  const url = p.evidence[0]?.url;
  return p.sources.find((s) => s.url === url) ?? p.sources[0]!;
}

/**
 * The proposal as the tracker stands now. While it is pending, what it would change (from the
 * current value on its axis), whether it only adds history, any correction and the likely values
 * are worked out afresh: the tracker, or the proposal's date once an earlier outlet joins it, may
 * have moved since they were. A decided proposal is returned as it was decided.
 */
export function asTrackerStands<P extends Proposal & { state?: string }>(
  p: P,
  status: RecommendationStatus | undefined,
): P {
  if (!status || (p.state !== undefined && p.state !== 'pending')) return p;
  const { history: _history, correction: _correction, choices: _choices, ...rest } = p;
  const history = historyNote(status, p.axis, p.date);
  const fresh = { ...rest, from: current(status, p.axis), ...(history ? { history } : {}) } as P;
  return withReviewNotes(fresh, status, quotedSource(p).url) as P;
}
