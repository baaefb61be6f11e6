import type { Collection } from '../store/collection.ts';
import { UserFacingError } from '../errors.ts';
import type { Theme } from '../classify/themes.ts';
import { PROGRESS, RESPONSES, type Axis, type ProgressValue, type Recommendation, type ResponseValue, type TimelineEntry } from './recommendations-schema.ts';

/** A timeline entry added by a moderator with /recommendation update, kept in the store. */
export interface ModeratorEdit {
  date: string;
  axis: Axis;
  value: ResponseValue | ProgressValue;
  summary: string;
  source: { title: string; url: string };
  by: { id: string; name: string };
  at: string;
}

export type DatedEntry = TimelineEntry & { edit?: { by: ModeratorEdit['by']; at: string } };

export interface AxisState<V extends string> {
  value: V;
  /** The entry that set it; undefined when nothing has been recorded on this axis. */
  entry?: DatedEntry;
}

export interface RecommendationStatus {
  recommendation: Recommendation;
  response: AxisState<ResponseValue>;
  progress: AxisState<ProgressValue>;
  /** Newest first: the data file's entries and moderators' edits together. */
  timeline: DatedEntry[];
}

export interface ListFilter {
  theme?: Theme;
  response?: ResponseValue;
  progress?: ProgressValue;
}

/** Partial dates sort as the start of their period: "2023-09" is before "2023-09-14". */
function compareDates(a: string, b: string): number {
  return a.localeCompare(b);
}

function newestFirst(a: DatedEntry, b: DatedEntry): number {
  const byDate = compareDates(b.date, a.date);
  if (byDate !== 0) return byDate;
  // On the same date a moderator's edit is newer than the file's entry.
  return (b.edit ? 1 : 0) - (a.edit ? 1 : 0) || (b.edit?.at ?? '').localeCompare(a.edit?.at ?? '');
}

export function isResponseValue(value: string): value is ResponseValue {
  return (RESPONSES as readonly string[]).includes(value);
}

export function isProgressValue(value: string): value is ProgressValue {
  return (PROGRESS as readonly string[]).includes(value);
}

/**
 * What government did with each recommendation: the data file's timeline plus moderators' edits.
 * The timeline only grows; the current response and progress are the newest entry on each axis,
 * so an edit wins until the data file gains a newer entry.
 */
export class Tracker {
  private readonly byKey: Map<string, Recommendation>;
  private readonly edits = new Map<string, ModeratorEdit[]>();
  private readonly statusCache = new Map<string, RecommendationStatus>();

  private constructor(
    readonly recommendations: Recommendation[],
    private readonly kv: Collection<ModeratorEdit[]>,
  ) {
    this.byKey = new Map(recommendations.map((r) => [r.key, r]));
  }

  static async open(recommendations: Recommendation[], kv: Collection<ModeratorEdit[]>): Promise<Tracker> {
    const tracker = new Tracker(recommendations, kv);
    await tracker.refresh();
    return tracker;
  }

  /** Re-reads moderators' edits from the store (another process may have added some). */
  async refresh(): Promise<void> {
    const stored = await this.kv.getMany(this.recommendations.map((r) => r.key));
    this.edits.clear();
    this.statusCache.clear();
    this.recommendations.forEach((r, i) => {
      const list = stored[i];
      if (list && list.length > 0) this.edits.set(r.key, list);
    });
  }

  get(key: string): Recommendation | undefined {
    return this.byKey.get(key);
  }

  status(key: string): RecommendationStatus | undefined {
    const cached = this.statusCache.get(key);
    if (cached) return cached;
    const recommendation = this.byKey.get(key);
    if (!recommendation) return undefined;
    const fromEdits: DatedEntry[] = (this.edits.get(key) ?? []).map((e) => ({
      date: e.date,
      axis: e.axis,
      value: e.value,
      summary: e.summary,
      source: e.source,
      edit: { by: e.by, at: e.at },
    }) as DatedEntry);
    const timeline = [...recommendation.timeline, ...fromEdits].sort(newestFirst);
    const response = timeline.find((e) => e.axis === 'response');
    const progress = timeline.find((e) => e.axis === 'progress');
    const status: RecommendationStatus = {
      recommendation,
      response: response ? { value: response.value as ResponseValue, entry: response } : { value: 'no-response' },
      progress: progress ? { value: progress.value as ProgressValue, entry: progress } : { value: 'not-started' },
      timeline,
    };
    this.statusCache.set(key, status);
    return status;
  }

  list(filter: ListFilter = {}): RecommendationStatus[] {
    return this.recommendations
      .map((r) => this.status(r.key)!)
      .filter((s) => (!filter.theme || s.recommendation.theme === filter.theme) && (!filter.response || s.response.value === filter.response) && (!filter.progress || s.progress.value === filter.progress));
  }

  history(key: string): ModeratorEdit[] {
    return [...(this.edits.get(key) ?? [])].reverse();
  }

  /** Appends a moderator's dated entry; never changes or removes an earlier one. */
  async addEdit(key: string, edit: Omit<ModeratorEdit, 'date'> & { date?: string }): Promise<ModeratorEdit> {
    if (!this.byKey.has(key)) throw new UserFacingError(`Unknown recommendation "${key}"`);
    if (edit.axis === 'response' && !isResponseValue(edit.value)) throw new UserFacingError(`"${edit.value}" is not a response. Use one of: ${RESPONSES.join(', ')}`);
    if (edit.axis === 'progress' && !isProgressValue(edit.value)) throw new UserFacingError(`"${edit.value}" is not a progress value. Use one of: ${PROGRESS.join(', ')}`);
    let url: URL;
    try {
      url = new URL(edit.source.url);
    } catch {
      throw new UserFacingError(`"${edit.source.url}" is not a URL. Give the http(s) address of the source.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserFacingError('The source must be an http(s) URL.');
    const summary = edit.summary.trim();
    if (summary.length < 5) throw new UserFacingError('Give a short summary of what changed (at least 5 characters).');
    const entry: ModeratorEdit = { ...edit, summary, date: edit.date ?? edit.at.slice(0, 10) };
    const list = [...(this.edits.get(key) ?? []), entry];
    await this.kv.set(key, list);
    this.edits.set(key, list);
    this.statusCache.delete(key);
    return entry;
  }
}
