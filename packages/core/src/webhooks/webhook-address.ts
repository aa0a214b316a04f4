import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE (SSRF, docs/webhooks.md): the
 * machine itself, its private networks, link-local (cloud metadata at 169.254.169.254) and the
 * reserved ranges, in IPv4 and IPv6 (IPv4-mapped IPv6 is checked as the IPv4 it maps).
 */
const REFUSED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  REFUSED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  REFUSED.addSubnet(net, prefix, 'ipv6');

/** Whether `ip` is private, loopback, link-local or otherwise not on the public internet. */
export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return REFUSED.check(mapped[1]!, 'ipv4');
  const family = isIP(ip);
  if (family === 0) return true;
  return REFUSED.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

export class WebhookUrlError extends Error {
  override readonly name = 'WebhookUrlError';
}

/**
 * The URL as a webhook may use it: http(s), no credentials, and (unless private addresses are
 * allowed) not a literal private address or `localhost`. Names are checked again when they are
 * resolved, at every delivery (see checkedLookup).
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): URL {
  if (!URL.canParse(raw)) throw new WebhookUrlError('not a URL');
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookUrlError('only http(s) URLs');
  if (url.username || url.password) throw new WebhookUrlError('no credentials in the URL');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && isPrivateAddress(host))
    throw new WebhookUrlError(`${host} is a private, loopback or link-local address`);
  if (host === 'localhost' || host.endsWith('.localhost'))
    throw new WebhookUrlError(`${host} is the machine itself`);
  return url;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that refuses a name resolving to a refused address: the check is
 * made on the very address the connection then uses, so a name that resolves to a public
 * address when checked and a private one when connecting (DNS rebinding) cannot slip through.
 */
export function checkedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (refused) {
        const e: NodeJS.ErrnoException = new WebhookUrlError(
          `${hostname} resolves to ${refused.address}, a private, loopback or link-local address`,
        );
        e.code = 'EWEBHOOKPRIVATE';
        return callback(e, []);
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
