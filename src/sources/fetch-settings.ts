import type { Config } from '../config.ts';
import { defaultFetchOptions, type FetchOptions } from './fetch-source.ts';
import { userAgent } from './user-agent.ts';

/** How every request is made under the operator's settings: which addresses, and the User-Agent. */
export function fetchOptionsFor(config: Pick<Config, 'ALLOW_PRIVATE_FEEDS' | 'CONTACT_URL'>): FetchOptions {
  return {
    ...defaultFetchOptions,
    allowPrivateAddresses: config.ALLOW_PRIVATE_FEEDS,
    userAgent: userAgent(config.CONTACT_URL),
  };
}
