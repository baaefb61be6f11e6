import { LIMITS } from '../render/discord-limits.ts';
import { escapeText, markdownLink, stripControl } from '../render/markdown.ts';
import { colours, type ReplyField } from '../render/reply.ts';
import type { Item } from '../sources/item.ts';
import { formatDate, storyDate, truncate } from '../util/format.ts';
import type {
  Confidence,
  ProgressValue,
  Recommendation,
  ResponseValue,
  SectorResponse,
} from './recommendations-schema.ts';
import {
  hasAction,
  hasDecision,
  isStale,
  isTurnedDown,
  progressIsInstead,
  STALE_AFTER_MONTHS,
  type DatedEntry,
  type RecommendationStatus,
} from './status.ts';

export const RESPONSE_LABELS: Record<ResponseValue, string> = {
  'no-response': 'No decision found',
  'under-consideration': 'Under consideration',
  accepted: 'Accepted',
  'accepted-in-principle': 'Accepted in principle',
  'accepted-in-part': 'Accepted in part',
  'not-taken-forward': 'Not taken forward',
  rejected: 'Rejected',
};

export const PROGRESS_LABELS: Record<ProgressValue, string> = {
  'not-started': 'Not started',
  planned: 'Planned',
  piloting: 'Piloting',
  'in-progress': 'In progress',
  legislated: 'Legislated',
  implemented: 'Implemented',
  'unable-to-rate': 'Unable to rate',
};

const STANCE_LABELS = { support: 'supports', oppose: 'opposes', mixed: 'mixed view' } as const;

const CONFIDENCE_MEANING: Record<Confidence, string> = {
  high: 'high (two or more sources, or one quoting the report)',
  medium: 'medium (one good secondary source)',
  low: 'low (inferred, or resting on a parallel report)',
};

/** One glyph per line of a list: what has happened, at a glance. The legend is `STATUS_MARK_LEGEND`. */
export function statusMark(status: RecommendationStatus): string {
  // A rejection stands first: action recorded beside it is on something else (a profit cap, not the tax).
  if (isTurnedDown(status.response.value)) return '🔴';
  if (hasAction(status) && !progressIsInstead(status))
    return status.progress.value === 'legislated' || status.progress.value === 'implemented' ? '🟢' : '🔵';
  if (status.response.value === 'under-consideration') return '🟠';
  return hasDecision(status) ? '🟡' : '⚪';
}

export const STATUS_MARK_LEGEND =
  '🟢 legislated or implemented · 🔵 under way · 🟡 accepted, no action recorded · 🟠 under consideration · 🔴 rejected or not taken forward (whatever else happened; "instead:" marks progress on what was done in its place) · ⚪ no decision found · ⚠ newest evidence over 6 months old · ✎ added by a moderator';

/** Colour by progress; a rejected recommendation with no progress shows red. */
export function statusColour(status: RecommendationStatus): number {
  switch (status.progress.value) {
    case 'implemented':
    case 'legislated':
      return colours.good;
    case 'in-progress':
    case 'piloting':
      return colours.progress;
    case 'planned':
      return colours.pending;
    default:
      return status.response.value === 'rejected' || status.response.value === 'not-taken-forward'
        ? colours.bad
        : colours.muted;
  }
}

type CitedSource = Recommendation['timeline'][number]['source'];

/** A link to a source; a copy on another site says where it is: "… (copy on narrativecare.org)". */
export function sourceLink(source: CitedSource, max: number): string {
  const link = markdownLink(source.title, source.url, max);
  if (!source.mirror_only) return link;
  const host = URL.canParse(source.url) ? new URL(source.url).hostname.replace(/^www\./, '') : 'another site';
  return `${link} (copy on ${escapeText(host, 60)})`;
}

/** A source's title without the outlet in brackets: "Children's Wellbeing and Schools Act 2026, section 5". */
function sourceName(title: string): string {
  return truncate(title.replace(/\s*\([^()]*\)\s*$/, '').trim() || title, 90);
}

