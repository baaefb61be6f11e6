import { colours, type ReplyField } from '../render/reply.ts';
import type { Item } from '../sources/item.ts';
import { formatDate, truncate } from '../util/format.ts';
import type { ProgressValue, ResponseValue, SectorResponse } from './recommendations-schema.ts';
import type { DatedEntry, RecommendationStatus } from './tracker.ts';

export const RESPONSE_LABELS: Record<ResponseValue, string> = {
  'no-response': 'No formal response recorded',
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
      return status.response.value === 'rejected' || status.response.value === 'not-taken-forward' ? colours.bad : colours.muted;
  }
}

function sourceLink(source: { title: string; url: string }): string {
  return `[${truncate(source.title.replace(/[[\]]/g, ''), 90)}](${source.url})`;
}

export function axisLine(status: RecommendationStatus): string {
  const since = (entry?: DatedEntry) => (entry ? ` (since ${formatDate(entry.date)})` : '');
  return [
    `**Government response:** ${RESPONSE_LABELS[status.response.value]}${since(status.response.entry)}`,
    `**Progress:** ${PROGRESS_LABELS[status.progress.value]}${since(status.progress.entry)}`,
  ].join('\n');
}

export function timelineField(entry: DatedEntry): ReplyField {
  const label = entry.axis === 'response' ? RESPONSE_LABELS[entry.value as ResponseValue] : PROGRESS_LABELS[entry.value as ProgressValue];
  const who = entry.edit ? ` (update by ${entry.edit.by.name})` : '';
  return {
    name: `${formatDate(entry.date)} · ${entry.axis === 'response' ? 'Response' : 'Progress'}: ${label}${who}`,
    value: `${truncate(entry.summary, 300)}\n${sourceLink(entry.source)}`,
  };
}

export function sectorResponseLine(response: SectorResponse): string {
  return `**${response.org}** (${STANCE_LABELS[response.stance]}, ${formatDate(response.date)}): ${truncate(response.summary, 180)} ${sourceLink(response.source)}`;
}

export function itemLine(item: Item, sourceName: string): string {
  return `• [${truncate(item.title, 120)}](${item.url}): ${sourceName}, ${formatDate(item.published)}`;
}
