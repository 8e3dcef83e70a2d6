/**
 * LoadBalancerPool: the addresses a MetalLB-like controller hands out as
 * `status.loadBalancer.ingress[].ip` (miniplane's `--load-balancer-ip-range`).
 *
 * Contract
 * - `parseLoadBalancerPool` accepts a CIDR (`198.51.100.0/24`, `2001:db8::/120`) or an inclusive
 *   range `START-END` of one family (`198.51.100.10-198.51.100.20`); spaces around the parts are
 *   trimmed. Anything else throws InvalidRange (the allocators' flag error) with a message that
 *   names the flag.
 * - Which addresses of a CIDR are usable, as MetalLB with `avoidBuggyIPs` and as kube's
 *   ipallocator do it, so a /24 never hands out `.0` or `.255`:
 *
 *     IPv4 /24:   .0 network | .1 … .254 usable | .255 broadcast
 *     IPv4 /31, /32 (RFC 3021): every address usable
 *     IPv6 /N:    ::0 (subnet-router anycast) | ::1 … last usable     (/127 and /128: all usable)
 *
 *   A `START-END` range is used exactly as written.
 * - Addresses are compared in canonical form (`formatIP`), so `2001:db8::0:1` and `2001:db8::1`
 *   are the same address. `freeIPs` walks the pool upward from its first usable address,
 *   skipping what is in use, so allocation is lowest-free-first and deterministic.
 * Pure: no I/O; address math through ipaddr.js (allocators/cidr.ts), integers are bigint.
 * Upstream (behaviour): metallb/metallb internal/allocator (pool ranges, avoidBuggyIPs).
 */
import { formatIP, parseCIDR, parseIP, type IPFamily } from './allocators/cidr.js';
import { InvalidRange } from './allocators/errors.js';

export interface LoadBalancerPool {
  /** The flag value as given (trimmed). */
  readonly text: string;
  readonly family: IPFamily;
  /** First and last usable address, inclusive. */
  readonly first: bigint;
  readonly last: bigint;
}

/** miniplane's default pool: TEST-NET-2, a documentation range (RFC 5737). */
export const DEFAULT_LOAD_BALANCER_IP_RANGE = '198.51.100.0/24';

/** Parses `--load-balancer-ip-range`. Throws InvalidRange for anything but a CIDR or START-END. */
export function parseLoadBalancerPool(value: string): LoadBalancerPool {
  const text = value.trim();
  const bad = (why: string): InvalidRange => new InvalidRange([`invalid --load-balancer-ip-range ${JSON.stringify(text)}: ${why}`]);
  if (text.includes('/')) {
    const cidr = parseCIDR(text);
    if (!cidr) throw bad('not a valid CIDR');
    const hostBits = cidr.bits - cidr.prefix;
    const last = cidr.network + (1n << BigInt(hostBits)) - 1n;
    // Why: below /30 (IPv4) or /126 (IPv6) there is no network/broadcast to avoid.
    const skipNetwork = hostBits >= 2;
    const skipBroadcast = cidr.family === 'IPv4' && hostBits >= 2;
    return { text, family: cidr.family, first: cidr.network + (skipNetwork ? 1n : 0n), last: last - (skipBroadcast ? 1n : 0n) };
  }
  const dash = text.indexOf('-');
  if (dash < 0) throw bad('want a CIDR or START-END');
  const start = parseIP(text.slice(0, dash).trim());
  const end = parseIP(text.slice(dash + 1).trim());
  if (!start || !end) throw bad('START and END must be IP addresses');
  if (start.family !== end.family) throw bad('START and END must be of the same IP family');
  if (end.value < start.value) throw bad('END must not be before START');
  return { text, family: start.family, first: start.value, last: end.value };
}

/** Number of usable addresses. */
export function poolSize(pool: LoadBalancerPool): bigint {
  return pool.last - pool.first + 1n;
}

/** The canonical text of `ip` if it is a usable address of the pool, else undefined. */
export function poolAddress(pool: LoadBalancerPool, ip: string): string | undefined {
  const parsed = parseIP(ip);
  if (!parsed || parsed.family !== pool.family || parsed.value < pool.first || parsed.value > pool.last) return undefined;
  return formatIP(parsed.family, parsed.value);
}

export function poolContains(pool: LoadBalancerPool, ip: string): boolean {
  return poolAddress(pool, ip) !== undefined;
}

/**
 * The pool's free addresses in ascending order, given the addresses in use (any text form;
 * those outside the pool are ignored). Lazy: taking k addresses costs O(u log u + k) for u in use.
 * `inUse` is read once, at the first `next()`.
 */
export function* freeIPs(pool: LoadBalancerPool, inUse: Iterable<string>): Generator<string, void, undefined> {
  const used: bigint[] = [];
  for (const ip of inUse) {
    const p = parseIP(ip);
    if (p && p.family === pool.family && p.value >= pool.first && p.value <= pool.last) used.push(p.value);
  }
  used.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let i = 0;
  for (let v = pool.first; v <= pool.last; v++) {
    while (i < used.length && used[i]! < v) i++;
    if (i < used.length && used[i] === v) continue;
    yield formatIP(pool.family, v);
  }
}
