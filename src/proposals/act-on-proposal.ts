import { UserFacingError } from '../errors.ts';
import { escapeText, isWellFormedHttpUrl, safeUrl } from '../render/markdown.ts';
import { cleanText } from '../tracker/moderator-input.ts';
import { PROGRESS, RESPONSES, type Axis } from '../tracker/recommendations-schema.ts';
import type { Moderator } from '../tracker/tracker-records.ts';
import type { ModeratorEdit, Tracker } from '../tracker/tracker.ts';
import { truncate } from '../util/format.ts';
import { formatMoment } from './proposal-message.ts';
import type { ProposalStore, StoredProposal } from './proposal-store.ts';

export interface ProposalActionDeps {
  proposals: ProposalStore;
  tracker: Tracker;
  now: () => Date;
}

/** What a moderator may change before approving: the value (on the proposal's axis) and the summary. */
export interface ApprovalChanges {
  value?: string;
  summary?: string;
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

/** A value typed by a moderator ("Under consideration", "in-progress"), checked against the proposal's axis. */
export function checkValue(axis: Axis, raw: string): string {
  const value = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
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
 * from this proposal (a crash between the two writes) is not recorded again.
 */
export async function approveProposal(
  deps: ProposalActionDeps,
  id: string,
  by: Moderator,
  changes: ApprovalChanges = {},
): Promise<{ proposal: StoredProposal; edit: ModeratorEdit }> {
  let edit: ModeratorEdit | undefined;
  const proposal = await deps.proposals.update(id, async (stored) => {
    const current = pending(stored);
    const value = changes.value?.trim() ? checkValue(current.axis, changes.value) : current.value;
    const summary = changes.summary?.trim()
      ? cleanText(changes.summary, 'a short summary of what changed', 5, 300)
      : current.summary;
    const at = deps.now().toISOString();
    edit =
      deps.tracker.history(current.key).find((e) => e.fromProposal === current.id) ??
      (await deps.tracker.addEdit(current.key, {
        axis: current.axis,
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
      decision: { by, at, value: edit.value, summary: edit.summary, editId: edit.id },
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
