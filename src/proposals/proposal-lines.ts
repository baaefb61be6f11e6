import { DateTime } from 'luxon';
import { escapeText, markdownLink } from '../render/markdown.ts';
import type { Axis } from '../tracker/recommendations-schema.ts';
import { formatDate, plural } from '../util/format.ts';
import { timeZone } from '../util/time-zone.ts';
import type { CorrectionNote, HistoryNote } from './proposal.ts';
import { quotedSource } from './proposal-context.ts';
import type { StoredProposal } from './proposal-store.ts';

/** "23 Nov 2026, 10:05" in the configured zone. */
export function formatMoment(iso: string): string {
  const time = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone());
  return time.isValid ? time.toFormat('d LLL yyyy, HH:mm') : iso;
}

const CHANGE_LABELS = { pending: 'Would change', approved: 'Recorded', rejected: 'Would have changed' } as const;
const FIELD_NAMES: Record<string, string> = { title: 'headline', summary: 'standfirst', body: 'opening of the story' };
const AXIS_NAMES: Record<Axis, string> = { response: 'Response', progress: 'Progress' };
/** Room kept under Discord's 4,096 for the description, whatever the sources hold. */
const DESCRIPTION_BUDGET = 3_900;
const MAX_SOURCES = 10;
const SENTENCE_MAX = 300;

const words = (value: string) => value.replace(/-/g, ' ');

/**
 * The host a link really goes to, without "www.": a mirror or an odd domain shows as itself (an
 * internationalised name in its xn-- form, so look-alike letters cannot pass for another site).
 */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || 'no host';
  } catch {
    return 'not a web address';
  }
}

/** "high (0.86)": how sure the detector is, in a word and a figure. */
export function confidenceText(probability: number): string {
  const word = probability >= 0.8 ? 'high' : probability >= 0.6 ? 'medium' : 'low';
  return `${word} (${probability.toFixed(2)})`;
}

/** "Response: under consideration → accepted", or what a story older than the newest entry adds. */
export function changeText(change: { axis: Axis; value: string; from: string; history?: HistoryNote }): string {
  const axis = AXIS_NAMES[change.axis];
  if (change.history)
    return `${axis}: ${words(change.value)}, as history (the current status stays ${words(change.from)})`;
  if (change.from === change.value) return `${axis}: ${words(change.value)} (unchanged; a newer dated entry)`;
  return `${axis}: ${words(change.from)} → ${words(change.value)}`;
}

/** Why approving adds history only; `choosing` when only the likely values on that axis would. */
function historyLine(axis: Axis, note: HistoryNote, choosing = false): string {
  const approving = choosing ? `choosing a ${axis} value` : 'approving';
  return `🕰️ **History only:** the tracker's newest ${axis} entry, ${words(note.newestValue)} on ${formatDate(note.newestDate)}, is newer than this story: ${approving} adds a dated entry to the history and leaves the current status as it is.`;
}

function correctionLine(note: CorrectionNote): string {
  return `⚠️ **Correction:** the tracker has this event as ${words(note.value)} on ${formatDate(note.date)}.`;
}

/** What was recorded, once approved: the value chosen or edited, and whether it only added history. */
function recordedText(p: StoredProposal): string {
  const decision = p.decision!;
  const axis = decision.axis ?? p.axis;
  const value = decision.value ?? p.value;
  const choice = p.choices?.find((c) => c.axis === axis && c.value === value);
  const from = decision.from ?? choice?.from ?? (axis === p.axis ? p.from : undefined);
  const base = decision.history
    ? `${AXIS_NAMES[axis]}: ${words(value)}, added to the history (the current status is unchanged)`
    : from === undefined
      ? `${AXIS_NAMES[axis]}: ${words(value)}`
      : changeText({ axis, value, from });
  if (choice && p.choices!.length > 1) return `${base} (chosen of ${p.choices!.length} likely values)`;
  if (value !== p.value || axis !== p.axis) return `${base} (edited from ${words(p.value)})`;
  return base;
}

function decisionLine(p: StoredProposal): string | undefined {
  if (p.state === 'pending' || !p.decision) return undefined;
  const who = `${escapeText(p.decision.by.name, 60)} on ${formatMoment(p.decision.at)}`;
  if (p.state === 'rejected') return `❌ **Rejected** by ${who}: it will not be proposed again.`;
  return p.decision.history
    ? `✅ **Approved** by ${who}: added to the history of ${p.key}; its current status is unchanged.`
    : `✅ **Approved** by ${who}: added to the timeline of ${p.key}.`;
}

