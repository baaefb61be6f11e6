import { createHash, randomUUID } from 'node:crypto';
import type { Collection } from '../store/collection.ts';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import {
  PROGRESS,
  RESPONSES,
  recommendationSchema,
  type Axis,
  type ProgressValue,
  type Recommendation,
  type ResponseValue,
} from './recommendations-schema.ts';

/**
 * The tracker's records in the store. Every moderator's update and every addition is one record
 * under its own key, created once (only if the key is free, atomically in the store) and never
 * changed, so two moderators (or two processes) writing at the same moment cannot overwrite each
 * other: there is no list to read, modify and write back. The key says what the record is, so the
 * same update or the same key added twice at once is one record, and the second writer is told.
 *
 *   edit:<recommendation key>:<fingerprint>  one dated timeline entry added with /recommendation update;
 *                                            the fingerprint is of its axis, value, date and source
 *   addition:<recommendation key>            one recommendation added with /recommendation add
 *   edit:<key>:<id>, addition:<key>:<id>     older versions' records, still read, never written
 *   <recommendation key>                     older versions' list of edits, still read, never written
 */

export interface Moderator {
  id: string;
  name: string;
}

/** A timeline entry added by a moderator with /recommendation update. */
export interface ModeratorEdit {
  id: string;
  /** The recommendation it belongs to. */
  key: string;
  date: string;
  axis: Axis;
  value: ResponseValue | ProgressValue;
  summary: string;
  source: { title: string; url: string };
  by: Moderator;
  at: string;
  /** Set when the entry is a proposal drawn from the news and approved: the proposal's id. */
  fromProposal?: string;
}

/** A recommendation added by a moderator with /recommendation add. */
export interface ModeratorAddition {
  id: string;
  recommendation: Recommendation;
  by: Moderator;
  at: string;
}

const moderator = z.object({ id: z.string(), name: z.string() });
// Read leniently (stored text is escaped when shown) but completely: a record missing a part is skipped.
const editShape = z.object({
  date: z.string().regex(/^\d{4}(-\d{2}){0,2}$/),
  axis: z.enum(['response', 'progress']),
  value: z.enum([...RESPONSES, ...PROGRESS]),
  summary: z.string().min(1),
  source: z.object({ title: z.string(), url: z.string() }),
  by: moderator,
  at: z.string().min(1),
  fromProposal: z.string().optional(),
});
const editRecord = editShape.extend({ kind: z.literal('edit'), id: z.string().min(1), key: z.string().min(1) });
const additionRecord = z.object({
  kind: z.literal('addition'),
  id: z.string().min(1),
  recommendation: recommendationSchema,
  by: moderator,
  at: z.string().min(1),
});

export type EditRecord = z.infer<typeof editRecord>;
export type AdditionRecord = z.infer<typeof additionRecord>;

export function newRecordId(at: string): string {
  return `${at.replace(/[^0-9]/g, '').slice(0, 17)}-${randomUUID().slice(0, 8)}`;
}

/** What makes two updates the same: one recommendation, axis, value, date and source. */
export function editRecordKey(edit: Pick<ModeratorEdit, 'key' | 'axis' | 'value' | 'date' | 'source'>): string {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([edit.axis, edit.value, edit.date, edit.source.url]))
    .digest('hex')
    .slice(0, 16);
  return `edit:${edit.key}:${fingerprint}`;
}

/** Writes the update unless the same one is already stored; false when it was. */
export async function writeEdit(kv: Collection<unknown>, edit: ModeratorEdit): Promise<boolean> {
  const record: EditRecord = { kind: 'edit', ...edit };
  return kv.add(editRecordKey(edit), record);
}

/** Writes the addition unless the key was already added; false when it was. */
export async function writeAddition(kv: Collection<unknown>, addition: ModeratorAddition): Promise<boolean> {
  const record: AdditionRecord = { kind: 'addition', ...addition };
  return kv.add(`addition:${addition.recommendation.key}`, record);
}

export interface StoredRecords {
  edits: ModeratorEdit[];
  additions: ModeratorAddition[];
}

/**
 * Every tracker record in the store. A malformed record is skipped and logged by its key; it never
 * hides the others. When the store cannot be read to the end, what was read is returned with the
 * error, so the caller can keep what it already knew.
 */
export async function readRecords(
  kv: Collection<unknown>,
  logger?: Logger,
): Promise<StoredRecords & { error?: unknown }> {
  const out: StoredRecords = { edits: [], additions: [] };
  const skip = (key: string, why: string) =>
    logger?.warn({ key, namespace: 'tracker', why }, 'skipped a malformed tracker record');
  try {
    for (const [key, value] of await kv.entries()) {
      if (key.startsWith('edit:')) {
        const parsed = editRecord.safeParse(value);
        if (parsed.success) out.edits.push(toEdit(parsed.data));
        else skip(key, parsed.error.issues[0]?.message ?? 'invalid');
      } else if (key.startsWith('addition:')) {
        const parsed = additionRecord.safeParse(value);
        if (parsed.success)
          out.additions.push({
            id: parsed.data.id,
            recommendation: parsed.data.recommendation,
            by: parsed.data.by,
            at: parsed.data.at,
          });
        else skip(key, parsed.error.issues[0]?.message ?? 'invalid');
      } else if (Array.isArray(value)) {
        value.forEach((item, index) => {
          const parsed = editShape.safeParse(item);
          if (parsed.success) out.edits.push(toEdit({ ...parsed.data, id: `legacy-${key}-${index}`, key }));
          else skip(`${key}[${index}]`, parsed.error.issues[0]?.message ?? 'invalid');
        });
      } else {
        skip(key, 'not a tracker record');
      }
    }
  } catch (error) {
    return { ...out, error };
  }
  return out;
}

function toEdit(record: z.infer<typeof editShape> & { id: string; key: string }): ModeratorEdit {
  return {
    id: record.id,
    key: record.key,
    date: record.date,
    axis: record.axis,
    value: record.value,
    summary: record.summary,
    source: record.source,
    by: record.by,
    at: record.at,
    ...(record.fromProposal ? { fromProposal: record.fromProposal } : {}),
  };
}
