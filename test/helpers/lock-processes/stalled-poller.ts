// Process A: the bot's poll of one feed whose article has comments. While it reads the comment page,
// its event loop is blocked for STALL_MS (as a long synchronous parse blocks it): its lock lapses
// meanwhile and another process takes it.
//   stalled-poller.ts STORE_FILE DIR STALL_MS
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { silentLogger } from '../../../src/logger.ts';
import { openApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';

const [file, dir, stallMs] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4] ?? 5_000)];
const page = readFileSync(
  new URL('../../fixtures/comments/community-care-pay-scales-article-page.html', import.meta.url),
);
const server = createServer((request, response) => {
  if (request.url === '/feed') {
    const item = `<item><title>Kinship carers story</title><link>http://127.0.0.1:${port}/story/</link><guid>s1</guid><pubDate>${new Date(Date.now() - 3_600_000).toUTCString()}</pubDate><description>Kinship carers.</description><slash:comments>35</slash:comments></item>`;
    response
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(
        `<?xml version="1.0"?><rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>t</title><link>http://127.0.0.1:${port}/</link><description>d</description>${item}</channel></rss>`,
      );
    return;
  }
  console.log('STALLING on the comment page');
  const until = Date.now() + stallMs;
  while (Date.now() < until); // nothing else in this process runs meanwhile: no renewal either
  response.writeHead(200, { 'content-type': 'text/html' }).end(page);
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const port = (server.address() as { port: number }).port;
writeFileSync(
  `${dir}/sources.yaml`,
  `sources:\n  - {id: cc, name: CC, kind: rss, url: "http://127.0.0.1:${port}/feed"}\n`,
);
const config = loadConfig(
  { STORE_URL: `sqlite://${file}`, SOURCES_FILE: `${dir}/sources.yaml`, ALLOW_PRIVATE_FEEDS: '1', LOCK_TTL_MS: '4000' },
  { dotenv: false },
);
const app = await openApp({ config, logger: silentLogger });
const run = await app.poll();
console.log(`A DONE ran=${run.ran} comments added=${app.lastComments?.added ?? 'none'}`);
server.close();
await app.close();
