import type { Theme } from '../classify/themes.ts';
import type { Axis } from '../tracker/recommendations-schema.ts';
import type { DigestPeriod } from './period.ts';

/** One place a story was published. Text fields are as the feed gave them: escape them to show them. */
export interface StoryLink {
  itemId: string;
  url: string;
  sourceId: string;
  sourceName: string;
  title: string;
  /** When the source says it was published; the first-seen time when `publishedKnown` is false. */
  published: string;
  publishedKnown: boolean;
}

/** A story once, however many outlets (or times) told it: near-duplicates are grouped. */
export interface Story {
  /** The headline of the lead telling (the first link). */
  title: string;
  /**
   * Every telling: those whose source dated them earliest first, then undated ones; more than one
   * when outlets told the same story. The first leads the story.
   */
  links: StoryLink[];
  /** The lead telling's time: the first-seen time when its `publishedKnown` is false. */
  published: string;
  /** The theme it is filed under in the digest (its strongest), then any others. */
  themes: Theme[];
  recommendations: Array<{ key: string; title: string }>;
  /** Why it was tagged: the words that earned its strongest theme, e.g. "'kinship allowance' (title)". */
  why: string[];
  /** Set when it reports a sector body's statement, response, letter or briefing. */
  statement?: { body: string; evidence: string[] };
}

export interface StatusChange {
  recommendation: { key: string; title: string; theme: Theme };
  /** YYYY-MM-DD, as the timeline records it. */
  date: string;
  axis: Axis;
  value: string;
  /** "Accepted in part", "Piloting". */
  label: string;
  summary: string;
  source: { title: string; url: string };
  /** A moderator's update: who recorded it, and when. */
  recordedBy?: { name: string; at: string };
  /** Other values that entries give for the same day and axis: "Accepted in principle", and whether they cite this source. */
  otherReadings?: Array<{ label: string; sameSource: boolean }>;
  /** A progress entry made while the recommendation stood turned down: progress on what was done instead. */
  instead?: boolean;
}

export interface ThemeSection {
  theme: Theme;
  label: string;
  stories: Story[];
  /** Stories left out by a cap on stories per theme. */
  more: number;
}

export interface CommentExcerpt {
  /** The display name as published. */
  author: string;
  /** At most 200 characters, cut on a word. */
  text: string;
  url?: string;
  published: string;
}

export interface ArticleResponses {
  article: { title: string; url: string; sourceName?: string; itemId?: string };
  /** Comments published in the period. */
  count: number;
  /** The themes those comments raise, most raised first, with how many comments raise each. */
  themes: Array<{ theme: Theme; label: string; comments: number }>;
  excerpts: CommentExcerpt[];
}

export interface DigestCounts {
  /** Stories on the review (news and statements), each counted once. */
  stories: number;
  /** Items those stories were told in. */
  items: number;
  /** Items folded into a story told elsewhere. */
  grouped: number;
  /** Stories told more than once (by both outlets, or twice by one). */
  retold: number;
  statusChanges: number;
  statements: number;
  comments: number;
  commentedArticles: number;
  /** Social work items in the period that are not about the review. */
  otherNews: number;
}

/** A digest of one period, with no Discord types: rendered to Discord messages or to plain text. */
export interface Digest {
  period: DigestPeriod;
  /** Set when the digest is limited to one theme. */
  theme?: { key: Theme; label: string };
  counts: DigestCounts;
  statusChanges: StatusChange[];
  /** Busiest theme first. */
  news: ThemeSection[];
  statements: Story[];
  readerResponses: ArticleResponses[];
  /** Articles with comments in the period left out by the cap, and their comments. */
  moreResponses: { articles: number; comments: number };
  /** Nothing on the review happened: no stories, status changes, statements or comments. */
  quiet: boolean;
}
