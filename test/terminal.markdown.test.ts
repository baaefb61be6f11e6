import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import type { App } from '../src/app.ts';
import { escapeText } from '../src/render/markdown.ts';
import { plainText } from '../src/terminal/render-text.ts';
import { runTextLine } from '../src/terminal/prompt.ts';
import { openTestApp } from './helpers/feeds-app.ts';

let app: App;
beforeAll(async () => {
  app = await openTestApp('data/sources.yaml');
});
afterAll(async () => {
  await app?.close();
});

const prompt = (line: string) => runTextLine(line, app.context, allCommands);

describe('Discord markdown at the terminal', () => {
  it('shows /config and /feeds list without backticks or bold markers', async () => {
    const config = await prompt('/config');
    expect(config).toContain('/config digest-channel:');
    const feeds = await prompt('/feeds list');
    expect(feeds).toMatch(/Community Care \(community-care\)/);
    for (const text of [config, feeds]) {
      expect(text).not.toContain('`');
      expect(text).not.toContain('**');
    }
  });

  it('reads inline code, bold and escapes as plain text, and feed text as it was written', () => {
    expect(plainText('Change: `/config digest-channel:#channel`.')).toBe('Change: /config digest-channel:#channel.');
    expect(plainText('**Who may change what.** `a **b**` and ``c ` d``')).toBe(
      'Who may change what. a **b** and c ` d',
    );
    for (const written of ['A `quoted` title', '**not bold**', 'back\\slash ` alone', '``double``'])
      expect(plainText(escapeText(written))).toBe(written);
  });
});
