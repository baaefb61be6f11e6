import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';

/** Discord's limits on a message; breaking one gets a 400 (Invalid Form Body). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  nonce: 25,
  choices: 25,
  choiceText: 100,
} as const;

/** The characters Discord counts towards the 6,000 across a message's embeds. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one: half an emoji.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every way a message body would be refused by Discord or could ping someone; empty when it fits.
 * Lengths are counted in UTF-16 units, which is never less than Discord's own count.
 */
export function messageLimitProblems(message: RESTPostAPIChannelMessageJSONBody): string[] {
  const problems: string[] = [];
  const embeds = message.embeds ?? [];
  const check = (value: string | undefined, max: number, what: string) => {
    if (value === undefined) return;
    if (value.length > max) problems.push(`${what} is ${value.length} characters, over ${max}`);
    if (LONE_SURROGATE.test(value)) problems.push(`${what} holds half of a character (a lone surrogate)`);
  };
  if (!message.content && embeds.length === 0) problems.push('the message is empty');
  check(message.content, LIMITS.content, 'content');
  if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} embeds, over ${LIMITS.embeds}`);
  embeds.forEach((embed, i) => {
    check(embed.title, LIMITS.title, `embeds[${i}].title`);
    check(embed.description, LIMITS.description, `embeds[${i}].description`);
    check(embed.footer?.text, LIMITS.footer, `embeds[${i}].footer.text`);
    check(embed.author?.name, LIMITS.authorName, `embeds[${i}].author.name`);
    if (embed.title === '' || embed.description === '') problems.push(`embeds[${i}] has an empty title or description`);
    const fields = embed.fields ?? [];
    if (fields.length > LIMITS.fields) problems.push(`embeds[${i}] has ${fields.length} fields, over ${LIMITS.fields}`);
    fields.forEach((field, j) => {
      if (!field.name.trim() || !field.value.trim())
        problems.push(`embeds[${i}].fields[${j}] has an empty name or value`);
      check(field.name, LIMITS.fieldName, `embeds[${i}].fields[${j}].name`);
      check(field.value, LIMITS.fieldValue, `embeds[${i}].fields[${j}].value`);
    });
  });
  const total = embeds.reduce((sum, e) => sum + embedLength(e), 0);
  if (total > LIMITS.embedTotal) problems.push(`the embeds hold ${total} characters, over ${LIMITS.embedTotal}`);
  if (message.nonce !== undefined && String(message.nonce).length > LIMITS.nonce)
    problems.push(`nonce longer than ${LIMITS.nonce}`);
  const mentions = message.allowed_mentions;
  if (
    !mentions ||
    (mentions.parse?.length ?? 1) !== 0 ||
    mentions.users?.length ||
    mentions.roles?.length ||
    mentions.replied_user
  ) {
    problems.push('allowed_mentions must be { parse: [] }');
  }
  return problems;
}