/**
 * Where the quoted sentence is from, as a moderator must see it first: the outlet, the link's real
 * host, the date.
 */
function originLine(p: StoredProposal): string {
  const first = quotedSource(p);
  const outlet = first.outlet ? `**${escapeText(first.outlet, 80)}** · ` : '';
  const more = p.sources.length > 1 ? ` (and ${plural(p.sources.length - 1, 'other source')})` : '';
  const date = first.undated
    ? `first seen ${formatDate(first.date)} (the source gives no date: check it before approving)`
    : formatDate(first.date);
  return `${outlet}${escapeText(hostOf(first.url), 100)} · ${date}${more}`;
}

/** The change, or the likely values to choose between while the value is unsure and the proposal pending. */
function changeLines(p: StoredProposal): string[] {
  if (p.state === 'pending' && p.choices && p.choices.length > 1) {
    const historic = p.choices.find((c) => c.history);
    return [
      '**Unsure of the value: choose one below.**',
      ...p.choices.flatMap((c) => [
        `• ${changeText(c)} (${c.probability.toFixed(2)})`,
        ...(c.correction ? [`  ${correctionLine(c.correction)}`] : []),
      ]),
      ...(historic
        ? [
            historyLine(
              historic.axis,
              historic.history!,
              p.choices.some((c) => !c.history),
            ),
          ]
        : []),
    ];
  }
  const change = p.state === 'approved' && p.decision ? recordedText(p) : changeText(p);
  return [
    `**${CHANGE_LABELS[p.state]}:** ${change}`,
    ...(p.correction ? [correctionLine(p.correction)] : []),
    ...(p.history && p.state === 'pending' ? [historyLine(p.axis, p.history)] : []),
  ];
}

function confidenceLine(p: StoredProposal): string {
  if (p.confidence === undefined) return '**Confidence:** not measured (proposed before detections carried one)';
  const unsure = p.state === 'pending' && p.choices && p.choices.length > 1;
  if (unsure && p.decisionConfidence !== undefined)
    return `**Confidence:** ${confidenceText(p.decisionConfidence)} that it reports a decision; the value is unsure (best ${p.choices![0]!.probability.toFixed(2)})`;
  return `**Confidence:** ${confidenceText(p.confidence)}`;
}

/**
 * The lines of a proposal, each escaped; the sources as many as fit. Shared by the message and the
 * terminal. First what a moderator must check before approving: where the story is from, the
 * sentence read, the change (or the values to choose between), any correction or history, and how
 * sure the detector is.
 */
export function proposalLines(p: StoredProposal): string[] {
  const evidence = p.evidence[0];
  const summary = p.state === 'approved' && p.decision?.summary ? p.decision.summary : p.summary;
  const lines = [
    ...(decisionLine(p) ? [decisionLine(p)!, ''] : []),
    originLine(p),
    `> “${escapeText(evidence?.sentence || summary, SENTENCE_MAX)}”`,
    ...changeLines(p),
    confidenceLine(p),
    '',
    `**Recommendation:** ${p.key}`,
    `**Summary:** ${escapeText(summary, 300)}`,
    ...(evidence
      ? [
          `**Read as a decision from:** '${escapeText(evidence.phrase, 80)}' in the ${FIELD_NAMES[evidence.field] ?? evidence.field}`,
        ]
      : []),
    `**${p.sources.length > 1 ? `Sources (${p.sources.length})` : 'Source'}:**`,
  ];
  let length = lines.join('\n').length;
  const shown = p.sources.slice(0, MAX_SOURCES);
  for (const [index, source] of shown.entries()) {
    const outlet = source.outlet ? `${escapeText(source.outlet, 60)}, ` : '';
    const line = `• ${markdownLink(source.title, source.url, 150)} (${outlet}${escapeText(hostOf(source.url), 80)}, ${source.undated ? 'undated, first seen ' : ''}${formatDate(source.date)})`;
    const rest = p.sources.length - index;
    if (length + line.length + 40 > DESCRIPTION_BUDGET) {
      lines.push(`…and ${plural(rest, 'more source')}.`);
      return lines;
    }
    lines.push(line);
    length += line.length + 1;
  }
  if (p.sources.length > shown.length) lines.push(`…and ${plural(p.sources.length - shown.length, 'more source')}.`);
  return lines;
}
