import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this process in locks and in /status: host, process id and a short random part. */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
