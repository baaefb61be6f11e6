import { DateTime } from 'luxon';
import type * as Undici from 'undici';
import type { Agent, Response } from 'undici';
import { errorMessage } from '../errors.ts';
import {
  checkUrlHost,
  guardedLookup,
  PrivateAddressError,
  systemResolver,
  type AddressPolicy,
  type Resolver,
} from './address-guard.ts';
import { MAX_WAIT_MS } from './backoff.ts';
import { decodeBody } from './decode-body.ts';
import { userAgent } from './user-agent.ts';
import { loadLater } from '../util/load-later.ts';

const undici = loadLater<typeof Undici>('undici');

export interface FetchOptions extends AddressPolicy {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Validators from the last successful fetch, sent back so the server can answer 304. */
  etag?: string;
  lastModified?: string;
}

export const defaultFetchOptions: FetchOptions = {
  timeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: userAgent(),
  allowPrivateAddresses: false,
};

export type FetchResult =
  | { kind: 'not-modified' }
  | { kind: 'ok'; body: string; url: string; contentType: string; etag?: string; lastModified?: string };

/** Why a fetch failed, in words a user can act on; `retryAfterMs` when the server said when to come back. */
export class FetchError extends Error {
  constructor(
    message: string,
    public readonly httpStatus?: number,
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

/**
 * Milliseconds a Retry-After header asks for (delay-seconds or an HTTP date), at most a day. A header
 * that is neither counts as the full day: a server that says "not now" in a way we cannot read is
 * still saying "not now", and no value may stop the poll or park a source for years.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(MAX_WAIT_MS, Number(trimmed) * 1000);
  const date = DateTime.fromHTTP(trimmed);
  return date.isValid ? Math.min(MAX_WAIT_MS, Math.max(0, date.toMillis() - now)) : MAX_WAIT_MS;
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchError(`body of ${declared} bytes is over the ${maxBytes}-byte cap`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new FetchError(`body is over the ${maxBytes}-byte cap`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs / 1000}s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause instanceof PrivateAddressError) return cause.message;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'connection reset';
  return cause?.message ?? errorMessage(error);
}

// One connection pool per address policy, kept for the life of the process so that polls reuse
// connections. Every connection in a pool was made through that policy's guarded lookup.
const agents = new WeakMap<Resolver, Map<string, Agent>>();

function agentFor(policy: AddressPolicy): Agent {
  const resolver = policy.lookup ?? systemResolver;
  const key = `${policy.allowPrivateAddresses}|${(policy.allowPrivateHosts ?? []).join(',')}`;
  let pools = agents.get(resolver);
  if (!pools) agents.set(resolver, (pools = new Map<string, Agent>()));
  let agent = pools.get(key);
  if (!agent) {
    const lookup = guardedLookup({
      allowPrivateAddresses: policy.allowPrivateAddresses,
      allowPrivateHosts: policy.allowPrivateHosts,
      lookup: resolver,
    });
    pools.set(key, (agent = new (undici().Agent)({ connect: { lookup } })));
  }
  return agent;
}

/**
 * GETs a source with a conditional request, following a bounded number of redirects by hand so that
 * loops are caught and named, and every hop's destination is checked (see address-guard.ts).
 * rss-parser's own `parseURL` hides the response headers, which is why fetching is done here and
 * only the text is handed to the parser.
 */
export async function fetchSource(url: string, options: FetchOptions): Promise<FetchResult> {
  const dispatcher = agentFor(options);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept:
      'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;

  const visited = new Set<string>();
  let current = url;
  try {
    for (;;) {
      if (visited.has(current)) throw new FetchError(`redirect loop at ${current}`);
      visited.add(current);
      checkUrlHost(new URL(current), options);
      const response = await undici().fetch(current, { headers, redirect: 'manual', signal, dispatcher });

      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location)
          throw new FetchError(`HTTP ${response.status} redirect without a Location header`, response.status);
        if (visited.size > options.maxRedirects) throw new FetchError(`more than ${options.maxRedirects} redirects`);
        const next = new URL(location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
          throw new FetchError(`redirect to a ${next.protocol} URL refused`, response.status);
        current = next.toString();
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { kind: 'not-modified' };
      }
      if (!response.ok) {
        await response.body?.cancel();
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        throw new FetchError(
          `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
          response.status,
          retryAfter,
        );
      }
      const bytes = await readCapped(response, options.maxBytes);
      const contentType = response.headers.get('content-type') ?? '';
      return {
        kind: 'ok',
        body: decodeBody(bytes, contentType),
        url: current,
        contentType,
        etag: response.headers.get('etag') ?? undefined,
        lastModified: response.headers.get('last-modified') ?? undefined,
      };
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (error instanceof PrivateAddressError) throw new FetchError(error.message);
    throw new FetchError(describeNetworkError(error, options.timeoutMs));
  }
}
