/**
 * PortAllocator: hands out NodePorts from a port range, over an AllocationBitmap.
 *
 *     port  = base + offset            (default range 30000-32767: base 30000, size 2768)
 *     band  = min(max(16, size/32), 128), 0 if size <= 16   (default: 86)
 *
 *     30000 ........ 30085 | 30086 ............................... 32767
 *     |-- static band ----|--------------- dynamic band ------------|
 *     (user-chosen ports)   (allocateNext starts here)
 *
 * Contract
 * - allocate(port) throws NotInRange (message names the range, `30000-32767`) or
 *   AlreadyAllocated; allocateNext() throws RangeFull.
 * - release(port) of a free or outside port is a no-op (returns false), like kube.
 * - Protocol-blind: one slot per port number (53/TCP and 53/UDP share it; see alloc.go).
 * - Pure and synchronous: meant to run inside the apiserver's SQLite write transaction.
 *
 * Upstream: pkg/registry/core/service/portallocator/allocator.go (KEP-3668 static/dynamic bands)
 */
import { AllocationBitmap, type RangeSnapshot } from './bitmap.js';
import { AlreadyAllocated, MismatchedNetwork, NotInRange, RangeFull } from './errors.js';
import { DEFAULT_NODE_PORT_RANGE, formatPortRange, parsePortRange, portRangeContains, type PortRange } from './portRange.js';
import type { RandomSource } from './random.js';

export interface PortAllocatorOptions {
  /** `base-max` text or a parsed range; default `30000-32767`. */
  range?: string | PortRange;
  /** Float in [0, 1). Pass Math.random in production, seededRandom(n) in tests. */
  random: RandomSource;
}

/** Band split for a port range: min(max(16, size/32), 128), 0 when size <= 16. */
export function portRangeBandOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

export class PortAllocator {
  /** Canonical range text, e.g. `30000-32767`. */
  readonly range: string;
  readonly base: number;
  readonly size: number;
  /** Size of the static band, in ports from `base`. */
  readonly bandOffset: number;
  private readonly bitmap: AllocationBitmap;

  /** Throws InvalidRange for an unparsable range string. */
  constructor(opts: PortAllocatorOptions) {
    const pr = typeof opts.range === 'object' ? { ...opts.range } : parsePortRange(opts.range ?? DEFAULT_NODE_PORT_RANGE);
    this.base = pr.base;
    this.size = pr.size;
    this.range = formatPortRange(pr);
    this.bandOffset = portRangeBandOffset(pr.size);
    this.bitmap = new AllocationBitmap({ max: pr.size, bandOffset: this.bandOffset, random: opts.random });
  }

  /** Reserves `port`. Throws NotInRange or AlreadyAllocated. */
  allocate(port: number): void {
    if (!this.contains(port)) throw new NotInRange('port', port, this.range);
    if (!this.bitmap.allocate(port - this.base)) throw new AlreadyAllocated('port', port);
  }

  /** Reserves a free port, preferring the dynamic band. Throws RangeFull. */
  allocateNext(): number {
    const offset = this.bitmap.allocateNext();
    if (offset === undefined) throw new RangeFull();
    return this.base + offset;
  }

  /** Frees `port`. Returns false (and does nothing) if it was free or is not in the range. */
  release(port: number): boolean {
    return this.contains(port) && this.bitmap.release(port - this.base);
  }

  /** True if `port` is allocated, i.e. allocate(port) would throw AlreadyAllocated. */
  has(port: number): boolean {
    return this.contains(port) && this.bitmap.has(port - this.base);
  }

  /** True if `port` is inside the range. */
  contains(port: number): boolean {
    return portRangeContains(this, port);
  }

  free(): number {
    return this.bitmap.free();
  }

  used(): number {
    return this.bitmap.used();
  }

  /** Calls fn for every allocated port, ascending. */
  forEach(fn: (port: number) => void): void {
    this.bitmap.forEach((offset) => fn(this.base + offset));
  }

  /** The state as kube's RangeAllocation (range = `30000-32767`, data = bitmap bytes). */
  snapshot(): RangeSnapshot {
    return { range: this.range, data: this.bitmap.snapshot() };
  }

  /** Replaces the state with a snapshot of the same range. Throws MismatchedNetwork otherwise. */
  restore(snap: RangeSnapshot): void {
    if (snap.range !== this.range) throw new MismatchedNetwork('port', snap.range, this.range);
    this.bitmap.restore(snap.data);
  }

  /** Replaces the state with exactly these ports (repair: rebuild from the stored Services). */
  restorePorts(ports: Iterable<number>): void {
    const offsets: number[] = [];
    for (const port of ports) {
      if (!this.contains(port)) throw new NotInRange('port', port, this.range);
      offsets.push(port - this.base);
    }
    this.bitmap.restoreOffsets(offsets);
  }
}
