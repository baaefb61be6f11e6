import { describe, expect, it } from 'vitest';
import { pauseMessage, pauseNoticeId, pauseNotices } from '../src/sources/pause-notices.ts';
import {
  needsPauseNotice,
  PAUSE_AFTER_FAILURES,
  recordFailure,
  recordResume,
  recordSuccess,
  shouldPause,
} from '../src/sources/pause.ts';
import { describeOutcome, pausedAwaitingNotice } from '../src/sources/poll.ts';
import type { FeedState } from '../src/store/feed-state-store.ts';

const start = new Date('2026-11-23T10:00:00Z');
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

/** The state after `n` more failures in a row, one an hour from `fromHour`. */
function failed(n: number, from: FeedState = { sourceId: 'psw', failures: 0, etag: '"v1"' }, fromHour = 0): FeedState {
  let state = from;
  for (let i = 0; i < n; i++)
    state = recordFailure(
      state,
      minutes((fromHour + i) * 60),
      i % 2 ? 'HTTP 500 Internal Server Error' : 'timed out after 20s',
    );
  return state;
}

describe('when a failing source is paused', () => {
  it(`pauses at the ${PAUSE_AFTER_FAILURES}th failure in a row, not before, and keeps when the run began`, () => {
    const nine = failed(PAUSE_AFTER_FAILURES - 1);
    expect(nine).toMatchObject({ failures: 9, failuresStartedAt: start.toISOString(), etag: '"v1"' });
    expect(nine.pausedAt).toBeUndefined();
    expect(shouldPause(nine)).toBe(false);
    const ten = failed(1, nine, 9);
    expect(ten).toMatchObject({
      failures: 10,
      failuresStartedAt: start.toISOString(),
      pausedAt: minutes(9 * 60).toISOString(),
      lastError: 'timed out after 20s',
    });
    expect(needsPauseNotice(ten)).toBe(true);
    // Paused once: a later failure (a poll racing a pause) does not pause it again.
    expect(shouldPause(ten)).toBe(false);
    expect(recordFailure(ten, minutes(999), 'again').pausedAt).toBe(ten.pausedAt);
  });

  it('a success in between starts the count again', () => {
    const state = failed(5, recordSuccess(failed(8), minutes(8 * 60)), 9);
    expect(state).toMatchObject({ failures: 5, failuresStartedAt: minutes(9 * 60).toISOString() });
    expect(state.pausedAt).toBeUndefined();
  });

  it('resuming clears the pause, the count, the backoff and the notice, and keeps the validators', () => {
    const resumed = recordResume({ ...failed(10), pauseNoticesAt: minutes(700).toISOString() });
    expect(resumed).toMatchObject({
      failures: 0,
      pausedAt: undefined,
      nextAttemptAt: undefined,
      pauseNoticesAt: undefined,
      failuresStartedAt: undefined,
      etag: '"v1"',
    });
    expect(needsPauseNotice(resumed)).toBe(false);
  });
});

describe('the notices of a paused source', () => {
  const source = { id: 'psw-basw', name: 'PSW *magazine* @everyone' };
  const channels = [
    { guildId: '100000000000000001', channelId: '200000000000000001' },
    { guildId: '100000000000000002', channelId: '200000000000000002' },
  ];

  it('one per server with an admin channel, with an id naming the run of failures, so the outbox makes each once', () => {
    const state = failed(10);
    const notices = pauseNotices(source, state, channels, minutes(600));
    expect(notices.map((n) => [n.id, n.guildId, n.channelId, n.kind])).toEqual([
      [
        `notice:100000000000000001:200000000000000001:paused:psw-basw:${start.toISOString()}`,
        '100000000000000001',
        '200000000000000001',
        'notice',
      ],
      [
        `notice:100000000000000002:200000000000000002:paused:psw-basw:${start.toISOString()}`,
        '100000000000000002',
        '200000000000000002',
        'notice',
      ],
    ]);
    // The same run of failures offered again makes the same ids; a later run makes new ones.
    expect(pauseNotices(source, state, channels, minutes(900)).map((n) => n.id)).toEqual(notices.map((n) => n.id));
    const later = failed(10, recordResume(state), 20);
    expect(pauseNoticeId(channels[0]!, source.id, later)).not.toBe(notices[0]!.id);
  });

  it('none once the admins were told, or for a source that is not paused', () => {
    expect(
      pauseNotices(source, { ...failed(10), pauseNoticesAt: minutes(601).toISOString() }, channels, minutes(602)),
    ).toEqual([]);
    expect(pauseNotices(source, failed(9), channels, minutes(602))).toEqual([]);
  });

  it('says which feed, why, and how to restart it, escaped, within Discord’s limits, pinging no one', () => {
    const message = pauseMessage(source, { ...failed(10), lastError: `HTTP 500 ${'<b>x</b> '.repeat(400)}` });
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content!.length).toBeLessThanOrEqual(2_000);
    expect(message.content).toContain('PSW \\*magazine\\* @everyone');
    expect(message.content).toContain('failed 10 times in a row since 23 Nov 2026');
    expect(message.content).toContain('`/feeds resume psw-basw`');
  });
});

describe('the poll line of a paused source', () => {
  it('says it was paused, then that it is skipped until resumed', () => {
    expect(
      describeOutcome({
        sourceId: 'psw',
        status: 'error',
        error: 'HTTP 500',
        failures: 10,
        nextAttemptAt: '2026-11-23T16:00:00.000Z',
        paused: true,
      }),
    ).toBe('psw: error: HTTP 500 (failure 10); paused after 10 failures in a row: /feeds resume psw restarts it');
    expect(
      describeOutcome({
        sourceId: 'psw',
        status: 'paused',
        pausedAt: '2026-11-23T10:00:00.000Z',
        failures: 10,
        lastError: 'HTTP 500',
        noticePending: false,
      }),
    ).toBe(
      'psw: paused since 23 Nov 2026 after 10 failures in a row (last: HTTP 500); not polled until /feeds resume psw',
    );
  });

  it('names the sources whose admins are still to be told', () => {
    expect(
      pausedAwaitingNotice([
        { sourceId: 'a', status: 'error', error: 'x', failures: 10, nextAttemptAt: '', paused: true },
        { sourceId: 'b', status: 'error', error: 'x', failures: 3, nextAttemptAt: '' },
        { sourceId: 'c', status: 'paused', pausedAt: '', failures: 10, noticePending: true },
        { sourceId: 'd', status: 'paused', pausedAt: '', failures: 10, noticePending: false },
      ]),
    ).toEqual(['a', 'c']);
  });
});
