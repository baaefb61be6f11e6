import { z } from 'zod';
import { UserFacingError } from '../errors.ts';
import { escapeText } from '../render/markdown.ts';
import type { Collection } from '../store/collection.ts';
import type { StoreConnection } from '../store/open-store.ts';
import { PROGRESS, RESPONSES } from '../tracker/recommendations-schema.ts';
import type { Moderator } from '../tracker/tracker-records.ts';
import type { RecommendationStatus } from '../tracker/tracker.ts';
import { dayOf } from '../util/time-zone.ts';
import { mergeProposals } from './merge-proposals.ts';
import { asTrackerStands } from './proposal-context.ts';
import type { Proposal } from './proposal.ts';

export type ProposalState = 'pending' | 'approved' | 'rejected';

/** One message a proposal was posted as: the outbox entry that posts it, and its message id once known. */
export interface ProposalPost {
  guildId: string;
  channelId: string;
  outboxId: string;
  messageId?: string;
}

/** Who approved or rejected a proposal, when, and what was recorded. */
export interface ProposalDecision {
  by: Moderator;
  at: string;
  /** Approved: the value and summary recorded (a moderator may have edited them) and the tracker record. */
  value?: string;
  /** Approved on another axis than proposed (a likely value chosen): that axis. */
  axis?: 'response' | 'progress';
  summary?: string;
  editId?: string;
  /** Approved: the value that stood on the axis just before the entry was recorded. */
  from?: string;
  /** Approved as an entry older than the tracker's newest on its axis: history, the current status unchanged. */
  history?: boolean;
}

/** A proposal as the store keeps it: one record per proposal, rejected ones included, so they never return. */
export type StoredProposal = Proposal & {
  state: ProposalState;
  createdAt: string;
  updatedAt: string;
  decision?: ProposalDecision;
  posts: ProposalPost[];
};

const moderator = z.object({ id: z.string(), name: z.string() });
const axis = z.enum(['response', 'progress']);
const historyNote = z.object({ newestDate: z.string(), newestValue: z.string() });
const correctionNote = z.object({ date: z.string(), value: z.string() });
const storedShape = z.object({
  id: z.string().regex(/^[0-9a-f]{8}$/),
  key: z.string().min(1),
  axis: z.enum(['response', 'progress']),
  value: z.enum([...RESPONSES, ...PROGRESS]),
  date: z.string().min(4),
  summary: z.string(),
  sources: z
    .array(
      z.object({
        title: z.string(),
        url: z.string(),
        date: z.string(),
        outlet: z.string().optional(),
        undated: z.literal(true).optional(),
      }),
    )
    .min(1),
  evidence: z.array(z.object({ phrase: z.string(), field: z.string(), sentence: z.string(), url: z.string() })),
  from: z.string(),
  confidence: z.number().min(0).max(1).optional(),
  decisionConfidence: z.number().min(0).max(1).optional(),
  values: z.array(z.object({ axis, value: z.string(), probability: z.number() })).optional(),
  history: historyNote.optional(),
  correction: correctionNote.optional(),
  choices: z
    .array(
      z.object({
        axis,
        value: z.enum([...RESPONSES, ...PROGRESS]),
        probability: z.number(),
        from: z.string(),
        history: historyNote.optional(),
        correction: correctionNote.optional(),
      }),
    )
    .optional(),
  state: z.enum(['pending', 'approved', 'rejected']),
  createdAt: z.string(),
  updatedAt: z.string(),
  decision: z
    .object({
      by: moderator,
      at: z.string(),
      value: z.string().optional(),
      from: z.string().optional(),
      axis: axis.optional(),
      summary: z.string().optional(),
      editId: z.string().optional(),
      history: z.boolean().optional(),
    })
    .optional(),
  posts: z.array(
    z.object({ guildId: z.string(), channelId: z.string(), outboxId: z.string(), messageId: z.string().optional() }),
  ),
});

const isStoredProposal = (value: unknown): value is StoredProposal => storedShape.safeParse(value).success;

/** Read-modify-writes of proposals run one at a time across processes, under this store lock. */
export const PROPOSALS_LOCK = 'proposals';

export interface MergeOutcome {
  /** Proposals that did not exist before. */
  added: StoredProposal[];
  /** Existing proposals that gained a source (whatever their state). */
  merged: StoredProposal[];
}

export interface MergeContext {
  /** Whether the tracker has recorded an entry on the axis dated after the day. */
  recordedSince?: (key: string, axis: Proposal['axis'], day: string) => boolean;
  /** The tracker's current status of a recommendation, to work out again what a merged proposal would change. */
  statusOf?: (key: string) => RecommendationStatus | undefined;
}

