/**
 * LoadBalancerPool: the addresses a MetalLB-like controller hands out as
 * `status.loadBalancer.ingress[].ip` (miniplane's `--load-balancer-ip-range`).
 *
 * Contract
 * - `parseLoadBalancerPool` accepts a CIDR (`198.51.100.0/24`, `2001:db8::/120`) or an inclusive
 *   range `START-END` of one family (`198.51.100.10-198.51.100.20`); spaces around the parts are
 *   trimmed. Anything else throws InvalidRange (the allocators' flag error) with a message that
 *   names the flag.
 * - `parseLoadBalancerPools` accepts the whole flag: a comma-separated list of such ranges, of
 *   either family and any number per family (`198.51.100.0/24,2001:db8:5::/112`), like the
 *   `addresses` of a MetalLB IPAddressPool. A single range parses as a list of one. Each entry is
 *   checked as above (the error names the entry); an empty entry, or two entries sharing a usable
 *   address, throw InvalidRange too. Ranges keep the flag's order: within a family, addresses are
 *   handed out from the first range until it is full, then the next (MetalLB walks its CIDRs so).
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
 * Upstream (behaviour): metallb/metallb internal/allocator (pool ranges, avoidBuggyIPs),
 * internal/config (CIDRs of a pool must not overlap).
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

/** The whole `--load-balancer-ip-range` value: one or more ranges, in the flag's order. */
export interface LoadBalancerPools {
  /** The flag value as given (trimmed). */
  readonly text: string;
  /** At least one; no two share a usable address. */
  readonly ranges: readonly LoadBalancerPool[];
}

/** Parses `--load-balancer-ip-range` as a comma-separated list of ranges (see the header). */
export function parseLoadBalancerPools(value: string): LoadBalancerPools {
  const text = value.trim();
  const ranges: LoadBalancerPool[] = [];
  for (const entry of text.split(',')) {
    // Why: `a,,b` or a trailing comma is a typo, not "no range"; say so instead of ignoring it.
    if (entry.trim() === '') throw new InvalidRange([`invalid --load-balancer-ip-range ${JSON.stringify(text)}: empty entry`]);
    const range = parseLoadBalancerPool(entry);
    const clash = ranges.find((r) => r.family === range.family && r.first <= range.last && range.first <= r.last);
    if (clash) throw new InvalidRange([`invalid --load-balancer-ip-range ${JSON.stringify(text)}: ${JSON.stringify(range.text)} overlaps ${JSON.stringify(clash.text)}`]);
    ranges.push(range);
  }
  return { text, ranges };
}

/** The families the pools can hand out, in order of their first range. */
export function poolFamilies(pools: LoadBalancerPools): IPFamily[] {
  const out: IPFamily[] = [];
  for (const r of pools.ranges) if (!out.includes(r.family)) out.push(r.family);
  return out;
}

/** The ranges of one family, in the flag's order. */
export function familyRanges(pools: LoadBalancerPools, family: IPFamily): LoadBalancerPool[] {
  return pools.ranges.filter((r) => r.family === family);
}

/** The canonical text of `ip` if it is a usable address of any range, else undefined. */
export function poolsAddress(pools: LoadBalancerPools, ip: string): string | undefined {
  for (const r of pools.ranges) {
    const found = poolAddress(r, ip);
    if (found) return found;
  }
  return undefined;
}

/**
 * The free addresses of one family across its ranges: each range lowest-first, ranges in the
 * flag's order. Lazy like `freeIPs`; a range's `inUse` is read when the walk reaches it.
 */
export function* freeFamilyIPs(pools: LoadBalancerPools, family: IPFamily, inUse: () => Iterable<string>): Generator<string, void, undefined> {
  for (const r of familyRanges(pools, family)) yield* freeIPs(r, inUse());
}
