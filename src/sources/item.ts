import type { Classification } from '../classify/classifier.ts';

/** One news item, normalised from whatever the source sent. */
export interface Item {
  /** Stable id: derived from the source and the entry's guid (or canonical URL when there is none). */
  id: string;
  sourceId: string;
  guid?: string;
  /** Canonical URL: tracking parameters and fragment removed, relative links resolved. */
  url: string;
  title: string;
  summary: string;
  /** Longer text where the feed carries it (content:encoded), plain text. */
  body?: string;
  author?: string;
  categories: string[];
  /** ISO time the source says it was published; the first-seen time when it says nothing usable. */
  published: string;
  publishedKnown: boolean;
  firstSeen: string;
  commentsFeedUrl?: string;
  commentCount?: number;
  /** Stored when its source was first added: kept, never announced. */
  backfill: boolean;
  /** The review's themes and recommendations it is about, with the evidence; set on arrival. */
  classification?: Classification;
}

/** An entry as a parser read it, before normalisation. Text fields may still hold HTML. */
export interface RawEntry {
  guid?: string;
  link?: string;
  title?: string;
  summary?: string;
  content?: string;
  author?: string;
  categories?: string[];
  published?: string;
  commentsFeedUrl?: string;
  commentCount?: string | number;
}
