import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names this process in locks and in /status: `host:pid:uuid`. Host and pid are there for people
 * to read; the identity is the random part, since containers share host names and pid numbers.
 */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomUUID()}`;
