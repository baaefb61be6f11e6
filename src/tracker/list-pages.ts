import type { Reply, ReplyEmbed, ReplyField } from '../render/reply.ts';

/**
 * The strictest face's limits on one message (Discord's): 25 fields of at most 1,024 characters,
 * 6,000 characters in all. Pages are cut well inside them, at whole lines, so nothing is truncated.
 */
const FIELD_VALUE_MAX = 1000;
const FIELDS_MAX = 25;
const MESSAGE_MAX = 5600;

export interface Section {
  name: string;
  lines: string[];
}

export interface PagedList {
  title: string;
  /** Shown at the top of the first page. */
  intro: string;
  /** Fields shown before the sections on the first page (counts, for example). */
  leading?: ReplyField[];
  sections: Section[];
  footer: string;
  color: number;
}

/** A section's lines as fields of at most FIELD_VALUE_MAX characters, cut between lines. */
function sectionFields(section: Section): ReplyField[] {
  const fields: ReplyField[] = [];
  let lines: string[] = [];
  let length = 0;
  const flush = () => {
    if (lines.length === 0) return;
    fields.push({ name: fields.length === 0 ? section.name : `${section.name} (continued)`, value: lines.join('\n') });
    lines = [];
    length = 0;
  };
  for (const line of section.lines) {
    const cut = line.length > FIELD_VALUE_MAX ? `${line.slice(0, FIELD_VALUE_MAX - 1)}…` : line;
    if (length + cut.length + 1 > FIELD_VALUE_MAX) flush();
    lines.push(cut);
    length += cut.length + 1;
  }
  flush();
  return fields;
}

const size = (field: ReplyField) => field.name.length + field.value.length;

/**
 * A long list as one reply and, when it does not fit one message, further pages in `more`. Every
 * line appears once, whole, and each page says which page it is.
 */
export function pagedReply(list: PagedList): Reply {
  const fields = list.sections.flatMap(sectionFields);
  const pages: ReplyField[][] = [];
  let page: ReplyField[] = [...(list.leading ?? [])];
  let used =
    list.title.length + list.intro.length + list.footer.length + 40 + page.reduce((sum, f) => sum + size(f), 0);
  for (const field of fields) {
    if (page.length > 0 && (page.length >= FIELDS_MAX || used + size(field) > MESSAGE_MAX)) {
      pages.push(page);
      page = [];
      used = list.title.length + list.footer.length + 40;
    }
    page.push(field);
    used += size(field);
  }
  pages.push(page);
  const embeds: ReplyEmbed[] = pages.map((fieldsOfPage, index) => ({
    title: pages.length > 1 ? `${list.title} (${index + 1} of ${pages.length})` : list.title,
    color: list.color,
    ...(index === 0 && list.intro ? { description: list.intro } : {}),
    fields: fieldsOfPage,
    footer: list.footer,
  }));
  const [first, ...rest] = embeds;
  return { embeds: [first!], ...(rest.length > 0 ? { more: rest.map((embed) => ({ embeds: [embed] })) } : {}) };
}