/** The exact words for an entry with no government decision in our sources. */
export function noDecisionText(status: RecommendationStatus): string {
  // A moderator's addition has not been checked against any source yet: say so, not "checked".
  const added = status.recommendation.added;
  if (added && status.timeline.every((entry) => entry.value === 'no-response' || entry.value === 'not-started')) {
    return `No government decision recorded yet (added by ${escapeText(added.by, 60)} on ${formatDate(added.at)}; not yet checked against our sources)`;
  }
  return `No government decision found in our sources${status.lastChecked ? ` (last checked ${formatDate(status.lastChecked)})` : ''}`;
}

/** "legislated 29 Apr 2026, Children's Wellbeing and Schools Act 2026" (escaped). */
function progressPhrase(entry: DatedEntry, withSource: boolean): string {
  const label = PROGRESS_LABELS[entry.value as ProgressValue].toLowerCase();
  const date = formatDate(entry.date);
  // "…, written ministerial statement, 4 Feb 2026" already follows the date: say it once.
  const full = sourceName(entry.source.title);
  const name = full.endsWith(`, ${date}`) ? full.slice(0, -`, ${date}`.length) : full;
  return `${label} ${date}${withSource ? `, ${escapeText(name)}` : ''}`;
}

/**
 * The status in one honest line. A decision is named as such; where there is none, it says so,
 * and any action taken without one is shown beside it, never a status that sounds like a decision.
 */
export function statusSummary(status: RecommendationStatus, options: { withSource?: boolean } = {}): string {
  const progress = status.progress.entry;
  if (!hasDecision(status)) {
    if (progress && hasAction(status))
      return `Response: none recorded · Progress: ${progressPhrase(progress, options.withSource ?? false)}`;
    return noDecisionText(status);
  }
  const decision = RESPONSE_LABELS[status.response.value];
  if (!progress) return decision;
  return `${decision} · ${progressIsInstead(status) ? 'instead: ' : ''}${PROGRESS_LABELS[progress.value as ProgressValue]}`;
}

/** The status lines of /recommendation show. */
export function statusLines(status: RecommendationStatus): string[] {
  const since = (entry?: DatedEntry) => (entry ? ` (since ${formatDate(entry.date)})` : '');
  const progress = status.progress.entry;
  if (!hasDecision(status) && progress && hasAction(status)) {
    return [
      `**${statusSummary(status, { withSource: true })}**`,
      `${noDecisionText(status)}: no accepted, rejected or other decision on the recommendation itself. The progress shown is what government has done on it.`,
    ];
  }
  return [
    `**Government response:** ${hasDecision(status) ? `${RESPONSE_LABELS[status.response.value]}${since(status.response.entry)}` : noDecisionText(status)}`,
    `**${progressIsInstead(status) ? 'Progress on what was done instead' : 'Progress'}:** ${progress ? `${PROGRESS_LABELS[progress.value as ProgressValue]}${since(progress)}` : 'none recorded'}`,
  ];
}

/** "Newest evidence: 29 Apr 2026", marked when it is old enough that the status may have moved on. */
export function evidenceText(status: RecommendationStatus, now: Date): string {
  const stale = isStale(status, now) ? ` ⚠ possibly out of date (older than ${STALE_AFTER_MONTHS} months)` : '';
  return `Newest evidence: ${formatDate(status.newestEvidence)}${stale}`;
}

/** A compact line for lists: mark, key, status, newest evidence. */
export function listLine(status: RecommendationStatus, now: Date): string {
  const key = status.recommendation.key;
  const flags = `${isStale(status, now) ? ' ⚠' : ''}${status.addedBy ? ' ✎' : ''}`;
  const summary = statusSummary(status);
  // The newest evidence is often the progress entry already named in the summary: say its date once.
  const date =
    !hasDecision(status) && hasAction(status) && status.progress.entry?.date === status.newestEvidence
      ? ''
      : ` · ${formatDate(status.newestEvidence)}`;
  return `${statusMark(status)} **${key}**: ${summary}${date}${flags}`;
}

