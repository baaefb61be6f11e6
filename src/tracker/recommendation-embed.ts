import { escapeText } from '../render/markdown.ts';
import type { ReplyEmbed, ReplyField } from '../render/reply.ts';
import type { Item } from '../sources/item.ts';
import { formatDate, plural } from '../util/format.ts';
import {
  caveatLines,
  evidenceText,
  headingText,
  itemLine,
  sectorResponseLine,
  statusColour,
  statusLines,
  timelineField,
  undatedLine,
} from './present.ts';
import type { RecommendationStatus } from './status.ts';

const MAX_TIMELINE_FIELDS = 6;
const MAX_RESPONSES = 4;
/** Room kept under Discord's 6,000 characters per message for /recommendation show. */
const SHOW_BUDGET = 5700;

const fieldsSize = (fields: ReplyField[]) => fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);

/** What /recommendation show says of a status that does not change until the status does (escaping is not cheap). */
interface ShowParts {
  head: string;
  statusLines: string[];
  caveats: string[];
  footer: string;
  timeline: ReplyField[];
  before: ReplyField[];
}
const showParts = new WeakMap<RecommendationStatus, ShowParts>();

function partsOf(status: RecommendationStatus): ShowParts {
  let parts = showParts.get(status);
  if (parts) return parts;
  const rec = status.recommendation;
  const before: ReplyField[] = [];
  if (rec.undated && rec.undated.length > 0)
    before.push({
      name: 'Undated (kept out of the timeline)',
      value: rec.undated.slice(0, 3).map(undatedLine).join('\n'),
    });
  const responses = rec.responses.slice(0, MAX_RESPONSES).map(sectorResponseLine);
  if (rec.responses.length > MAX_RESPONSES) responses.push(`…and ${rec.responses.length - MAX_RESPONSES} more.`);
  before.push({ name: 'Sector responses', value: responses.length > 0 ? responses.join('\n') : 'None recorded yet.' });
  parts = {
    head: `**What the review proposed:** ${escapeText(rec.proposed, 900)}`,
    statusLines: statusLines(status),
    caveats: caveatLines(status),
    // One confidence label per answer: the body's (that the review made it) when there is one.
    footer: headingText(
      [rec.key, `theme ${rec.theme}`, rec.review_ref, rec.review_confidence ? '' : `confidence ${rec.confidence}`]
        .filter(Boolean)
        .join(' · '),
      300,
    ),
    timeline: status.timeline.slice(0, MAX_TIMELINE_FIELDS).map(timelineField),
    before,
  };
  showParts.set(status, parts);
  return parts;
}

/**
 * The answer to /recommendation show as one embed: what the review proposed, the status with its
 * evidence, as many of the newest timeline entries as fit (the rest summed up as "Earlier"),
 * sector responses and the latest news tagged to it.
 */
export function recommendationEmbed(
  status: RecommendationStatus,
  context: { now: Date; latest: Item[]; sourceName: (sourceId: string) => string },
): ReplyEmbed {
  const rec = status.recommendation;
  const parts = partsOf(status);
  const description = [
    parts.head,
    '',
    ...parts.statusLines,
    `**${evidenceText(status, context.now)}**`,
    ...parts.caveats,
  ].join('\n');
  const after: ReplyField[] = [
    ...parts.before,
    {
      name: `Latest news tagged ${rec.key}`,
      value:
        context.latest.length > 0
          ? context.latest.map((item) => itemLine(item, context.sourceName(item.sourceId))).join('\n')
          : 'No stored items are tagged to it yet.',
    },
  ];

  let shown = parts.timeline.length;
  const build = () => {
    const older = status.timeline.length - shown;
    const earlier =
      older > 0
        ? [
            {
              name: 'Earlier',
              value: `${plural(older, 'earlier entry', 'earlier entries')}, back to ${formatDate(status.timeline.at(-1)!.date)}.`,
            },
          ]
        : [];
    return [...parts.timeline.slice(0, shown), ...earlier, ...after];
  };
  let fields = build();
  while (shown > 1 && rec.title.length + description.length + parts.footer.length + fieldsSize(fields) > SHOW_BUDGET) {
    shown--;
    fields = build();
  }
  return { title: headingText(rec.title), color: statusColour(status), description, fields, footer: parts.footer };
}
