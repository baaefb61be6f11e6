import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonPublicRange } from '../src/sources/address-guard.ts';
import { defaultFetchOptions, fetchSource, type FetchOptions } from '../src/sources/fetch-source.ts';
import { fixture, FixtureServer } from './helpers/fixture-server.ts';
import { openPollHarness, rssSource } from './helpers/poll-harness.ts';

const server = new FixtureServer();
let port = '';

beforeAll(async () => {
  await server.start();
  port = new URL(server.baseUrl).port;
  server
    .route('/atom', {
      headers: { 'content-type': 'application/atom+xml' },
      body: fixture('real-world-feeds/heise.atom'),
    })
    .route('/to-loopback', {
      handle: (_request, response) => response.writeHead(302, { location: `http://127.0.0.1:${port}/atom` }).end(),
    })
    .route('/to-metadata', { status: 301, headers: { location: 'http://169.254.169.254/latest/meta-data/' } })
    .route('/to-internal-name', {
      handle: (_request, response) => response.writeHead(307, { location: `http://intranet.test:${port}/atom` }).end(),
    })
    .route('/to-mapped', {
      handle: (_request, response) =>
        response.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/atom` }).end(),
    })
    .route('/to-file', { status: 302, headers: { location: 'file:///etc/passwd' } })
    .route('/to-data', {
      status: 302,
      headers: {
        location:
          'data:application/rss+xml,<rss version="2.0"><channel><item><title>Injected</title></item></channel></rss>',
      },
    })
    .route('/to-public', {
      handle: (_request, response) => response.writeHead(302, { location: `http://news.test:${port}/atom` }).end(),
    });
});
afterAll(() => server.stop());

/** A resolver standing in for DNS: these names exist and nothing else does. */
function fakeDns(records: Record<string, string[]>): NonNullable<FetchOptions['lookup']> {
  return async (hostname) => {
    const addresses = records[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const refusing: FetchOptions = { ...defaultFetchOptions, timeoutMs: 2_000, allowPrivateAddresses: false };

describe('which addresses count as private', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd00::1', 'private'],
    ['100.64.0.1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.2.3', 'private'],
  ])('%s is %s', (address, kind) => {
    expect(nonPublicRange(address)).toBe(kind);
  });

  it.each(['93.184.215.14', '151.101.0.81', '172.32.0.1', '2a04:4e42::81', '::ffff:93.184.215.14'])(
    '%s is public',
    (address) => {
      expect(nonPublicRange(address)).toBeUndefined();
    },
  );
});

