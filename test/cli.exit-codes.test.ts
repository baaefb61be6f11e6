import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
const env = { STORE_URL: `sqlite://${dir.file('bot.sqlite')}` };
afterAll(() => dir.remove());

/** Runs a command that must be refused: it says why on stderr, prints nothing on stdout, and exits 1. */
async function expectRefused(args: string[], words: string, extra: Record<string, string> = {}): Promise<void> {
  const result = await runCli(args, { ...env, ...extra });
  expect(result.stderr, `${args.join(' ')}\n${result.stdout}`).toContain(words);
  expect(result.stdout).toBe('');
  expect(result.code, args.join(' ')).toBe(1);
}

describe('exit codes at the command line', () => {
  it('exits 1 when a recommendation key is unknown', async () => {
    await expectRefused(['recommendation', 'nonsense-key'], 'No recommendation "nonsense-key"');
  });

  it('exits 1 when a shared edit is refused for its arguments', async () => {
    await expectRefused(
      [
        'recommendation',
        'update',
        'key:iro',
        'axis:response',
        'value:accepted',
        'summary:x',
        'source_url:https://example.org/a',
      ],
      'Give a short summary of what changed',
    );
    await expectRefused(
      [
        'recommendation',
        'add',
        'key:iro',
        'title:Another IRO recommendation',
        'theme:workforce',
        'proposed:Something else entirely',
        'source_url:https://example.org/a',
      ],
      'There is already a recommendation "iro"',
    );
  });

  it('exits 1 when a proposal id does not exist, to approve or to reject', async () => {
    await expectRefused(['approve', 'id:abcdef12'], 'No proposal "abcdef12"');
    await expectRefused(['reject', 'id:abcdef12'], 'No proposal "abcdef12"');
  });

  it('exits 1 when a source is unknown or a feed address is refused', async () => {
    await expectRefused(['feeds', 'remove', 'id:nope'], 'Unknown source "nope"');
    await expectRefused(['feeds', 'resume', 'id:nope'], 'Unknown source "nope"');
    await expectRefused(['feeds', 'test', 'url:http://127.0.0.1:9/feed'], '127.0.0.1 is a loopback address', {
      ALLOW_PRIVATE_FEEDS: '0',
    });
  });

  it('exits 1 when a value the command checks itself is wrong', async () => {
    await expectRefused(['config', 'review-channel', 'channel:123'], 'Pick a channel');
  });

  it('still exits 0 for an answer that is private but no failure', async () => {
    const help = await runCli(['help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('/recommendation');
    const watches = await runCli(['watches'], env);
    expect(watches.code).toBe(0);
    expect(watches.stdout).toContain('No alerts are set up');
  });
});
