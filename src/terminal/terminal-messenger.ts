import type { ChannelMessenger } from '../delivery/deliver.ts';
import type { OutgoingMessage } from '../delivery/outbox.ts';
import { plainText } from './render-text.ts';

/** A posted message as terminal text: titles, then descriptions and fields, links as "text <url>". */
export function messageText(message: OutgoingMessage): string {
  const out: string[] = [];
  if (message.content) out.push(plainText(message.content));
  for (const embed of message.embeds ?? []) {
    if (embed.title) out.push(plainText(embed.title), '='.repeat(Math.min(72, embed.title.length)));
    if (embed.description) out.push(plainText(embed.description));
    for (const field of embed.fields ?? []) out.push('', `${plainText(field.name)}:`, plainText(field.value).replace(/^/gm, '  '));
    if (embed.footer?.text) out.push(`(${plainText(embed.footer.text)})`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** In terminal mode, posts (alerts, notices) are printed where the operator sees them. */
export function terminalMessenger(print: (text: string) => void): ChannelMessenger {
  let sent = 0;
  return {
    async send(_channelId, message) {
      print(messageText(message));
      return { id: `terminal-${++sent}` };
    },
    async recent() {
      return [];
    },
  };
}
