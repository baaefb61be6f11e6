import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { createServer } from 'node:net';

export function redisAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A throwaway redis-server on loopback, with persistence off; pass a port to start it again where it was. */
export async function startRedis(
  requestedPort?: number,
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const port = requestedPort ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10s')), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/**
 * A redis-server for the calling test file, started before its tests and stopped after them when one
 * is installed; otherwise says once that `what` is skipped on Redis.
 */
export function optionalRedis(what: string): { available: boolean; url(): string } {
  const available = redisAvailable();
  let server: Awaited<ReturnType<typeof startRedis>> | undefined;
  beforeAll(async () => {
    if (available) server = await startRedis();
  });
  afterAll(async () => server?.stop());
  if (!available) console.warn(`redis-server is not installed: ${what} on Redis is skipped`);
  return { available, url: () => server!.url };
}
