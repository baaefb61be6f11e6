import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { recommendation } from '../../commands/recommendation.ts';
import { openApp } from '../app.ts';
import { NO_RIGHTS } from '../command-kit/permissions.ts';
import type { CommandUser } from '../command-kit/types.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../logger.ts';
import { round } from './measure.ts';

export interface FaultBenchFigures {
  pageBytes: number;
  feedItems: number;
  polls: number;
  pollWallMs: number;
  longestStallMs: number;
  answers: number;
  worstAnswerMs: number;
  /** The machine's one-minute load average as the suite ended: on a shared machine, stalls grow with it. */
  loadAverage: number;
}

const PAGE_BYTES = 5 * 1024 * 1024;
const FEED_ITEMS = 20_000;
const ASK_EVERY_MS = 100;
const POLLS = 2;

/** 5 MiB of comments: ordinary WordPress markup up to 90%, then replies nested in each other to the end. */
function hostilePage(): string {
  const parts = ['<html><body><div id="comments"><h3 id="comments">9999 Responses to A story</h3><ol>'];
  let size = parts[0]!.length;
  for (let i = 0; size < PAGE_BYTES * 0.9; i++) {
    const part = `<li id="comment-${i}" class="comment"><div class="comment-body"><div class="comment-author"><cite class="fn">Reader ${i}</cite></div><div class="comment-meta"><a href="#comment-${i}">May 23, 2022 at 1:08 am</a></div><p>Kinship carers and foster carers need support &amp; pay ${i}.</p></div></li>`;
    parts.push(part);
    size += part.length;
  }
  parts.push('</ol>');
  let depth = 0;
  // Each reply also costs its closing tag.
  for (; size + depth * '</div>'.length < PAGE_BYTES - 100; depth++) {
    const part = `<div id="comment-n${depth}"><p>reply ${depth}</p>`;
    parts.push(part);
    size += part.length;
  }
  parts.push('</div>'.repeat(depth), '</div></body></html>');
  return parts.join('');
}

/** 20,000 new items at each request, the first linking to the hostile page with a large comment count. */
function floodFeed(round: number, pageUrl: string): string {
  const now = new Date().toUTCString();
  const items = Array.from({ length: FEED_ITEMS }, (_, i) => {
    const link = i === 0 ? pageUrl : `https://flood.example/${round}/${i}`;
    return `<item><title>Kinship carers news ${round}-${i}</title><link>${link}</link><guid>${round}-${i}</guid><pubDate>${now}</pubDate><description>Councils on kinship care and family help.</description>${i === 0 ? '<slash:comments>9999</slash:comments>' : ''}</item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>Flood</title><link>https://flood.example/</link><description>d</description>${items.join('')}</channel></rss>`;
}

/**
 * The fault suite: a 5 MiB hostile comment page and a 20,000-item feed, served on 127.0.0.1 and
 * polled twice by the whole poll cycle (the feed new each time) after a first ordinary poll, while `/recommendation` is asked every 100 ms in process.
 * An answer's time runs from when it was due, so a stalled event loop counts against it.
 */
export async function runFaultBench(log: (line: string) => void = console.log): Promise<FaultBenchFigures> {
  // Built before the clock starts and kept as bytes outside the JavaScript heap: the bench's own
  // strings should not be what the bot's garbage collector is timed on.
  const page = Buffer.from(hostilePage());
  const feeds: Buffer[] = [];
  const server = createServer((request, response) => {
    if (request.url === '/story/') return void response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    const feed = request.url === '/feed' ? feeds.shift() : undefined;
    if (!feed) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // A first poll of one ordinary story: a bot that has polled once has its feed and HTTP libraries
  // loaded (they load on first use), and the suite times the hostile input, not that loading.
  feeds.push(
    Buffer.from(
      floodFeed(0, 'https://flood.example/0/0').replace(/<item>.*<\/item>/s, (items) =>
        items.slice(0, items.indexOf('</item>') + 7),
      ),
    ),
  );
  for (let poll = 1; poll <= POLLS; poll++) feeds.push(Buffer.from(floodFeed(poll, `http://127.0.0.1:${port}/story/`)));
  const dir = mkdtempSync(join(tmpdir(), 'care-review-bot-fault-'));
  const sourcesFile = join(dir, 'sources.yaml');
  writeFileSync(
    sourcesFile,
    `sources:\n  - id: flood\n    name: Flood\n    kind: rss\n    url: http://127.0.0.1:${port}/feed\n    enabled: true\n`,
  );
  // Private addresses are allowed only because the local server stands in for a public site.
  const app = await openApp({
    config: loadConfig(
      { STORE_URL: `sqlite://${join(dir, 'fault.sqlite')}`, SOURCES_FILE: sourcesFile, ALLOW_PRIVATE_FEEDS: '1' },
      { dotenv: false },
    ),
    logger: silentLogger,
  });
  const user: CommandUser = { id: 'bench', name: 'bench', rights: NO_RIGHTS };
  const keys = app.tracker.recommendations.map((r) => r.key);
  const answerTimes: number[] = [];
  const pending = new Set<Promise<unknown>>();
  let asking = true;
  let asked = 0;
  const ask = (due: number) => {
    if (!asking) return;
    const answer = recommendation
      .execute(app.context, { subcommand: 'show', options: { key: keys[asked++ % keys.length]! }, user })
      .then(() => void answerTimes.push(performance.now() - due));
    pending.add(answer);
    void answer.finally(() => pending.delete(answer));
    setTimeout(() => ask(due + ASK_EVERY_MS), Math.max(0, due + ASK_EVERY_MS - performance.now()));
  };

  const stalls = monitorEventLoopDelay({ resolution: 10 });
  try {
    await app.poll({ force: true });
    stalls.enable();
    setTimeout(() => ask(performance.now()), 0);
    const started = performance.now();
    for (let poll = 0; poll < POLLS; poll++) await app.poll({ force: true });
    const pollWallMs = performance.now() - started;
    asking = false;
    await Promise.all(pending);
    stalls.disable();
    const figures: FaultBenchFigures = {
      pageBytes: page.length,
      feedItems: FEED_ITEMS,
      polls: POLLS,
      pollWallMs: round(pollWallMs, 0),
      longestStallMs: round(stalls.max / 1e6, 0),
      answers: answerTimes.length,
      worstAnswerMs: round(Math.max(...answerTimes), 0),
      loadAverage: round(loadavg()[0]!, 1),
    };
    log(
      `fault suite (5 MiB hostile comment page, ${FEED_ITEMS.toLocaleString('en-GB')}-item feed, ${POLLS} polls in ${figures.pollWallMs} ms, /recommendation every ${ASK_EVERY_MS} ms): ` +
        `longest event-loop stall ${figures.longestStallMs} ms (target < 200 ms); worst answer ${figures.worstAnswerMs} ms of ${figures.answers} (target < 1,000 ms); load average ${figures.loadAverage} on ${availableParallelism()} cores`,
    );
    return figures;
  } finally {
    asking = false;
    stalls.disable();
    await app.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
