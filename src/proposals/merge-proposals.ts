import { proposalId, sameDecisionWindow, SAME_DECISION_DAYS, type Proposal } from './proposal.ts';

export interface MergeResult {
  /** Every proposal after the merge: the existing ones (some with new sources) and the new ones. */
  proposals: Proposal[];
  /** Proposals that did not exist before. */
  added: Proposal[];
  /** Existing proposals that gained a source. */
  merged: Proposal[];
  /** Incoming proposals already known from the same story. */
  duplicates: number;
}

const sameDecision = (a: Proposal, b: Proposal, windowDays: number) =>
  a.key === b.key && a.axis === b.axis && a.value === b.value && sameDecisionWindow(a.date, b.date, windowDays);

/**
 * Folds newly detected proposals into the existing ones, without changing either list. A story
 * already among a proposal's sources adds nothing, so the same story never yields the same proposal
 * twice; another story reporting the same decision (same key, axis and value within the window)
 * joins that proposal as a further source, which keeps its id.
 */
export function mergeProposals(
  existing: readonly Proposal[],
  incoming: readonly Proposal[],
  windowDays = SAME_DECISION_DAYS,
): MergeResult {
  const proposals = [...existing];
  const added = new Set<string>();
  const merged = new Set<string>();
  let duplicates = 0;
  for (const next of incoming) {
    const index = proposals
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => sameDecision(p, next, windowDays))
      .sort(
        (a, b) =>
          Math.abs(Date.parse(a.p.date) - Date.parse(next.date)) -
          Math.abs(Date.parse(b.p.date) - Date.parse(next.date)),
      )[0]?.i;
    if (index === undefined) {
      const fresh = { ...next, id: uniqueId(next, proposals, windowDays) };
      proposals.push(fresh);
      added.add(fresh.id);
      continue;
    }
    const current = proposals[index]!;
    const newSources = next.sources.filter((s) => !current.sources.some((c) => c.url === s.url));
    if (newSources.length === 0) {
      duplicates++;
      continue;
    }
    // Dated stories first, oldest first: an undated story's day is only when it was first seen.
    const sources = [...current.sources, ...newSources].sort(
      (a, b) => Number(a.undated ?? false) - Number(b.undated ?? false) || a.date.localeCompare(b.date),
    );
    const updated: Proposal = {
      ...current,
      ...higher(current, next),
      date: sources[0]!.date,
      sources,
      evidence: [...current.evidence, ...next.evidence.filter((e) => newSources.some((s) => s.url === e.url))],
    };
    proposals[index] = updated;
    if (!added.has(updated.id)) merged.add(updated.id);
  }
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return {
    proposals,
    added: [...added].map((id) => byId.get(id)!),
    merged: [...merged].map((id) => byId.get(id)!),
    duplicates,
  };
}

/**
 * The surer of two readings of one decision: its confidence, its ranked values, and the values
 * offered to choose from (none once an outlet reports the value plainly).
 */
function higher(
  current: Proposal,
  next: Proposal,
): Pick<Proposal, 'confidence' | 'decisionConfidence' | 'values' | 'choices'> {
  if ((next.confidence ?? 0) <= (current.confidence ?? 0)) return {};
  return {
    confidence: next.confidence,
    decisionConfidence: Math.max(next.decisionConfidence ?? 0, current.decisionConfidence ?? 0),
    ...(next.values ? { values: next.values } : {}),
    choices: next.choices,
  };
}

/**
 * The proposal's own id, unless a proposal outside its window already holds it (the same decision
 * reported again months later): then the id of a later window, so ids stay unique and stable.
 */
function uniqueId(proposal: Proposal, proposals: readonly Proposal[], windowDays: number): string {
  const taken = new Set(proposals.map((p) => p.id));
  let id = proposal.id;
  for (let step = 1; taken.has(id); step++) {
    id = proposalId(
      proposal.key,
      proposal.axis,
      proposal.value,
      new Date(Date.parse(proposal.date) + step * windowDays * 86_400_000).toISOString().slice(0, 10),
      windowDays,
    );
  }
  return id;
}
