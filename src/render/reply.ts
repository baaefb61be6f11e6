/**
 * What a command answers, independent of where it is shown: the Discord adapter turns it into embeds
 * within Discord's limits, the terminal into plain text.
 */
export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ReplyEmbed {
  title?: string;
  url?: string;
  description?: string;
  /**
   * A list shown after the description, one entry per element (an entry may span lines). A face
   * that must shorten it drops whole entries from the end and says in the footer how many are shown.
   */
  entries?: string[];
  /** Added to that note, to say how to see the rest ("use limit or source to narrow"). */
  cutHint?: string;
  color?: number;
  fields?: ReplyField[];
  footer?: string;
  timestamp?: string;
}

export interface Reply {
  content?: string;
  embeds?: ReplyEmbed[];
  /** Shown only to the person who asked (Discord); ignored at the terminal. */
  ephemeral?: boolean;
  /** Further messages that continue this answer (pages of a long list), shown after it in order. */
  more?: Reply[];
  /** The whole answer as the terminal should print it, when it has a plain form of its own. */
  text?: string;
  /**
   * A refusal or a failure, not the answer asked for: the command line prints it to stderr and
   * exits 1. Discord and the prompt show it as any other answer.
   */
  failed?: boolean;
}

export const colours = {
  neutral: 0x5865f2,
  good: 0x2e7d32,
  progress: 0x1e88e5,
  pending: 0xf9a825,
  bad: 0xc62828,
  muted: 0x757575,
} as const;
