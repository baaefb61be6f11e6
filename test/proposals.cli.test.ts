import { afterAll, describe, expect, it } from 'vitest';
import { Outbox } from '../src/delivery/outbox.ts';
import { silentLogger } from '../src/logger.ts';
import { proposeFromNewItems } from '../src/proposals/propose-new-items.ts';
import { openStore } from '../src/store/open-store.ts';
import { SettingsStore } from '../src/store/settings-store.ts';
import { loadRecommendationsData } from '../src/tracker/recommendations-schema.ts';
import { Tracker } from '../src/tracker/tracker.ts';
import { scrapsKinshipAllowance } from './helpers/proposal-harness.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

describe('proposals at the command line', () => {
  it('lists pending proposals as text and as JSON, and approves one by its id', async () => {
    const env = { STORE_URL: `sqlite://${dir.file('bot.sqlite')}` };
    const connection = await openStore(env.STORE_URL, silentLogger);
    const tracker = await Tracker.open(loadRecommendationsData(), connection.collection<unknown>('tracker'), {
      logger: silentLogger,
    });
    const now = () => new Date('2026-11-23T12:00:00Z');
    const { added } = await proposeFromNewItems(
      {
        store: connection,
        tracker,
        settings: new SettingsStore(connection),
        outbox: new Outbox(connection),
        editorGuilds: [],
        logger: silentLogger,
        now,
      },
      [scrapsKinshipAllowance()],
    );
    await connection.close();
    const id = added[0]!;

    const json = await runCli(['proposals', '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        id,
        key: 'kinship-allowance',
        axis: 'response',
        value: 'not-taken-forward',
        state: 'pending',
        sources: [expect.objectContaining({ url: scrapsKinshipAllowance().url })],
      }),
    ]);
    const text = await runCli(['proposals'], env);
    expect(text.stdout).toMatch(
      new RegExp(
        `${id} · kinship-allowance · Response: accepted in part → not taken forward · confidence (high|medium|low) \\(0\\.\\d\\d\\) · 20 Nov 2026`,
      ),
    );

    const approved = await runCli(['approve', `id:${id}`], env);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('Approved: Financial allowance for kinship carers');
    expect((await runCli(['recommendation', 'history', 'key:kinship-allowance'], env)).stdout).toContain(
      `(approved proposal ${id})`,
    );
  }, 60_000);
});
