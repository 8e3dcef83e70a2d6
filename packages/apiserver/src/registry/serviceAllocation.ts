/**
 * The cluster's ClusterIP and NodePort allocators, as the Service write path uses them.
 *
 * Contract
 * - Every change made during a write registers its undo with the write's `onRollback`, so a
 *   failed or dry-run write leaves the bitmaps exactly as they were: the bitmaps only ever
 *   reflect committed Services (and IPAddress objects), like the SQLite store.
 * - ClusterIPs: one IPAllocatorSet over every ServiceCIDR's CIDRs (overlaps allowed; a CIDR
 *   named by two ServiceCIDRs is counted twice and dropped with the last one). Which families
 *   the cluster serves comes from `--service-cluster-ip-range` only, as in kube.
 * - A CIDR hands out IPs while at least one of its ServiceCIDRs is open: not terminating and
 *   Ready True or without a Ready condition (kube's isReady). IPAddress objects are reserved
 *   whatever the state of the ranges covering them.
 * - NodePorts: one PortAllocator over `--service-node-port-range`, protocol-blind.
 * - `rebuild` replaces the state with exactly the given values (start-up), skipping and
 *   returning any that no range covers.
 * Upstream: pkg/registry/core/service/ipallocator/cidrallocator.go, portallocator/operation.go
 */
import { Conflict, type IPFamily } from '@miniplane/api';
import { IPAllocatorSet, PortAllocator, parseCIDR, parsePortRange, parseServiceClusterIPRange, type RandomSource } from '@miniplane/api/allocators/index';

/** Where undos go: the current write's rollback list. */
export interface Undoable {
  onRollback(undo: () => void): void;
}

export interface ClusterAllocatorsOptions {
  /** `--service-cluster-ip-range`: one CIDR or a dual-stack pair. */
  serviceClusterIPRange: string;
  /** `--service-node-port-range`, e.g. `30000-32767`. */
  serviceNodePortRange: string;
  random: RandomSource;
}

/** IPv4 ServiceCIDRs larger than this many host bits would need a bitmap of over 2 MiB. */
const MAX_IPV4_HOST_BITS = 24;

export class ClusterAllocators {
  /** The configured CIDRs, primary first. */
  readonly configuredCIDRs: readonly string[];
  /** The families Services may use, the cluster default first. */
  readonly families: readonly IPFamily[];
  readonly ips: IPAllocatorSet;
  readonly ports: PortAllocator;
  private readonly cidrRefs = new Map<string, number>();
  /** CIDR → the ServiceCIDRs naming it that are closed. */
  private readonly closedBy = new Map<string, Set<string>>();

  /** Throws InvalidRange (kube's flag messages) for a bad range. */
  constructor(o: ClusterAllocatorsOptions) {
    this.configuredCIDRs = parseServiceClusterIPRange(o.serviceClusterIPRange);
    this.families = this.configuredCIDRs.map((c) => parseCIDR(c)!.family);
    this.ips = new IPAllocatorSet({ cidrs: [], random: o.random });
    this.ports = new PortAllocator({ range: parsePortRange(o.serviceNodePortRange), random: o.random });
  }

  /** Why a CIDR cannot back a ServiceCIDR here, or undefined if it can. */
  unsupportedCIDR(cidr: string): string | undefined {
    const net = parseCIDR(cidr);
    if (net?.family === 'IPv4' && net.bits - net.prefix > MAX_IPV4_HOST_BITS) {
      return `not supported by miniplane: an IPv4 ServiceCIDR may have at most ${MAX_IPV4_HOST_BITS} host bits (/8 or smaller)`;
    }
    return undefined;
  }

  /** A ServiceCIDR's range joins the allocator (seeded with the IPs already allocated in it). */
  addCIDR(cidr: string, tx?: Undoable): void {
    const key = parseCIDR(cidr)!.text;
    const refs = this.cidrRefs.get(key) ?? 0;
    this.cidrRefs.set(key, refs + 1);
    if (refs === 0) this.ips.add(key);
    this.syncOpen(key);
    tx?.onRollback(() => this.dropRef(key));
  }

