import { stringify } from 'yaml';
import { UserFacingError } from '../errors.ts';
import { formatDate } from '../util/format.ts';
import { parseYamlText } from '../util/yaml-file.ts';
import { recommendationsFileSchema, type Recommendation, type TimelineEntry } from './recommendations-schema.ts';
import type { ModeratorAddition, ModeratorEdit } from './tracker-records.ts';

/** What moderators recorded in Discord and the data file does not hold yet. */
export interface PendingEdits {
  edits: ModeratorEdit[];
  additions: ModeratorAddition[];
}

interface Export {
  /** Entries to append to the timeline of a recommendation already in the file. */
  updates: Array<{ key: string; entry: TimelineEntry }>;
  /** Whole recommendations to append to the file, with any updates made to them since. */
  additions: Recommendation[];
}

/** A moderator's update as a timeline entry of the data file, carrying who recorded it, when, its record id and any proposal it approved. */
function toEntry(edit: ModeratorEdit): TimelineEntry {
  return {
    date: edit.date,
    axis: edit.axis,
    value: edit.value,
    summary: edit.summary,
    source: { title: edit.source.title, url: edit.source.url },
    recorded: {
      by: edit.by.name,
      by_id: edit.by.id,
      at: edit.at,
      id: edit.id,
      ...(edit.fromProposal ? { from_proposal: edit.fromProposal } : {}),
    },
  } as TimelineEntry;
}

/** The fields in the order the data file writes them, leaving out those not set. */
function inOrder<T extends object>(value: T, keys: Array<keyof T>): T {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]])) as T;
}

const ENTRY_KEYS = [
  'date',
  'axis',
  'value',
  'summary',
  'source',
  'confidence',
  'note',
  'corrects',
  'recorded',
] as Array<keyof TimelineEntry>;
const RECOMMENDATION_KEYS: Array<keyof Recommendation> = [
  'key',
  'title',
  'theme',
  'aliases',
  'proposed',
  'review_ref',
  'confidence',
  'note',
  'timeline',
  'responses',
  'review_confidence',
  'review_confidence_note',
  'review_sources',
  'attribution',
  'undated',
  'added',
];

function plan(pending: PendingEdits): Export {
  const added = new Map(
    pending.additions.map((a) => [
      a.recommendation.key,
      { ...a.recommendation, timeline: a.recommendation.timeline.map((e) => inOrder(e, ENTRY_KEYS)) },
    ]),
  );
  const updates: Export['updates'] = [];
  for (const edit of pending.edits) {
    const addition = added.get(edit.key);
    if (addition) addition.timeline.push(toEntry(edit));
    else updates.push({ key: edit.key, entry: toEntry(edit) });
  }
  return { updates, additions: [...added.values()].map((rec) => inOrder(rec, RECOMMENDATION_KEYS)) };
}

// In the data file's own style: 110 columns, sequences not indented, dates and other look-alikes quoted.
const yamlOf = (value: unknown) =>
  stringify(value, { lineWidth: 110, minContentWidth: 40, indentSeq: false, version: '1.1', singleQuote: true });

/** Every pending update and addition as a YAML document ready to merge into data/recommendations.yaml. */
export function exportEditsYaml(pending: PendingEdits, exportedAt: Date): string {
  const { updates, additions } = plan(pending);
  const header = [
    `# Moderators' updates and additions not yet in data/recommendations.yaml, exported ${formatDate(exportedAt.toISOString())}.`,
    '# Each carries its source and, under `recorded`, who recorded it and when.',
    '# Merge with: care-review-bot export-edits --into data/recommendations.yaml',
    '# or by hand: append each `entry` under `updates` to the timeline of the recommendation it names,',
    '# and each recommendation under `additions` to the end of `recommendations`.',
  ];
  if (updates.length === 0 && additions.length === 0) {
    return `# Nothing to export: every moderator update and addition is already in data/recommendations.yaml.\nupdates: []\nadditions: []\n`;
  }
  return `${header.join('\n')}\n${yamlOf({ updates, additions })}`;
}

const indent = (text: string, by: string) => text.replace(/^(?=.)/gm, by);

/**
 * Merges pending updates and additions into the data file's text, adding lines only: each update
 * at the end of its recommendation's timeline, each addition at the end of the file. The result is
 * validated; a file that would not load is never returned.
 */
export function mergeIntoDataFile(text: string, pending: PendingEdits, file = 'data/recommendations.yaml'): string {
  const { updates, additions } = plan(pending);
  const lines = text.replace(/\n+$/, '').split('\n');
  for (const { key, entry } of updates) {
    const start = lines.indexOf(`- key: ${key}`);
    if (start < 0)
      throw new UserFacingError(`${file}: no recommendation "${key}" to add the update ${entry.recorded?.id} to`);
    let end = lines.findIndex((line, i) => i > start && /^\S/.test(line));
    if (end < 0) end = lines.length;
    const timeline = lines.findIndex((line, i) => i > start && i < end && line === '  timeline:');
    if (timeline < 0) throw new UserFacingError(`${file}: recommendation "${key}" has no timeline`);
    // The timeline's items are "  - " lines and their deeper lines; the next "  name:" ends it.
    let at = lines.findIndex((line, i) => i > timeline && i < end && /^ {2}[^\s-]/.test(line));
    if (at < 0) at = end;
    lines.splice(
      at,
      0,
      ...indent(yamlOf([entry]), '  ')
        .replace(/\n$/, '')
        .split('\n'),
    );
  }
  for (const recommendation of additions) lines.push(...yamlOf([recommendation]).replace(/\n$/, '').split('\n'));
  const merged = `${lines.join('\n')}\n`;
  parseYamlText(merged, file, recommendationsFileSchema);
  return merged;
}
