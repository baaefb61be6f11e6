import type { Collection } from '../store/collection.ts';
import { THEMES, type Theme } from '../classify/themes.ts';
import { UserFacingError } from '../errors.ts';
import { escapeText } from '../render/markdown.ts';
import { formatDate } from '../util/format.ts';
import { dayOf } from '../util/time-zone.ts';
import type { Logger } from '../logger.ts';
import { RecommendationFinder } from './find-recommendation.ts';
import { checkSourceUrl, cleanText, splitAliases } from './moderator-input.ts';
import {
  PROGRESS,
  RESPONSES,
  type Axis,
  type ProgressValue,
  type Recommendation,
  type RecommendationsData,
  type ResponseValue,
} from './recommendations-schema.ts';
import { computeStatus, isStale, type DatedEntry, type RecommendationStatus } from './status.ts';
import {
  newRecordId,
  readRecords,
  writeAddition,
  writeEdit,
  type Moderator,
  type ModeratorAddition,
  type ModeratorEdit,
} from './tracker-records.ts';

export type { DatedEntry, RecommendationStatus } from './status.ts';
export type { ModeratorAddition, ModeratorEdit } from './tracker-records.ts';

export interface ListFilter {
  theme?: Theme;
  response?: ResponseValue;
  progress?: ProgressValue;
}

export interface Coverage {
  /** Recommendations tracked: the data file's and moderators' additions. */
  tracked: number;
  /** Of which added by moderators and not yet in the data file. */
  added: number;
  /** How many the review made, as near as sources agree: "80", or "80+" for more than 80. */
  reviewTotal?: string;
}

export interface NewEdit {
  axis: Axis;
  value: string;
  summary: string;
  source: { title?: string; url: string };
  by: Moderator;
  at: string;
  date?: string;
  /** The proposal this entry approves, when it came from the news. */
  fromProposal?: string;
}

export interface NewRecommendation {
  key: string;
  title: string;
  theme: Theme;
  proposed: string;
  source: { title?: string; url: string };
  aliases?: string;
  by: Moderator;
  at: string;
}

export function isResponseValue(value: string): value is ResponseValue {
  return (RESPONSES as readonly string[]).includes(value);
}

export function isProgressValue(value: string): value is ProgressValue {
  return (PROGRESS as readonly string[]).includes(value);
}

const fold = (text: string) => text.trim().toLowerCase();

/**
 * What government did with each recommendation: the data file's timeline plus moderators' edits
 * and additions. The store is the truth; this object's memory is a cache of it, which `refresh`
 * brings up to date with other processes' writes. Records are written once and never changed, so
 * a refresh only ever adds to what is known.
 */
export class Tracker {
  private readonly fileByKey: Map<string, Recommendation>;
  /** Ids of store records already merged into the data file: not shown twice. */
  private readonly inFile: Set<string>;
  private readonly edits = new Map<string, ModeratorEdit>();
  private readonly additions = new Map<string, ModeratorAddition>();
  private active: {
    recommendations: Recommendation[];
    byKey: Map<string, Recommendation>;
    added: Map<string, ModeratorAddition>;
  };
  private readonly statusCache = new Map<string, RecommendationStatus>();
  private finderCache?: RecommendationFinder;
  private readonly listeners = new Set<(recommendations: Recommendation[]) => void>();
  readonly sourcesChecked?: string;
  readonly reviewTotal?: string;

  private constructor(
    data: RecommendationsData,
    private readonly kv: Collection<unknown>,
    private readonly logger?: Logger,
    /** Tells other processes which recommendations changed (the store's change log). */
    private readonly onWrite: (keys: string[]) => Promise<void> = async () => undefined,
  ) {
    this.fileByKey = new Map(data.recommendations.map((r) => [r.key, r]));
    this.inFile = new Set(
      data.recommendations.flatMap((r) => [
        ...(r.added ? [r.added.id] : []),
        ...r.timeline.flatMap((e) => (e.recorded ? [e.recorded.id] : [])),
      ]),
    );
    this.sourcesChecked = data.sourcesChecked;
    this.reviewTotal = data.reviewTotal;
    this.active = { recommendations: data.recommendations, byKey: this.fileByKey, added: new Map() };
  }

