import { UserFacingError } from '../errors.ts';
import { escapeText, isWellFormedHttpUrl, safeUrl } from '../render/markdown.ts';
import { cleanText } from '../tracker/moderator-input.ts';
import { PROGRESS, RESPONSES, type Axis } from '../tracker/recommendations-schema.ts';
import type { Moderator } from '../tracker/tracker-records.ts';
import type { ModeratorEdit, Tracker } from '../tracker/tracker.ts';
import { truncate } from '../util/format.ts';
import { formatMoment } from './proposal-lines.ts';
import type { ProposalStore, StoredProposal } from './proposal-store.ts';

export interface ProposalActionDeps {
  proposals: ProposalStore;
  tracker: Tracker;
  now: () => Date;
}

/**
 * What a moderator may change before approving: the value and the summary. The value is on the
 * proposal's axis, unless `axis` names another (only a likely value offered as a choice can be).
 */
export interface ApprovalChanges {
  value?: string;
  axis?: Axis;
  summary?: string;
}

/** The values a click may approve: the likely ones offered when the value is unsure, else the proposed one. */
export function offeredValues(p: StoredProposal): Array<{ axis: Axis; value: string }> {
  return p.choices?.map((c) => ({ axis: c.axis, value: c.value })) ?? [{ axis: p.axis, value: p.value }];
}

/** Refused unless the value is one the proposal offered: a click cannot approve what was never shown. */
function checkOffered(p: StoredProposal, axis: Axis, value: string | undefined): void {
  if (offeredValues(p).some((v) => v.axis === axis && v.value === value)) return;
  if (value === undefined)
    throw new UserFacingError(
      `Proposal ${p.id} is unsure of its value: none is pre-chosen. Choose one of its buttons, or use Edit.`,
    );
  throw new UserFacingError(
    `That value was not offered for proposal ${p.id}. Choose one of its buttons, or use Edit to record another.`,
  );
}

/** Whether the entry just recorded is older than the tracker's newest on its axis: history only. */
function recordedAsHistory(tracker: Tracker, edit: ModeratorEdit): boolean {
  const status = tracker.status(edit.key);
  const standing = status && (edit.axis === 'response' ? status.response.entry : status.progress.entry);
  return standing?.edit?.id !== edit.id;
}

function valueOn(tracker: Tracker, key: string, axis: Axis): string | undefined {
  const status = tracker.status(key);
  return status && (axis === 'response' ? status.response.value : status.progress.value);
}

/** Raised when a proposal was approved or rejected already: the record says by whom and when. */
export class AlreadyDecided extends UserFacingError {
  constructor(readonly proposal: StoredProposal) {
    const by = proposal.decision
      ? ` by ${escapeText(proposal.decision.by.name, 60)} on ${formatMoment(proposal.decision.at)}`
      : '';
    super(`Proposal ${proposal.id} was already ${proposal.state}${by}.`);
    this.name = 'AlreadyDecided';
  }
}

/** The values a story can move each axis to: "nothing yet" is never a decision to approve. */
export const PROPOSABLE: Record<Axis, readonly string[]> = {
  response: RESPONSES.filter((v) => v !== 'no-response'),
  progress: PROGRESS.filter((v) => v !== 'not-started' && v !== 'unable-to-rate'),
};

const normalised = (raw: string) =>
  raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/** The axis of a typed value when it is one of the likely values offered on the other axis (/approve value:…). */
function offeredAxisOf(p: StoredProposal, raw: string | undefined): Axis | undefined {
  const value = raw === undefined ? undefined : normalised(raw);
  return p.choices?.find((c) => c.axis !== p.axis && c.value === value)?.axis;
}

/** A value typed by a moderator ("Under consideration", "in-progress"), checked against the proposal's axis. */
export function checkValue(axis: Axis, raw: string): string {
  const value = normalised(raw);
  if (PROPOSABLE[axis].includes(value)) return value;
  const other: Axis = axis === 'response' ? 'progress' : 'response';
  const why = PROPOSABLE[other].includes(value)
    ? ` "${value}" is a ${other} value; this proposal is about the ${axis}.`
    : '';
  throw new UserFacingError(
    `"${escapeText(raw, 40)}" is not a ${axis} value.${why} Use one of: ${PROPOSABLE[axis].join(', ')}`,
  );
}

