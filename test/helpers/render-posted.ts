import type { ChannelMessage } from './fake-discord.ts';

/**
 * A message as the fake Discord received it, drawn as text: each embed's title, description and
 * footer, then its buttons as `[ label ]`. For showing a posted message in the README.
 */
export function renderPosted(message: Pick<ChannelMessage, 'content' | 'embeds' | 'components'>): string {
  const lines: string[] = [];
  if (message.content) lines.push(message.content, '');
  for (const embed of message.embeds) {
    if (embed.title) lines.push(`▌ ${embed.title}`, '');
    if (embed.description) lines.push(embed.description, '');
    for (const field of embed.fields ?? []) lines.push(`${field.name}`, `${field.value}`, '');
    if (embed.footer?.text) lines.push(embed.footer.text, '');
  }
  for (const row of message.components)
    lines.push(row.components.map((c: { label?: string }) => `[ ${c.label ?? '?'} ]`).join(' '));
  return lines.join('\n').trimEnd();
}
