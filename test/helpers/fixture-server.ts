import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixture(path: string): Buffer {
  return readFileSync(`${fixturesDir}${path}`);
}

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Wait this long before answering (for timeouts). */
  delayMs?: number;
  /** Full control, for conditional GET and the like. */
  handle?: (request: { headers: IncomingHttpHeaders; url: string }, response: ServerResponse) => void;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/** An HTTP server on 127.0.0.1 that answers from a route table and records every request. */
export class FixtureServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private server!: Server;
  baseUrl = '';

  route(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.requests.push({ path, headers: req.headers });
      const route = this.routes.get(path);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const answer = () => {
        if (route.handle) return route.handle({ headers: req.headers, url: req.url ?? '/' }, res);
        res.writeHead(route.status ?? 200, route.headers ?? {});
        res.end(route.body ?? '');
      };
      if (route.delayMs) setTimeout(answer, route.delayMs).unref();
      else answer();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A route that honours ETag/If-None-Match like a well-behaved WordPress site. */
export function conditionalRoute(
  body: () => Buffer | string,
  etag: () => string,
  contentType = 'application/rss+xml; charset=UTF-8',
): Route {
  return {
    handle(request, response) {
      if (request.headers['if-none-match'] === etag()) {
        response.writeHead(304, { etag: etag() }).end();
        return;
      }
      response
        .writeHead(200, { 'content-type': contentType, etag: etag(), 'last-modified': 'Tue, 14 May 2024 09:15:00 GMT' })
        .end(body());
    },
  };
}