/** The first source a timeline entry can link to: a plain http(s) address, its title within the tracker's limit. */
function entrySource(p: StoredProposal): { title: string; url: string } {
  for (const source of p.sources) {
    const url = safeUrl(source.url);
    if (url && isWellFormedHttpUrl(url)) return { title: truncate(source.title, 200), url };
  }
  throw new UserFacingError(
    `None of the sources of proposal ${p.id} is a plain http(s) address the tracker can link to; record it with /recommendation update.`,
  );
}

function pending(p: StoredProposal): StoredProposal {
  if (p.state !== 'pending') throw new AlreadyDecided(p);
  return p;
}

/**
 * Appends the proposal to its recommendation's timeline, as the moderator's entry from this
 * proposal, and marks the proposal approved. Approving twice is refused; an entry already recorded
 * from this proposal (a crash between the two writes) is not recorded again. With `offeredOnly`
 * (a click), only a value the proposal offered is accepted. The entry keeps the story's date, so a
 * story older than the tracker's newest entry on the axis adds history and leaves the current
 * status as it is; the decision records that it did.
 */
export async function approveProposal(
  deps: ProposalActionDeps,
  id: string,
  by: Moderator,
  changes: ApprovalChanges = {},
  { offeredOnly = false }: { offeredOnly?: boolean } = {},
): Promise<{ proposal: StoredProposal; edit: ModeratorEdit }> {
  let edit: ModeratorEdit | undefined;
  const proposal = await deps.proposals.update(id, async (stored) => {
    const current = pending(stored);
    const axis = changes.axis ?? offeredAxisOf(current, changes.value) ?? current.axis;
    // While the value is unsure none is pre-chosen: a click must name one of the likely values, and
    // /approve must be given a value.
    const preChosen = current.choices ? undefined : current.value;
    if (offeredOnly) checkOffered(current, axis, changes.value ?? preChosen);
    else if (axis !== current.axis) checkOffered(current, axis, changes.value);
    else if (!changes.value?.trim()) checkOffered(current, axis, preChosen);
    const value = changes.value?.trim() ? checkValue(axis, changes.value) : current.value;
    const summary = changes.summary?.trim()
      ? cleanText(changes.summary, 'a short summary of what changed', 5, 300)
      : current.summary;
    const at = deps.now().toISOString();
    const recorded = deps.tracker.history(current.key).find((e) => e.fromProposal === current.id);
    // The value that stood before, for "X → Y" once approved; unknown when recorded by an earlier attempt.
    const from = recorded ? undefined : valueOn(deps.tracker, current.key, axis);
    edit =
      recorded ??
      (await deps.tracker.addEdit(current.key, {
        axis,
        value,
        summary,
        source: entrySource(current),
        by,
        at,
        date: current.date,
        fromProposal: current.id,
      }));
    return {
      ...current,
      state: 'approved',
      updatedAt: at,
      decision: {
        by,
        at,
        value: edit.value,
        ...(from !== undefined ? { from } : {}),
        ...(edit.axis !== current.axis ? { axis: edit.axis } : {}),
        summary: edit.summary,
        editId: edit.id,
        ...(recordedAsHistory(deps.tracker, edit) ? { history: true } : {}),
      },
    };
  });
  return { proposal, edit: edit! };
}

/** Marks the proposal rejected: it stays in the store, so the same decision is never proposed again. */
export function rejectProposal(deps: ProposalActionDeps, id: string, by: Moderator): Promise<StoredProposal> {
  return deps.proposals.update(id, (stored) => {
    const at = deps.now().toISOString();
    return { ...pending(stored), state: 'rejected', updatedAt: at, decision: { by, at } };
  });
}