  static async open(
    data: RecommendationsData | Recommendation[],
    kv: Collection<unknown>,
    options: { logger?: Logger; onWrite?: (keys: string[]) => Promise<void> } = {},
  ): Promise<Tracker> {
    const tracker = new Tracker(
      Array.isArray(data) ? { recommendations: data } : data,
      kv,
      options.logger,
      options.onWrite,
    );
    await tracker.refresh();
    return tracker;
  }

  /**
   * Reads the store again, so that edits and additions written by another process become visible.
   * Cheap enough to call every few seconds: the tracker's records are a few hundred at most.
   */
  async refresh(): Promise<void> {
    const { edits, additions, error } = await readRecords(this.kv, this.logger);
    if (error)
      this.logger?.error(
        { err: error, namespace: 'tracker' },
        'could not read every tracker record; keeping what is known',
      );
    let changed = false;
    for (const edit of edits) {
      if (!this.edits.has(edit.id)) {
        this.edits.set(edit.id, edit);
        changed = true;
      }
    }
    for (const addition of additions) {
      if (!this.additions.has(addition.id)) {
        this.additions.set(addition.id, addition);
        changed = true;
      }
    }
    if (changed) this.rebuild();
  }

  /** Every recommendation tracked: the data file's, then moderators' additions in the order they were made. */
  get recommendations(): Recommendation[] {
    return this.active.recommendations;
  }

  /** Finds recommendations by what people type, over the current list (additions included). */
  get finder(): RecommendationFinder {
    this.finderCache ??= new RecommendationFinder(this.active.recommendations);
    return this.finderCache;
  }

