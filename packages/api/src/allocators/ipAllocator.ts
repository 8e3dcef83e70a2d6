/**
 * IPAllocator: hands out ClusterIPs from one CIDR (IPv4 or IPv6), over an AllocationBitmap.
 *
 * Layout (this module only maps IP ↔ offset; the bitmap decides which offset):
 *
 *     For 10.0.0.0/24: 256 addresses, 254 usable (max = 254), band offset 16
 *
 *     network                                                     broadcast
 *     10.0.0.0   .1   .2  ...  .16   .17   .18   ...   .253   .254   .255
 *       |         |              |     |                       |        |
 *     never     off 0  ...    off 15 off 16      ...        off 253   never
 *                 |--- static band --|------- dynamic band ----|
 *                 (user-chosen IPs)    (allocateNext starts here)
 *
 *     offset = ip - (network + 1)        ip = network + 1 + offset
 *
 * - IPv4: max = size - 2 (network and broadcast are never handed out and can never be released).
 * - IPv6: only the network address is excluded, and the bitmap is capped:
 *   max = min(size, 65536) - 1, so an IPv6 /64 uses network+1 … network+65535 and the last
 *   address of a small IPv6 range *is* usable.
 * - Band offset = min(max(16, size/16), 256) over the full CIDR size; 0 if size <= 16.
 *   /28 → 0, /24 → 16, /20 and larger → 256.
 *
 * Contract
 * - allocate(ip) throws NotInRange (outside, network, broadcast, beyond the IPv6 cap, other
 *   family, not an IP) or AlreadyAllocated; allocateNext() throws RangeFull.
 * - release(ip) of a free or outside IP is a no-op (returns false), like kube.
 * - IPs go in and come out as text; output text is canonical (Go's net.IP.String()).
 * - Pure and synchronous: meant to run inside the apiserver's SQLite write transaction.
 *
 * Upstream: pkg/registry/core/service/ipallocator/bitmap.go (KEP-3070 static/dynamic bands)
 */
import { AllocationBitmap, type RangeSnapshot } from './bitmap.js';
import { cidrContains, cidrSize, formatIP, parseCIDR, parseIP, type IPFamily, type ParsedCIDR } from './cidr.js';
import { AlreadyAllocated, MismatchedNetwork, NotInRange, RangeFull } from './errors.js';
import type { RandomSource } from './random.js';

export interface IPAllocatorOptions {
  /** The range, e.g. `10.96.0.0/12` or `fd00:10:96::/108`. Host bits are ignored. */
  cidr: string;
  /** Float in [0, 1). Pass Math.random in production, seededRandom(n) in tests. */
  random: RandomSource;
}

/** IPv6 ranges keep at most this many addresses in the bitmap (kube's 64k cap). */
const IPV6_MAX_ENTRIES = 65536n;

/** Band split for a CIDR: min(max(16, size/16), 256), 0 when size <= 16. */
export function ipRangeBandOffset(size: bigint): number {
  if (size <= 16n) return 0;
  const offset = size / 16n;
  return Number(offset < 16n ? 16n : offset > 256n ? 256n : offset);
}

/** Usable offsets of a CIDR (see the layout above); 0 for /32, /31 (IPv4) and /128 (IPv6). */
export function ipRangeMax(cidr: ParsedCIDR): number {
  const size = cidrSize(cidr);
  const usable = cidr.family === 'IPv6' ? (size > IPV6_MAX_ENTRIES ? IPV6_MAX_ENTRIES : size) - 1n : size - 2n;
  return usable < 0n ? 0 : Number(usable);
}

export class IPAllocator {
  /** Canonical CIDR text, e.g. `10.96.0.0/12`. */
  readonly cidr: string;
  readonly family: IPFamily;
  /** Number of allocatable addresses. */
  readonly max: number;
  /** Size of the static band, in offsets from the first usable address. */
  readonly bandOffset: number;
  private readonly net: ParsedCIDR;
  /** network + 1: the address of offset 0. */
  private readonly base: bigint;
  private readonly bitmap: AllocationBitmap;

