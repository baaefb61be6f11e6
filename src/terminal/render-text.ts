import type { Reply } from '../render/reply.ts';

/** Discord markdown links `[text](url)` become "text <url>"; bold markers and escapes are dropped. */
function plainMarkdown(text: string): string {
  return text
    .replace(/\[((?:\\.|[^\]\\])+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\\([^\sA-Za-z0-9])/g, '$1');
}

/** A reply as plain text for the terminal, its further pages (if any) after it. */
export function renderText(reply: Reply): string {
  return [reply, ...(reply.more ?? [])].map(renderOne).join('\n\n');
}

function renderOne(reply: Reply): string {
  const out: string[] = [];
  if (reply.content) out.push(plainMarkdown(reply.content));
  for (const embed of reply.embeds ?? []) {
    if (embed.title) {
      const title = embed.url ? `${embed.title} <${embed.url}>` : embed.title;
      out.push(title, '='.repeat(Math.min(72, embed.title.length)));
    }
    if (embed.description) out.push(plainMarkdown(embed.description));
    for (const field of embed.fields ?? []) {
      out.push('', `${field.name}:`, plainMarkdown(field.value).replace(/^/gm, '  '));
    }
    if (embed.footer) out.push('', `(${embed.footer})`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}