  /**
   * Called whenever the list of recommendations changes (a moderator's addition, here or in another
   * process), with the new list: what the classifier needs to be rebuilt. Returns an unsubscribe.
   */
  onRecommendationsChange(listener: (recommendations: Recommendation[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(key: string): Recommendation | undefined {
    return this.active.byKey.get(key);
  }

  coverage(): Coverage {
    return {
      tracked: this.active.recommendations.length,
      added: this.active.recommendations.filter((r) => r.added).length,
      reviewTotal: this.reviewTotal,
    };
  }

  status(key: string): RecommendationStatus | undefined {
    const cached = this.statusCache.get(key);
    if (cached) return cached;
    const recommendation = this.active.byKey.get(key);
    if (!recommendation) return undefined;
    const fromEdits = this.visibleEdits(key).map(
      (e) =>
        ({
          date: e.date,
          axis: e.axis,
          value: e.value,
          summary: e.summary,
          source: e.source,
          edit: { id: e.id, by: e.by, at: e.at },
        }) as DatedEntry,
    );
    const status = computeStatus(recommendation, fromEdits, { sourcesChecked: this.sourcesChecked });
    this.statusCache.set(key, status);
    return status;
  }

  list(filter: ListFilter = {}): RecommendationStatus[] {
    return this.active.recommendations
      .map((r) => this.status(r.key)!)
      .filter(
        (s) =>
          (!filter.theme || s.recommendation.theme === filter.theme) &&
          (!filter.response || s.response.value === filter.response) &&
          (!filter.progress || s.progress.value === filter.progress),
      );
  }

  /** Entries whose newest evidence is over six months old, oldest first: for moderators to check. */
  stale(now: Date): RecommendationStatus[] {
    return this.list()
      .filter((s) => isStale(s, now))
      .sort(
        (a, b) =>
          a.newestEvidence.localeCompare(b.newestEvidence) || a.recommendation.key.localeCompare(b.recommendation.key),
      );
  }

  /** Everything moderators recorded for one recommendation, in the store or merged into the file, newest first. */
  history(key: string): ModeratorEdit[] {
    return (this.status(key)?.timeline ?? []).flatMap((e) => {
      if (!e.edit) return [];
      const fromProposal = e.recorded?.from_proposal ?? this.edits.get(e.edit.id)?.fromProposal;
      return [
        {
          id: e.edit.id,
          key,
          date: e.date,
          axis: e.axis,
          value: e.value,
          summary: e.summary,
          source: e.source,
          by: e.edit.by,
          at: e.edit.at,
          ...(fromProposal ? { fromProposal } : {}),
        },
      ];
    });
  }

  /** What `export-edits` writes out: every update and addition not yet in the data file, oldest first. */
  pending(): { edits: ModeratorEdit[]; additions: ModeratorAddition[] } {
    const additions = [...this.active.added.values()].sort(byTime);
    const edits = [...this.edits.values()].filter((e) => this.active.byKey.has(e.key) && !this.inFile.has(e.id));
    return { edits: edits.sort(byTime), additions };
  }

  /** Appends a moderator's dated entry as its own record; never changes or removes an earlier one. */
  async addEdit(key: string, input: NewEdit): Promise<ModeratorEdit> {
    if (!this.active.byKey.has(key)) throw new UserFacingError(`Unknown recommendation "${escapeText(key, 60)}"`);
    if (input.axis === 'response' && !isResponseValue(input.value))
      throw new UserFacingError(
        `"${escapeText(input.value, 40)}" is not a response. Use one of: ${RESPONSES.join(', ')}`,
      );
    if (input.axis === 'progress' && !isProgressValue(input.value))
      throw new UserFacingError(
        `"${escapeText(input.value, 40)}" is not a progress value. Use one of: ${PROGRESS.join(', ')}`,
      );
    const url = checkSourceUrl(input.source.url);
    const edit: ModeratorEdit = {
      id: newRecordId(input.at),
      key,
      date: input.date ?? dayOf(input.at),
      axis: input.axis,
      value: input.value as ResponseValue | ProgressValue,
      summary: cleanText(input.summary, 'a short summary of what changed', 5, 300),
      source: { title: input.source.title ? cleanText(input.source.title, 'the source title', 1, 200) : url, url },
      by: input.by,
      at: input.at,
      ...(input.fromProposal ? { fromProposal: input.fromProposal } : {}),
    };
    // The same update sent twice (a double click, a retry, another instance) is recorded once:
    // asked of the store, which may hold what another process wrote a moment ago; and when both
    // arrive at once, the store's create-if-absent lets only the first write its record.
    await this.refresh();
    this.refuseIfRecorded(edit);
    if (!(await writeEdit(this.kv, edit))) {
      await this.refresh();
      this.refuseIfRecorded(edit);
      throw new UserFacingError(`This update (${edit.axis}: ${edit.value} on ${edit.date}) was just recorded.`);
    }
    this.edits.set(edit.id, edit);
    this.rebuild();
    await this.onWrite([edit.key]);
    return edit;
  }

  private refuseIfRecorded(edit: ModeratorEdit): void {
    const same = [...this.edits.values()].find(
      (e) =>
        e.key === edit.key &&
        e.axis === edit.axis &&
        e.value === edit.value &&
        e.date === edit.date &&
        e.source.url === edit.source.url,
    );
    if (same)
      throw new UserFacingError(
        `${escapeText(same.by.name, 60)} already recorded this (${edit.axis}: ${edit.value} on ${edit.date}, from the same source) on ${formatDate(same.at)}.`,
      );
  }

  /**
   * Adds a recommendation the data file lacks, as its own record. Of two moderators adding the same
   * key at once, here or in two processes, the first written stands (the store creates the record
   * only if the key is free, whatever either machine's clock says) and the other is told so.
   */
  async addRecommendation(input: NewRecommendation): Promise<ModeratorAddition> {
    const key = String(input.key ?? '')
      .trim()
      .toLowerCase();
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(key) || key.length > 60)
      throw new UserFacingError(
        'The key must be short kebab-case, like youth-custody-phase-out (letters, digits and dashes).',
      );
    await this.refresh();
    if (this.active.byKey.has(key))
      throw new UserFacingError(`There is already a recommendation "${key}": /recommendation show key:${key}`);
    if (!THEMES.includes(input.theme))
      throw new UserFacingError(`Unknown theme "${escapeText(String(input.theme), 40)}". Themes: ${THEMES.join(', ')}`);
    const title = cleanText(input.title, 'a title', 5, 200);
    const proposed = cleanText(input.proposed, 'what the review proposed', 10, 1000);
    const url = checkSourceUrl(input.source.url);
    const sourceTitle = input.source.title ? cleanText(input.source.title, 'the source title', 1, 200) : url;
    const aliases = splitAliases(input.aliases);
    if (aliases.length > 10) throw new UserFacingError('Give at most 10 aliases.');
    for (const alias of aliases)
      if (alias.length < 3 || alias.length > 60)
        throw new UserFacingError(`Each alias needs 3 to 60 characters ("${escapeText(alias, 60)}").`);
    const taken = new Map(
      this.active.recommendations.flatMap((r) => [r.key, ...r.aliases].map((name) => [fold(name), r.key] as const)),
    );
    for (const name of [key, ...aliases]) {
      // Singular and plural ("IROs", "IRO") name the same thing: ask the finder too.
      const owner = taken.get(fold(name)) ?? this.finder.exact(name)?.key;
      if (owner)
        throw new UserFacingError(
          `"${escapeText(name, 60)}" already names ${owner}: choose words that belong to this recommendation alone.`,
        );
    }
    const id = newRecordId(input.at);
    const recorded = { by: input.by.name, by_id: input.by.id, at: input.at, id };
    const addition: ModeratorAddition = {
      id,
      by: input.by,
      at: input.at,
      recommendation: {
        key,
        title,
        theme: input.theme,
        aliases: aliases.length > 0 ? aliases : [title],
        proposed,
        review_ref: 'Added by a moderator; not yet checked against the final report',
        confidence: 'low',
        timeline: [
          {
            date: dayOf(input.at),
            axis: 'response',
            value: 'no-response',
            summary: 'Added to the tracker by a moderator, from the source below; no government decision recorded yet.',
            source: { title: sourceTitle, url },
            recorded,
          },
        ],
        responses: [],
        added: recorded,
      },
    };
    if (!(await writeAddition(this.kv, addition))) {
      // Another moderator added the same key a moment ago: theirs stands.
      await this.refresh();
      const standing = this.active.added.get(key);
      throw new UserFacingError(
        `${standing ? escapeText(standing.by.name, 60) : 'Another moderator'} added "${key}" a moment ago; theirs stands. See /recommendation show key:${key}`,
      );
    }
    this.additions.set(addition.id, addition);
    this.rebuild();
    await this.onWrite([key]);
    return addition;
  }

  private visibleEdits(key: string): ModeratorEdit[] {
    return [...this.edits.values()].filter((e) => e.key === key && !this.inFile.has(e.id)).sort(byTime);
  }

  private rebuild(): void {
    const added = new Map<string, ModeratorAddition>();
    for (const addition of [...this.additions.values()].sort(byTime)) {
      const key = addition.recommendation.key;
      if (this.fileByKey.has(key) || this.inFile.has(addition.id) || added.has(key)) continue;
      added.set(key, addition);
    }
    const before = this.active.recommendations;
    const recommendations = [...this.fileByKey.values(), ...[...added.values()].map((a) => a.recommendation)];
    this.active = { recommendations, byKey: new Map(recommendations.map((r) => [r.key, r])), added };
    this.statusCache.clear();
    if (recommendations.length !== before.length || recommendations.some((r, i) => r !== before[i])) {
      this.finderCache = undefined;
      for (const listener of this.listeners) {
        try {
          listener(recommendations);
        } catch (error) {
          this.logger?.error({ err: error }, 'a listener to recommendation changes failed');
        }
      }
    }
  }
}

function byTime(a: { at: string; id: string }, b: { at: string; id: string }): number {
  return a.at.localeCompare(b.at) || a.id.localeCompare(b.id);
}
