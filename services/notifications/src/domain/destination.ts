/**
 * Where webhooks may go. A subscription's URL is chosen by whoever holds `webhooks:admin`, and the
 * service calls it from inside the platform's network: without these rules a URL could make it call
 * the cloud's metadata endpoint, a database's admin port or another service (server-side request
 * forgery). So only http(s), no credentials in the URL, and no address that is loopback, private,
 * link-local, multicast or otherwise not on the public internet — unless its host is on the
 * allow-list (WEBHOOK_ALLOWED_HOSTS; tests and the local stack allow 127.0.0.1).
 *
 * The URL is checked when a subscription is saved (a literal address, a forbidden name) and every
 * address its host resolves to is checked again right before each call, since DNS can change between
 * the two (DNS rebinding).
 */
import { BlockList, isIP } from 'node:net';

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are checked against the IPv4 rules by BlockList itself.
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Names that always mean this machine or the cluster's inside, whatever DNS says. */
const INTERNAL_NAMES = /(^localhost$)|(\.localhost$)|(\.local$)|(\.internal$)|(\.cluster\.local$)|(^[^.]+$)/i;

/** Whether an IP address (v4 or v6) is outside the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** What the allow-list holds: host names or addresses, lower-case, compared exactly. */
export type AllowedHosts = ReadonlySet<string>;

/** The URL's host as the allow-list and the resolver see it (IPv6 without its brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** Why a subscription may not send to `raw`, or undefined when it may (as far as the URL alone tells). */
export function destinationProblem(raw: string, allowed: AllowedHosts): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http:// or https:// URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http:// or https:// URL';
  if (url.username || url.password) return 'must not carry credentials; the signature authenticates the call';
  if (url.hash) return 'must not have a fragment';
  const host = hostOf(url);
  if (allowed.has(host)) return undefined;
  if (isIP(host) !== 0) {
    return isNonPublicAddress(host) ? `must not point at a private, loopback or reserved address (${host})` : undefined;
  }
  if (INTERNAL_NAMES.test(host)) return `must not point at an internal host name (${host})`;
  return undefined;
}

/** Why a call to `host`, which resolved to `addresses`, may not be made, or undefined when it may. */
export function resolvedDestinationProblem(
  host: string,
  addresses: readonly string[],
  allowed: AllowedHosts,
): string | undefined {
  if (allowed.has(host)) return undefined;
  const internal = addresses.filter((address) => !allowed.has(address) && isNonPublicAddress(address));
  return internal.length > 0
    ? `${host} resolves to an address that is not public (${internal.join(', ')}); not called`
    : undefined;
}
