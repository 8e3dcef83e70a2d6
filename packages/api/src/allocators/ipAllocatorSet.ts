/**
 * IPAllocatorSet: ClusterIP allocation over several CIDRs, one IPAllocator per CIDR.
 *
 * The cluster starts with the `--service-cluster-ip-range` CIDRs (one, or one per family) and
 * may grow at run time when a ServiceCIDR is added. This set is what the Service registry talks to.
 *
 * Contract
 * - allocateNext(family) allocates from the first range of that family (in the order added)
 *   that has a free address; RangeFull when all of them are full.
 * - allocate(ip) reserves a chosen IP in every range that can hand it out; NotInRange if none
 *   can, AlreadyAllocated if it is taken.
 * - Invariant, so overlapping CIDRs are safe (a bigger ServiceCIDR added to grow a smaller
 *   one): an IP is marked in *every* range whose usable addresses include it. Hence a free bit
 *   in any range is a genuinely free IP, and allocateNext needs no cross-range retry. Per-range
 *   counts therefore count an IP once in each range that covers it; `used()` counts it once.
 * - add(cidr) seeds the new range with the IPs already allocated that it covers.
 * - remove(cidr) just drops the range: IPs covered by no other range are forgotten. Kube keeps a
 *   ServiceCIDR with a finalizer while such IPs exist; `uncoveredBy(cidr)` lists them for that.
 * - A range may be closed (`setOpen(cidr, false)`: its ServiceCIDRs are terminating or not Ready).
 *   A closed range hands out nothing — allocateNext skips it, allocate(ip) treats it as absent —
 *   but it keeps its marks and still counts for has/contains/release/reserve, so the invariant
 *   holds and reopening it is exact. `reserve(ip)` records an IP held by an IPAddress object,
 *   whichever ranges cover it, open or closed.
 *
 * Upstream: pkg/registry/core/service/ipallocator/cidrallocator.go (MultiCIDRServiceAllocator)
 */
import { parseCIDR, parseIP, type IPFamily } from './cidr.js';
import { AlreadyAllocated, NotInRange, RangeFull } from './errors.js';
import { IPAllocator, displayIP } from './ipAllocator.js';
import type { RandomSource } from './random.js';

export interface IPAllocatorSetOptions {
  /** Initial ranges, primary first, e.g. the parsed `--service-cluster-ip-range`. */
  cidrs: readonly string[];
  /** Float in [0, 1), shared by all ranges. */
  random: RandomSource;
}

export class IPAllocatorSet {
  private readonly random: RandomSource;
  private readonly list: IPAllocator[] = [];
  private readonly closed = new Set<IPAllocator>();
  private usedCount = 0;

  constructor(opts: IPAllocatorSetOptions) {
    this.random = opts.random;
    for (const cidr of opts.cidrs) this.add(cidr);
  }

  /**
   * Adds a range (a no-op returning the existing one if the same CIDR is already there), marking
   * in it every allocated IP it covers. Throws TypeError for an invalid CIDR.
   */
  add(cidr: string): IPAllocator {
    const net = parseCIDR(cidr);
    if (!net) throw new TypeError(`invalid CIDR address: ${cidr}`);
    const existing = this.list.find((r) => r.cidr === net.text);
    if (existing) return existing;
    const range = new IPAllocator({ cidr: net.text, random: this.random });
    for (const other of this.list) {
      if (other.family !== range.family) continue;
      other.forEach((ip) => {
        if (range.contains(ip) && !range.has(ip)) range.allocate(ip);
      });
    }
    this.list.push(range);
    return range;
  }

  /** Drops a range; returns false if there was none with that CIDR. */
  remove(cidr: string): boolean {
    const gone = this.rangeOf(cidr);
    if (!gone) return false;
    this.list.splice(this.list.indexOf(gone), 1);
    this.closed.delete(gone);
    this.usedCount -= this.uncovered(gone).length;
    return true;
  }

  /** Allocated IPs of `cidr`'s range that no other range covers (they would be lost on remove). */
  uncoveredBy(cidr: string): string[] {
    const range = this.rangeOf(cidr);
    return range ? this.uncovered(range) : [];
  }

