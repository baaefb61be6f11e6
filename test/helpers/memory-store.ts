import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../src/logger.ts';
import type { Collection } from '../../src/store/collection.ts';
import { openStore, type Namespace, type StoreConnection } from '../../src/store/open-store.ts';

/** A store of its own in memory, as a fresh process would open it. */
export function memoryConnection(): Promise<StoreConnection> {
  return openStore(`memory:${randomUUID()}`, silentLogger);
}

/** One namespace of a fresh memory store. */
export async function memoryCollection<T>(name: Namespace = 'tracker'): Promise<Collection<T>> {
  return (await memoryConnection()).collection<T>(name);
}