describe('refusing private addresses unless allowed', () => {
  it.each([
    ['an IPv4 loopback URL', () => `http://127.0.0.1:${port}/atom`, /^refused: 127\.0\.0\.1 is a loopback address/],
    ['an IPv6 loopback URL', () => `http://[::1]:${port}/atom`, /^refused: ::1 is a loopback address/],
    ['an IPv4-mapped IPv6 URL', () => `http://[::ffff:127.0.0.1]:${port}/atom`, /^refused: .* is a loopback address/],
    ['a decimal IPv4 URL', () => `http://2130706433:${port}/atom`, /^refused: 127\.0\.0\.1 is a loopback address/],
    [
      'the cloud metadata address',
      () => 'http://169.254.169.254/latest/meta-data/',
      /^refused: 169\.254\.169\.254 is a link-local address/,
    ],
    [
      'localhost, after DNS',
      () => `http://localhost:${port}/atom`,
      /^refused: localhost resolves to .*, a loopback address/,
    ],
  ])('refuses %s on the first URL, before any request', async (_name, url, reason) => {
    const before = server.requests.length;
    await expect(fetchSource(url(), refusing)).rejects.toThrow(reason);
    expect(server.requests.length).toBe(before);
  });

  it('refuses a host whose DNS answer includes a private address', async () => {
    const lookup = fakeDns({ 'metadata.test': ['169.254.169.254'], 'mixed.test': ['93.184.215.14', '10.0.0.7'] });
    await expect(fetchSource('http://metadata.test/latest/', { ...refusing, lookup })).rejects.toThrow(
      /^refused: metadata\.test resolves to 169\.254\.169\.254, a link-local address/,
    );
    await expect(fetchSource('http://mixed.test/feed', { ...refusing, lookup })).rejects.toThrow(
      /^refused: mixed\.test resolves to 10\.0\.0\.7, a private address/,
    );
  });

  describe('on every redirect hop, from a host that is allowed', () => {
    // The local server stands in for a public feed host: its name is let through, nothing else is.
    const fromPublicHost = {
      ...refusing,
      lookup: fakeDns({ 'feeds.test': ['127.0.0.1'], 'intranet.test': ['10.20.30.40'], 'news.test': ['127.0.0.1'] }),
      allowPrivateHosts: ['feeds.test'],
    };

    it('fetches from the allowed host itself', async () => {
      const result = await fetchSource(`http://feeds.test:${port}/atom`, fromPublicHost);
      expect(result).toMatchObject({ kind: 'ok', url: `http://feeds.test:${port}/atom` });
    });

    it.each([
      ['to 127.0.0.1', '/to-loopback', /^refused: 127\.0\.0\.1 is a loopback address/],
      ['to 169.254.169.254', '/to-metadata', /^refused: 169\.254\.169\.254 is a link-local address/],
      [
        'to a name that resolves to a private address',
        '/to-internal-name',
        /^refused: intranet\.test resolves to 10\.20\.30\.40, a private address/,
      ],
      ['to an IPv4-mapped loopback address', '/to-mapped', /^refused: .* is a loopback address/],
      [
        'to another name on a loopback address',
        '/to-public',
        /^refused: news\.test resolves to 127\.0\.0\.1, a loopback address/,
      ],
    ])('refuses a redirect %s', async (_name, path, reason) => {
      const atomRequests = server.requestsTo('/atom').length;
      await expect(fetchSource(`http://feeds.test:${port}${path}`, fromPublicHost)).rejects.toThrow(reason);
      expect(server.requestsTo(path).length).toBeGreaterThan(0);
      expect(server.requestsTo('/atom').length).toBe(atomRequests);
    });

    it('connects to the address it checked, asking DNS once per connection', async () => {
      let asked = 0;
      // A rebinding resolver: a harmless answer first, loopback after.
      const rebinding: NonNullable<FetchOptions['lookup']> = async () =>
        asked++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }];
      const result = await fetchSource(`http://feeds.test:${port}/atom`, {
        ...refusing,
        lookup: rebinding,
        allowPrivateHosts: ['feeds.test'],
      });
      expect(result.kind).toBe('ok');
      expect(asked).toBe(1);
    });
  });

  it.each(['/to-file', '/to-data'])('refuses a redirect %s that leaves http(s)', async (path) => {
    await expect(fetchSource(server.url(path), { ...refusing, allowPrivateAddresses: true })).rejects.toThrow(
      /^redirect to a (file|data): URL refused$/,
    );
  });

  it('a refused source is an error outcome with the reason; the poll goes on', async () => {
    const harness = await openPollHarness('memory:', [rssSource('private', server.url('/atom'))], {
      allowPrivateAddresses: false,
    });
    const [outcome] = await harness.poll();
    expect(outcome).toMatchObject({
      status: 'error',
      error: expect.stringMatching(
        /^refused: 127\.0\.0\.1 is a loopback address \(set ALLOW_PRIVATE_FEEDS=1 to allow private addresses\)$/,
      ),
    });
    await harness.close();
  });

  it('fetches private addresses when allowed', async () => {
    const result = await fetchSource(server.url('/atom'), { ...refusing, allowPrivateAddresses: true });
    expect(result.kind).toBe('ok');
  });
});