/** Sentences joined by a full stop, unless the one before already ends with one (no ".."). */
function joinSentences(sentences: string[]): string {
  return sentences
    .filter((sentence) => sentence !== '')
    .reduce((text, sentence) => (text === '' ? sentence : `${text}${/[.!?…]$/.test(text) ? '' : '.'} ${sentence}`), '');
}

/** What we are unsure of, and whose idea it is: shown with the entry, never left in the data file only. */
export function caveatLines(status: RecommendationStatus): string[] {
  const rec = status.recommendation;
  const lines: string[] = [];
  if (status.addedBy)
    lines.push(
      `✎ Added by a moderator, ${escapeText(status.addedBy.name, 60)}, on ${formatDate(status.addedBy.at)}; not yet checked against the report.`,
    );
  if (rec.attribution) lines.push(`**Whose idea:** ${escapeText(rec.attribution, 400)}`);
  if (rec.review_confidence) {
    const sources = (rec.review_sources ?? []).slice(0, 3).map((s) => sourceLink(s, 90));
    const sentences = [
      `**That the review made it:** confidence ${CONFIDENCE_MEANING[rec.review_confidence]}`,
      rec.review_confidence_note ? escapeText(rec.review_confidence_note, 300) : '',
      sources.length > 0 ? `Shown by: ${sources.join('; ')}` : '',
    ];
    lines.push(joinSentences(sentences));
  }
  if (rec.note) lines.push(`**Note:** ${escapeText(rec.note, 600)}`);
  return lines;
}

function entryLabel(entry: DatedEntry): string {
  if (entry.axis === 'response')
    return entry.value === 'no-response'
      ? 'No government decision found'
      : `Response: ${RESPONSE_LABELS[entry.value as ResponseValue]}`;
  return `Progress: ${PROGRESS_LABELS[entry.value]}`;
}

/** Room kept in a timeline field for the line breaks and the arrow, and for escapes the note may gain. */
const NOTE_MARGIN = 60;
const MIN_NOTE = 120;

export function timelineField(entry: DatedEntry): ReplyField {
  const who = entry.edit ? ` (update by ${escapeText(entry.edit.by.name, 60)})` : '';
  const corrected = entry.correctedBy ? ' (corrected)' : '';
  const summary = escapeText(entry.summary, 300);
  const link = sourceLink(entry.source, 140);
  const marks = [
    entry.correctedBy ? `Corrected by the entry dated ${formatDate(entry.correctedBy.date)}.` : '',
    entry.confidence && entry.confidence !== 'high' ? `Confidence ${entry.confidence}.` : '',
  ].filter(Boolean);
  // A field holds 1,024 characters and its end is the source: the note has the room the rest leaves.
  const room = LIMITS.fieldValue - summary.length - link.length - marks.join(' ').length - NOTE_MARGIN;
  const caveats = [...marks, entry.note ? escapeText(entry.note, Math.max(MIN_NOTE, room)) : ''].filter(Boolean);
  return {
    name: `${formatDate(entry.date)} · ${entryLabel(entry)}${who}${corrected}`,
    value: [summary, ...(caveats.length > 0 ? [`↳ ${caveats.join(' ')}`] : []), link].join('\n'),
  };
}

export function undatedLine(item: NonNullable<Recommendation['undated']>[number]): string {
  return `• ${escapeText(item.summary, 220)} ${sourceLink(item.source, 80)}`;
}

export function sectorResponseLine(response: SectorResponse): string {
  return `**${escapeText(response.org, 80)}** (${STANCE_LABELS[response.stance]}, ${formatDate(response.date)}): ${escapeText(response.summary, 180)} ${sourceLink(response.source, 90)}`;
}

export function itemLine(item: Item, sourceName: string): string {
  return `• ${markdownLink(item.title, item.url, 120)}: ${escapeText(sourceName, 60)}, ${storyDate(item)}`;
}

/** A title for an embed heading, where links never render: only control characters need to go. */
export function headingText(text: string, max = 200): string {
  return truncate(stripControl(text).replace(/\s+/g, ' ').trim(), max);
}