  /**
   * A ServiceCIDR's range leaves. Refused with 409 while it holds allocated IPs that no other
   * range covers (kube keeps such a ServiceCIDR terminating until they are gone).
   */
  removeCIDR(cidr: string, name: string, tx: Undoable): void {
    const key = parseCIDR(cidr)!.text;
    const refs = this.cidrRefs.get(key) ?? 0;
    if (refs === 0) return;
    if (refs === 1 && this.ips.uncoveredBy(key).length > 0) {
      throw new Conflict({ group: 'networking.k8s.io', resource: 'servicecidrs' }, name, 'There are still IPAddresses referencing the ServiceCIDR, please remove them or create a new ServiceCIDR');
    }
    const wasClosed = this.closedBy.get(key)?.delete(name) ?? false;
    this.dropRef(key);
    // Re-adding is exact: the range held nothing that other ranges do not also hold.
    tx.onRollback(() => {
      this.addCIDR(key);
      if (wasClosed) this.setServiceCIDROpen(name, [key], false);
    });
  }

  private dropRef(key: string): void {
    const refs = (this.cidrRefs.get(key) ?? 0) - 1;
    if (refs > 0) {
      this.cidrRefs.set(key, refs);
      this.syncOpen(key);
    } else {
      this.cidrRefs.delete(key);
      this.closedBy.delete(key);
      this.ips.remove(key);
    }
  }

  /**
   * Records whether the ServiceCIDR `name` lets its CIDRs hand out IPs; a CIDR is open while
   * fewer of its ServiceCIDRs are closed than name it.
   */
  setServiceCIDROpen(name: string, cidrs: readonly string[], open: boolean, tx?: Undoable): void {
    for (const cidr of cidrs) {
      const key = parseCIDR(cidr)?.text;
      if (!key || !this.cidrRefs.has(key)) continue;
      const closed = this.closedBy.get(key) ?? new Set<string>();
      if (closed.has(name) === !open) continue;
      if (open) closed.delete(name);
      else closed.add(name);
      this.closedBy.set(key, closed);
      this.syncOpen(key);
      tx?.onRollback(() => this.setServiceCIDROpen(name, [key], !open));
    }
  }

  private syncOpen(key: string): void {
    const closed = this.closedBy.get(key)?.size ?? 0;
    if (closed === 0) this.closedBy.delete(key);
    this.ips.setOpen(key, (this.cidrRefs.get(key) ?? 0) > closed);
  }

  allocateIP(ip: string, tx: Undoable): void {
    this.ips.allocate(ip);
    tx.onRollback(() => this.ips.release(ip));
  }

  /** An IPAddress object's IP: recorded in open and closed ranges alike. */
  reserveIP(ip: string, tx: Undoable): void {
    this.ips.reserve(ip);
    tx.onRollback(() => this.ips.release(ip));
  }

  allocateNextIP(family: IPFamily, tx: Undoable): string {
    const ip = this.ips.allocateNext(family);
    tx.onRollback(() => this.ips.release(ip));
    return ip;
  }

  releaseIP(ip: string, tx: Undoable): void {
    if (this.ips.release(ip)) tx.onRollback(() => this.ips.allocate(ip));
  }

  allocatePort(port: number, tx: Undoable): void {
    this.ports.allocate(port);
    tx.onRollback(() => this.ports.release(port));
  }

  allocateNextPort(tx: Undoable): number {
    const port = this.ports.allocateNext();
    tx.onRollback(() => this.ports.release(port));
    return port;
  }

  releasePort(port: number, tx: Undoable): void {
    if (this.ports.release(port)) tx.onRollback(() => this.ports.allocate(port));
  }

  /** Start-up: the state becomes exactly these values; returns those no range covers. */
  rebuild(ips: Iterable<string>, ports: Iterable<number>): { skippedIPs: string[]; skippedPorts: number[] } {
    const ipList = [...new Set(ips)];
    const portList = [...new Set(ports)];
    const skippedIPs = ipList.filter((ip) => !this.ips.contains(ip));
    const skippedPorts = portList.filter((p) => !this.ports.contains(p));
    this.ips.restoreIPs(ipList.filter((ip) => this.ips.contains(ip)));
    this.ports.restorePorts(portList.filter((p) => this.ports.contains(p)));
    return { skippedIPs, skippedPorts };
  }
}