  constructor(opts: IPAllocatorOptions) {
    const net = parseCIDR(opts.cidr);
    if (!net) throw new TypeError(`invalid CIDR address: ${opts.cidr}`);
    this.net = net;
    this.cidr = net.text;
    this.family = net.family;
    this.base = net.network + 1n;
    this.max = ipRangeMax(net);
    this.bandOffset = ipRangeBandOffset(cidrSize(net));
    this.bitmap = new AllocationBitmap({ max: this.max, bandOffset: this.bandOffset, random: opts.random });
  }

  /** Reserves `ip`. Throws NotInRange or AlreadyAllocated. */
  allocate(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset === undefined) throw new NotInRange('IP', displayIP(ip), this.cidr);
    if (!this.bitmap.allocate(offset)) throw new AlreadyAllocated('IP', displayIP(ip));
  }

  /** Reserves a free IP, preferring the dynamic band. Throws RangeFull. */
  allocateNext(): string {
    const offset = this.bitmap.allocateNext();
    if (offset === undefined) throw new RangeFull();
    return this.ipAt(offset);
  }

  /** Frees `ip`. Returns false (and does nothing) if it was free or is not in the range. */
  release(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset !== undefined && this.bitmap.release(offset);
  }

  /** True if `ip` is allocated here, i.e. allocate(ip) would throw AlreadyAllocated. */
  has(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset !== undefined && this.bitmap.has(offset);
  }

  /** True if `ip` is one this range can hand out (inside, not network/broadcast, under the cap). */
  contains(ip: string): boolean {
    return this.offsetOf(ip) !== undefined;
  }

  /** True if `ip` lies anywhere inside the CIDR, network and broadcast included. */
  cidrContains(ip: string): boolean {
    const parsed = parseIP(ip);
    return parsed !== undefined && cidrContains(this.net, parsed);
  }

  free(): number {
    return this.bitmap.free();
  }

  used(): number {
    return this.bitmap.used();
  }

  /** Calls fn for every allocated IP, in address order. */
  forEach(fn: (ip: string) => void): void {
    this.bitmap.forEach((offset) => fn(this.ipAt(offset)));
  }

  /** The address at a bitmap offset (offset 0 = network + 1). */
  ipAt(offset: number): string {
    return formatIP(this.family, this.base + BigInt(offset));
  }

  /** The state as kube's RangeAllocation (range = this CIDR, data = bitmap bytes). */
  snapshot(): RangeSnapshot {
    return { range: this.cidr, data: this.bitmap.snapshot() };
  }

  /** Replaces the state with a snapshot of the same range. Throws MismatchedNetwork otherwise. */
  restore(snap: RangeSnapshot): void {
    const net = parseCIDR(snap.range);
    if (!net || net.text !== this.cidr) throw new MismatchedNetwork('IP', snap.range, this.cidr);
    this.bitmap.restore(snap.data);
  }

  /** Replaces the state with exactly these IPs (repair: rebuild from the stored Services). */
  restoreIPs(ips: Iterable<string>): void {
    const offsets: number[] = [];
    for (const ip of ips) {
      const offset = this.offsetOf(ip);
      if (offset === undefined) throw new NotInRange('IP', displayIP(ip), this.cidr);
      offsets.push(offset);
    }
    this.bitmap.restoreOffsets(offsets);
  }

  /** The bitmap offset of `ip` (network + 1 is 0), or undefined if this range cannot hand it out. */
  offsetOf(ip: string): number | undefined {
    const parsed = parseIP(ip);
    if (!parsed || !cidrContains(this.net, parsed)) return undefined;
    const offset = parsed.value - this.base;
    // Below 0 is the network address; at or past max is the IPv4 broadcast or past the IPv6 cap.
    if (offset < 0n || offset >= BigInt(this.max)) return undefined;
    return Number(offset);
  }
}

/** How an IP appears in an error: canonical when it parses (Go prints the parsed net.IP). */
export function displayIP(ip: string): string {
  const parsed = parseIP(ip);
  return parsed ? formatIP(parsed.family, parsed.value) : ip;
}
