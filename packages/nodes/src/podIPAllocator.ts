/**
 * PodIPAllocator: a node's pod IPs from its podCIDR, as the host-local IPAM plugin hands them out.
 *
 * Contract (pure, in memory):
 * - Usable addresses: the podCIDR without its network address, `.1` (the bridge gateway) and the
 *   broadcast address, so a /24 gives .2-.254 (253 pods).
 * - `allocate(owner)` returns the owner's address if it has one, else the next free address after
 *   the last one handed out (round-robin, as host-local's lastReservedIP), so a released address
 *   is not handed out again until the range wraps; undefined when every address is in use.
 * - `restore(owner, ip)` re-marks an address found in a pod's status after a restart; false if
 *   the address is outside the range or held by another owner (the caller must re-allocate).
 * - `release(owner)` frees the owner's address. An address is never held by two owners.
 * - `describe()` is host-local's range text for the exhaustion message (`10.244.1.1-10.244.1.254`).
 * Upstream: containernetworking/plugins plugins/ipam/host-local/backend/allocator/allocator.go
 */
import { formatIP, parseCIDR, parseIP, type ParsedCIDR } from '@miniplane/api/allocators/cidr';

export class PodIPAllocator {
  readonly cidr: ParsedCIDR;
  private readonly first: bigint;
  private readonly last: bigint;
  private readonly byIP = new Map<bigint, string>();
  private readonly byOwner = new Map<string, bigint>();
  private cursor: bigint;

  constructor(podCIDR: string) {
    const c = parseCIDR(podCIDR);
    if (!c) throw new Error(`invalid podCIDR ${JSON.stringify(podCIDR)}`);
    this.cidr = c;
    const size = 1n << BigInt(c.bits - c.prefix);
    this.first = c.network + 2n;
    this.last = c.network + size - 2n;
    this.cursor = this.first - 1n;
  }

  get size(): number {
    return this.last >= this.first ? Number(this.last - this.first + 1n) : 0;
  }

  get used(): number {
    return this.byOwner.size;
  }

  allocate(owner: string): string | undefined {
    const held = this.byOwner.get(owner);
    if (held !== undefined) return formatIP(this.cidr.family, held);
    const n = this.size;
    for (let k = 0, v = this.cursor; k < n; k++) {
      v = v >= this.last ? this.first : v + 1n;
      if (!this.byIP.has(v)) {
        this.take(owner, v);
        this.cursor = v;
        return formatIP(this.cidr.family, v);
      }
    }
    return undefined;
  }

  restore(owner: string, ip: string): boolean {
    const p = parseIP(ip);
    if (!p || p.family !== this.cidr.family || p.value < this.first || p.value > this.last) return false;
    const holder = this.byIP.get(p.value);
    if (holder !== undefined) return holder === owner;
    if (this.byOwner.has(owner)) return false;
    this.take(owner, p.value);
    if (p.value > this.cursor) this.cursor = p.value;
    return true;
  }

  release(owner: string): void {
    const v = this.byOwner.get(owner);
    if (v === undefined) return;
    this.byOwner.delete(owner);
    this.byIP.delete(v);
  }

  holds(owner: string): boolean {
    return this.byOwner.has(owner);
  }

  describe(): string {
    return `${formatIP(this.cidr.family, this.cidr.network + 1n)}-${formatIP(this.cidr.family, this.last)}`;
  }

  private take(owner: string, v: bigint): void {
    this.byIP.set(v, owner);
    this.byOwner.set(owner, v);
  }
}