  /** The range of `cidr` (any spelling of it), if there is one. */
  private rangeOf(cidr: string): IPAllocator | undefined {
    const net = parseCIDR(cidr);
    return net && this.list.find((r) => r.cidr === net.text);
  }

  /** The ranges, in the order added; only those of `family` if given. */
  ranges(family?: IPFamily): readonly IPAllocator[] {
    return family ? this.list.filter((r) => r.family === family) : [...this.list];
  }

  /** Families present, primary first (the family of the first range is the cluster default). */
  families(): IPFamily[] {
    return [...new Set(this.list.map((r) => r.family))];
  }

  /** Opens or closes the range of `cidr` for handing out IPs; false if there is no such range. */
  setOpen(cidr: string, open: boolean): boolean {
    const range = this.rangeOf(cidr);
    if (!range) return false;
    if (open) this.closed.delete(range);
    else this.closed.add(range);
    return true;
  }

  /** Whether the range of `cidr` exists and is open. */
  isOpen(cidr: string): boolean {
    const range = this.rangeOf(cidr);
    return !!range && !this.closed.has(range);
  }

  /** Reserves a chosen IP in an open range. Throws NotInRange or AlreadyAllocated. */
  allocate(ip: string): void {
    if (!this.list.some((r) => !this.closed.has(r) && r.contains(ip))) throw new NotInRange('IP', displayIP(ip), this.validRange(ip));
    this.reserve(ip);
  }

  /** Records `ip` in every range covering it, open or closed. Throws NotInRange or AlreadyAllocated. */
  reserve(ip: string): void {
    const covering = this.list.filter((r) => r.contains(ip));
    if (covering.length === 0) throw new NotInRange('IP', displayIP(ip), this.validRange(ip));
    if (covering.some((r) => r.has(ip))) throw new AlreadyAllocated('IP', displayIP(ip));
    for (const r of covering) r.allocate(ip);
    this.usedCount++;
  }

  /** Reserves a free IP of `family` from the first open range with room. Throws RangeFull. */
  allocateNext(family: IPFamily): string {
    const range = this.list.find((r) => r.family === family && !this.closed.has(r) && r.free() > 0);
    if (!range) throw new RangeFull();
    const ip = range.allocateNext();
    // Mirror into overlapping ranges; by the invariant the IP is free in each of them.
    for (const r of this.list) if (r !== range && r.contains(ip)) r.allocate(ip);
    this.usedCount++;
    return ip;
  }

  /** Frees `ip` in every range; false if it was not allocated. */
  release(ip: string): boolean {
    let released = false;
    for (const r of this.list) released = r.release(ip) || released;
    if (released) this.usedCount--;
    return released;
  }

  has(ip: string): boolean {
    return this.list.some((r) => r.has(ip));
  }

  /** True if some range can hand out `ip`. */
  contains(ip: string): boolean {
    return this.list.some((r) => r.contains(ip));
  }

  /** Distinct allocated IPs across all ranges. */
  used(): number {
    return this.usedCount;
  }

  /** Replaces the state with exactly these IPs (repair). Throws NotInRange for an uncovered one. */
  restoreIPs(ips: Iterable<string>): void {
    const all = [...new Set([...ips].map(displayIP))];
    for (const ip of all) {
      if (!this.contains(ip)) throw new NotInRange('IP', ip, this.validRange(ip));
    }
    for (const r of this.list) r.restoreIPs(all.filter((ip) => r.contains(ip)));
    this.usedCount = all.length;
  }

  private uncovered(range: IPAllocator): string[] {
    const out: string[] = [];
    range.forEach((ip) => {
      if (!this.list.some((r) => r !== range && r.contains(ip))) out.push(ip);
    });
    return out;
  }

  /**
   * The range text for NotInRange: the open CIDRs of the IP's family (else all of that family,
   * else all CIDRs), comma-joined. With one range per family this is exactly kube's message.
   */
  private validRange(ip: string): string {
    const family = parseIP(ip)?.family;
    const same = this.list.filter((r) => r.family === family);
    const open = same.filter((r) => !this.closed.has(r));
    return (open.length > 0 ? open : same.length > 0 ? same : this.list).map((r) => r.cidr).join(',');
  }
}
