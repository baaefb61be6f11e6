import type { ChannelMessenger } from '../delivery/deliver.ts';
import { messageAsReply } from '../render/message-reply.ts';
import { renderText } from './render-text.ts';

/** In terminal mode, posts (alerts, notices) are printed where the operator sees them. */
export function terminalMessenger(print: (text: string) => void): ChannelMessenger {
  let sent = 0;
  return {
    async send(_channelId, message) {
      print(renderText(messageAsReply(message)));
      return { id: `terminal-${++sent}` };
    },
    async recent() {
      return [];
    },
  };
}
