import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { Outbox } from '../src/delivery/outbox.ts';
import { PAUSE_AFTER_FAILURES } from '../src/sources/pause.ts';
import { describeOutcome, type SourceOutcome } from '../src/sources/poll.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { openTestApp, run, writeSourcesFile } from './helpers/feeds-app.ts';
import { tempDir } from './helpers/temp-dir.ts';

const server = new FixtureServer();
const dir = tempDir();
let app: App;
let broken = true;

// Two servers with an admin channel, one with only a digest channel.
const ADMIN_CHANNELS = [
  { guildId: '100000000000000001', channelId: '200000000000000001' },
  { guildId: '100000000000000002', channelId: '200000000000000002' },
];

beforeAll(async () => {
  await server.start();
  server
    .route('/cc/feed/', {
      headers: { 'content-type': 'application/rss+xml' },
      body: fixture('feeds/community-care-wordpress.xml'),
    })
    .route('/flaky/feed', {
      handle: (_, res) =>
        void (broken
          ? res.writeHead(500).end('boom')
          : res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(fixture('real-world-feeds/heise.atom'))),
    });
  app = await openTestApp(
    writeSourcesFile(dir.file('sources.yaml'), {
      'community-care': server.url('/cc/feed/'),
      flaky: server.url('/flaky/feed'),
    }),
  );
  for (const channel of ADMIN_CHANNELS)
    await app.context.settings.setChannel({
      ...channel,
      name: 'admin-channel',
      value: channel.channelId,
      by: 'Mod',
      at: new Date().toISOString(),
    });
  await app.context.settings.setChannel({
    guildId: '100000000000000003',
    name: 'digest-channel',
    value: '200000000000000003',
    by: 'Mod',
    at: new Date().toISOString(),
  });
});
afterAll(async () => {
  await app.close();
  await server.stop();
  dir.remove();
});

/** One poll, past any backoff (as a later scheduled poll would be). */
async function pollFlaky(): Promise<SourceOutcome> {
  const outcome = await app.poll({ force: true, wait: true });
  return (outcome.ran ? outcome.value : []).find((o) => o.sourceId === 'flaky')!;
}

const notices = async () =>
  (await new Outbox(app.store).all())
    .filter((e) => e.kind === 'notice')
    .sort((a, b) => a.guildId.localeCompare(b.guildId));

describe('a source that keeps failing', () => {
  it(`is paused at the ${PAUSE_AFTER_FAILURES}th failure in a row, and each server's admins are told once`, async () => {
    for (let n = 1; n < PAUSE_AFTER_FAILURES; n++)
      expect(await pollFlaky()).toMatchObject({ status: 'error', failures: n });
    expect(await notices()).toEqual([]);

    const tenth = await pollFlaky();
    expect(tenth).toMatchObject({ status: 'error', failures: 10, paused: true });
    expect(describeOutcome(tenth)).toBe(
      'flaky: error: HTTP 500 Internal Server Error (failure 10); paused after 10 failures in a row: /feeds resume flaky restarts it',
    );

    const requests = server.requestsTo('/flaky/feed').length;
    for (let n = 0; n < 3; n++) {
      const skipped = await pollFlaky();
      expect(skipped).toMatchObject({ status: 'paused', failures: 10, noticePending: false });
      expect(describeOutcome(skipped)).toMatch(
        /^flaky: paused since .* after 10 failures in a row \(last: HTTP 500 Internal Server Error\); not polled until \/feeds resume flaky$/,
      );
    }
    expect(server.requestsTo('/flaky/feed').length).toBe(requests);

    const sent = await notices();
    expect(sent.map((n) => [n.guildId, n.channelId, n.state, n.parts.length])).toEqual(
      ADMIN_CHANNELS.map((c) => [c.guildId, c.channelId, 'pending', 1]),
    );
    const state = (await app.feeds.get('flaky'))!;
    expect(sent[0]!.id).toBe(
      `notice:${ADMIN_CHANNELS[0]!.guildId}:${ADMIN_CHANNELS[0]!.channelId}:paused:flaky:${state.failuresStartedAt}`,
    );
    const message = sent[0]!.parts[0]!.message;
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).toContain('**A news feed is paused: flaky news** (`flaky`)');
    expect(message.content).toContain('`/feeds resume flaky` restarts it');
    expect(state.pauseNoticesAt).toBeDefined();

    // The other source was polled all along.
    expect(app.items.list({ sourceId: 'community-care' })).toHaveLength(4);
    expect(await run(app, 'feeds', { subcommand: 'list' })).toMatch(
      /flaky news \(flaky\): paused since .* after 10 failures in a row: HTTP 500/,
    );
  });

  it('/feeds resume restarts it from a clean count; paused again later, the admins are told again', async () => {
    expect(await run(app, 'feeds', { subcommand: 'resume', options: { id: 'flaky' } })).toContain(
      'flaky news (flaky) is resumed: it is polled at the next poll (*/15 * * * *)',
    );
    const resumed = (await app.feeds.get('flaky'))!;
    expect(resumed.failures).toBe(0);
    expect(resumed.pausedAt).toBeUndefined();
    broken = false;
    expect(await pollFlaky()).toMatchObject({ status: 'fetched', backfill: true });

    broken = true;
    for (let n = 1; n <= PAUSE_AFTER_FAILURES; n++) await pollFlaky();
    expect(await pollFlaky()).toMatchObject({ status: 'paused' });
    expect(await notices()).toHaveLength(2 * ADMIN_CHANNELS.length);
  });
});
