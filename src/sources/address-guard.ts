import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name has. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Which destinations a fetch may connect to. */
export interface AddressPolicy {
  /** Let loopback, link-local, private and other non-public addresses through (ALLOW_PRIVATE_FEEDS). */
  allowPrivateAddresses: boolean;
  /** Host names let through to any address even when private ones are refused (tests stand a local server in for a public host). */
  allowPrivateHosts?: readonly string[];
  /** How host names are resolved, for the check and for the connection alike. */
  lookup?: Resolver;
}

const RANGE_NAMES: Record<string, string> = {
  loopback: 'loopback',
  linkLocal: 'link-local',
  private: 'private',
  uniqueLocal: 'private',
  carrierGradeNat: 'private',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

/**
 * What kind of non-public address this is ("loopback", "link-local", "private", …), or undefined for
 * an ordinary public one. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry, and
 * every special-purpose range counts as non-public.
 */
export function nonPublicRange(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return 'unreadable';
  }
  const range = parsed.range();
  return range === 'unicast' ? undefined : (RANGE_NAMES[range] ?? 'reserved');
}

/** A destination refused by the policy; `code` lets it be told apart from network errors. */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
  constructor(hostname: string, address: string, kind: string) {
    const what =
      hostname === address
        ? `${address} is a ${kind} address`
        : `${hostname} resolves to ${address}, a ${kind} address`;
    super(`refused: ${what} (set ALLOW_PRIVATE_FEEDS=1 to allow private addresses)`);
    this.name = 'PrivateAddressError';
  }
}

function refuses(policy: AddressPolicy, hostname: string): boolean {
  return !policy.allowPrivateAddresses && !policy.allowPrivateHosts?.includes(hostname);
}

function check(policy: AddressPolicy, hostname: string, addresses: readonly ResolvedAddress[]): void {
  if (!refuses(policy, hostname)) return;
  for (const { address } of addresses) {
    const kind = nonPublicRange(address);
    if (kind) throw new PrivateAddressError(hostname, address, kind);
  }
}

/**
 * Refuses a URL whose host is a non-public IP address. Host names are not resolved here: a
 * connection to an IP address never asks DNS, so this is the only check such a URL gets, and a
 * name is checked by `guardedLookup` as the connection is made.
 */
export function checkUrlHost(url: URL, policy: AddressPolicy): void {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) check(policy, host, [{ address: host, family: isIP(host) }]);
}

/**
 * The DNS lookup a connection makes, refusing answers that include a non-public address. The
 * connection goes to exactly the addresses checked, from the same single answer, so a name that
 * answers differently the second time (DNS rebinding) cannot slip past.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  const resolve = policy.lookup ?? systemResolver;
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((answer) => {
        check(policy, hostname, answer);
        const addresses =
          options.family === 4 || options.family === 6 ? answer.filter((a) => a.family === options.family) : answer;
        const first = addresses[0];
        if (!first)
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}
