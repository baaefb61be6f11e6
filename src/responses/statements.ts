import type { Item } from '../sources/item.ts';
import { truncate } from '../util/format.ts';
import { loadSectorBodies, type SectorBodies } from './sector-bodies.ts';

export interface StatementDetection {
  /** The item reports (or is) a named body's statement, response, letter or briefing. */
  isResponse: boolean;
  /** The body, as the data file names it (or as the headline does, for a body not listed). */
  body?: string;
  /** What gave it away, in words a moderator can check. */
  evidence: string[];
}

export type StatementCandidate = Pick<Item, 'title' | 'sourceId' | 'url' | 'categories'>;

const VERBS = String.raw`(?:welcomes?|criticises?|criticizes?|warns?|urges?|calls?\s+for|condemns?|slams?|hails?|backs?|rejects?|questions?|challenges?|demands?|says|raises?\s+concerns?|voices?\s+concerns?|writes?\s+to|responds?\s+to|reacts?\s+to|replies\s+to)`;
const KINDS = String.raw`(?:response|statement|reaction|open\s+letter|letter|submission|briefing|verdict|evidence)`;

/** Headline shapes that report a body's response, each capturing the body as the headline names it. */
const HEADLINES: Array<{ pattern: RegExp; shape: string }> = [
  {
    pattern: new RegExp(String.raw`^(?<subject>[^:]{2,80}?)['’]s\s+${KINDS}\s+(?:to|on)\b`, 'i'),
    shape: "<body>'s response to",
  },
  {
    pattern: new RegExp(String.raw`^(?<subject>[^:]{2,80}?)\s+${KINDS}\s+(?:to|on)\b`, 'i'),
    shape: '<body> statement on',
  },
  {
    pattern: new RegExp(String.raw`^(?<subject>[^:]{2,80}?)\s+${VERBS}\b`, 'i'),
    shape: '<body> responds to / welcomes / warns',
  },
  { pattern: /^(?<subject>[^:]{2,60}):\s+\S/, shape: '<body>: …' },
  { pattern: /,\s+says\s+(?<subject>[^,.:;]{2,60}?)\s*$/i, shape: '…, says <body>' },
];
const OWN_STATEMENT = new RegExp(String.raw`^(?:our|a|joint)?\s*${KINDS}\s+(?:to|on|from)\b|^our\s+${KINDS}\b`, 'i');
const ROLE =
  /(?:['’]s)?\s+(?:chief\s+executive|chief|chair|co-chair|president|vice-president|director|head|boss|leader|spokesperson)$/i;
const ORGANISATION_WORD =
  /\s(?:Association|Society|Council|Network|Alliance|Trust|Federation|Institute|Union|Coalition|Foundation|Group|Commissioner|Partnership|Panel|Forum|Charity|Bureau|Observatory|Board|Collective|Consortium)$/;
const CAPITALISED_NAME = /^(?:(?:[A-Z][\w'’&.-]*|of|for|and|the|on|in)\s+){0,7}[A-Z][\w'’&.-]*$/;
const STATEMENT_CATEGORY =
  /\b(?:statements?|responses?|press\s+releases?|letters?|briefings?|consultation\s+responses?|position\s+statements?)\b/i;
const STATEMENT_PATH = /\/(?:statements?|responses?|press-releases?|briefings?|letters?|consultation-responses?)\//i;

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** The body a headline's subject names, or undefined when it is not an organisation. */
function bodyNamed(subject: string, bodies: SectorBodies): string | undefined {
  const name = subject
    .replace(ROLE, '')
    .replace(/^[‘“"']|[’”"']$/g, '')
    .trim();
  if (!name || bodies.isNotABody(name)) return undefined;
  const known = bodies.known(name);
  if (known) return known;
  if (/^[A-Z][A-Z&]{1,7}$/.test(name)) return name;
  if (CAPITALISED_NAME.test(name) && ORGANISATION_WORD.test(` ${name}`)) return name;
  return undefined;
}

/**
 * Whether an item is a sector body's statement, response, letter or briefing, and whose. Headlines
 * from any source count when they name a body ("BASW responds to…", "ADCS: …", "Family Rights Group
 * warns…"); a body's own publication (PSW for BASW) also counts by its categories, its address or
 * "Our response to…". Government is not a sector body: its decisions are status changes.
 */
export function detectStatement(
  item: StatementCandidate,
  bodies: SectorBodies = loadSectorBodies(),
): StatementDetection {
  const evidence: string[] = [];
  let body: string | undefined;
  const title = item.title.replace(/\s+/g, ' ').trim();
  for (const { pattern, shape } of HEADLINES) {
    const subject = pattern.exec(title)?.groups?.subject;
    const named = subject ? bodyNamed(subject, bodies) : undefined;
    if (!named) continue;
    body ??= named;
    evidence.push(`headline names ${named} (${shape})`);
    break;
  }

  const publisher = bodies.publisherOf(item.sourceId);
  if (publisher) {
    const own: string[] = [];
    if (OWN_STATEMENT.test(title)) own.push(`headline "${truncate(title, 50)}"`);
    const category = item.categories.find((c) => STATEMENT_CATEGORY.test(c));
    if (category) own.push(`category "${category}"`);
    const path = STATEMENT_PATH.exec(pathOf(item.url))?.[0];
    if (path) own.push(`address ${path}`);
    if (own.length > 0) {
      body ??= publisher;
      evidence.push(`published by ${publisher}: ${own.join(', ')}`);
    }
  }
  return body ? { isResponse: true, body, evidence } : { isResponse: false, evidence };
}