/**
 * The proposals in the store, one record per proposal under its id. Every change is a
 * read-modify-write of one record under the `proposals` lock, so two processes (a poll merging a new
 * source, a moderator approving) never overwrite each other's change.
 */
export class ProposalStore {
  private readonly records: Collection<StoredProposal>;

  constructor(private readonly connection: StoreConnection) {
    this.records = connection.collection<StoredProposal>('proposals', isStoredProposal);
  }

  async all(): Promise<StoredProposal[]> {
    return (await this.records.entries())
      .map(([, p]) => p)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async pending(): Promise<StoredProposal[]> {
    return (await this.all()).filter((p) => p.state === 'pending');
  }

  get(id: string): Promise<StoredProposal | undefined> {
    return this.records.get(id.trim().toLowerCase());
  }

  /** The proposal with this id, or a clear message naming the ids that are pending. */
  async require(id: string): Promise<StoredProposal> {
    const found = /^[0-9a-f]{8}$/i.test(id.trim()) ? await this.get(id) : undefined;
    if (found) return found;
    const pending = (await this.pending()).map((p) => p.id);
    const hint =
      pending.length > 0
        ? ` Pending: ${pending.slice(0, 10).join(', ')}${pending.length > 10 ? '…' : ''}.`
        : ' None is pending.';
    throw new UserFacingError(`No proposal "${escapeText(id, 20)}".${hint} /proposals lists them.`);
  }

  /**
   * Folds newly detected proposals into every stored one, rejected and approved included: a story
   * already among a proposal's sources adds nothing, another story reporting the same decision
   * joins it as a source, and a rejected decision is never proposed again. A merged proposal keeps
   * the surer reading (confidence, likely values, choices) and, as its date may have moved, what it
   * would change is worked out again from the tracker.
   */
  merge(
    incoming: Proposal[],
    now: Date,
    { recordedSince = () => false, statusOf = () => undefined }: MergeContext = {},
  ): Promise<MergeOutcome> {
    return this.locked(async (lease) => {
      const existing = await this.all();
      // A decision moderators settled (approved or rejected) is not proposed again, however much
      // later another outlet reports it, unless the tracker has recorded something on that axis since.
      const settled = (p: Proposal) =>
        existing.some((e) => e.decision && sameDecision(e, p) && !recordedSince(e.key, e.axis, dayOf(e.decision.at)));
      const fresh = incoming.filter(
        (p) =>
          !settled(p) &&
          !existing.some(
            (e) => sameDecision(e, p) && p.sources.every((s) => e.sources.some((known) => known.url === s.url)),
          ),
      );
      const result = mergeProposals(existing, fresh);
      const at = now.toISOString();
      const byId = new Map(existing.map((p) => [p.id, p]));
      const added = result.added.map((p): StoredProposal => ({
        ...p,
        state: 'pending',
        createdAt: at,
        updatedAt: at,
        posts: [],
      }));
      const merged = result.merged.map((p): StoredProposal =>
        asTrackerStands({ ...byId.get(p.id)!, ...p, updatedAt: at }, statusOf(p.key)),
      );
      lease.throwIfAborted();
      await this.records.setMany([...added, ...merged].map((value) => ({ key: value.id, value })));
      return { added, merged };
    });
  }

  /**
   * Changes one proposal under the lock: `change` gets the record as stored now and returns the new
   * one (or throws, changing nothing).
   */
  update(
    id: string,
    change: (current: StoredProposal) => StoredProposal | Promise<StoredProposal>,
  ): Promise<StoredProposal> {
    return this.locked(async (lease) => {
      const current = await this.require(id);
      const next = await change(current);
      lease.throwIfAborted();
      await this.records.set(next.id, next);
      return next;
    });
  }

  /** Read, change and write under the lock; the write is skipped if the lock was lost meanwhile. */
  private locked<T>(work: (lease: AbortSignal) => Promise<T>): Promise<T> {
    return this.connection.locks.run(PROPOSALS_LOCK, work, { pollMs: 50 });
  }
}

const sameDecision = (a: Proposal, b: Proposal) => a.key === b.key && a.axis === b.axis && a.value === b.value;

const stores = new WeakMap<StoreConnection, ProposalStore>();

/** The one ProposalStore of a connection. */
export function proposalStoreOf(connection: StoreConnection): ProposalStore {
  let store = stores.get(connection);
  if (!store) stores.set(connection, (store = new ProposalStore(connection)));
  return store;
}

/** Gives an app's command context its proposals (for /proposals, /approve, /reject), once. */
export function attachProposals(app: {
  store: StoreConnection;
  context: { proposals?: ProposalStore };
}): ProposalStore {
  app.context.proposals ??= proposalStoreOf(app.store);
  return app.context.proposals;
}
