/**
 * planLoadBalancer: which LoadBalancer Service gets which addresses of the pool, as a pure
 * function of every Service and the pool (MetalLB's allocator, without sharing keys).
 *
 * Contract
 * - Handled: `type: LoadBalancer` with no `spec.loadBalancerClass` or with `miniplane.io/lb`.
 *   Services of another class are never touched (another controller owns their status).
 * - The state lives in the Services: an address in `status.loadBalancer.ingress[].ip` that is in
 *   the pool is held, so assignments survive restarts and are rebuilt from statuses alone.
 * - What a Service asks for is `requestOf`'s answer: one address per family of `spec.ipFamilies`
 *   (in that order; the pool may hold ranges of both families), some of them pinned.
 * - Order of claims, per family, each step oldest Service first (creationTimestamp, then
 *   namespace/name):
 *   1. keep a held address (unless a pin asks for another one of that family, or an older
 *      Service already holds it — then the younger loses it);
 *   2. give the pinned address if it is free, else fail;
 *   3. give the lowest free address of the family (its ranges in the flag's order).
 *   A Service whose every family is required (SingleStack, RequireDualStack) gets all of them or
 *   none: a family out of addresses fails it ("no available IPs") and frees what it held, for
 *   the next pass (the status write that clears it triggers one). PreferDualStack keeps what it
 *   got; a family with a range but no free address is reported ("no available IPs for IPv6
 *   IPFamily") and retried every pass; with nothing at all it fails as above.
 * - Output: status writes (the full ingress list wanted, `[]` clears), which of them hand out an
 *   address not shown before (→ IPAllocated), and the failures (→ AllocationFailed). A Service
 *   that no longer wants an address (type changed, or it fails) and still shows one is cleared;
 *   a deleted Service simply stops holding its addresses.
 * Inputs are never modified.
 * Upstream (behaviour): metallb/metallb controller/service.go (convergeBalancer), internal/allocator
 */
import { parseIP, type IPFamily } from '@miniplane/api/allocators/cidr';
import { freeFamilyIPs, poolsAddress, type LoadBalancerPools } from '@miniplane/api/loadBalancerPool';
import type { Service } from '@miniplane/api/service/types';
import { byAge, serviceKey } from '../serviceOrder.js';
import { requestOf, type LoadBalancerRequest } from './loadBalancerRequest.js';

export const loadBalancerClass = 'miniplane.io/lb';

export interface StatusUpdate {
  /** The Service as planned from (its resourceVersion is the write's precondition). */
  service: Service;
  ips: string[];
}

export interface LoadBalancerPlan {
  toUpdate: StatusUpdate[];
  /** `ip` is the first of `ips`, the full ingress list written (kept for single-stack callers). */
  allocated: Array<{ service: Service; ip: string; ips: string[] }>;
  failed: Array<{ service: Service; message: string }>;
}

/** Whether this controller owns the Service's load balancer. */
export function handles(svc: Service): boolean {
  const s = svc.spec ?? {};
  return s.type === 'LoadBalancer' && (s.loadBalancerClass === undefined || s.loadBalancerClass === loadBalancerClass);
}

export function ingressIPs(svc: Service): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => typeof ip === 'string' && ip !== '');
}

export function planLoadBalancer(services: readonly Service[], pools: LoadBalancerPools): LoadBalancerPlan {
  const mine = services.filter(handles).sort(byAge);
  const claims = new Claims();
  const requests = new Map<Service, LoadBalancerRequest>();
  for (const svc of mine) {
    const r = requestOf(svc, pools);
    if ('error' in r) claims.fail(svc, r.error);
    else requests.set(svc, r);
  }

  // 1. Held addresses, per family, unless a pin of that family asks for another.
  for (const [svc, r] of requests) {
    for (const family of r.families) {
      const pin = r.pinned.get(family);
      const held = heldIPs(svc, pools, family).find((ip) => !claims.owner.has(ip));
      if (held && (!pin || held === pin)) claims.take(svc, family, held);
    }
  }
  // 2. Pins not already held. A failure frees what the Service held, before step 3 reads the pool.
  for (const [svc, r] of requests) {
    for (const [family, pin] of r.pinned) {
      if (claims.has(svc, family) || claims.failed.has(svc)) continue;
      const other = claims.owner.get(pin);
      if (other) claims.fail(svc, `${JSON.stringify(pin)} is already in use by ${serviceKey(other)}`);
      else claims.take(svc, family, pin);
    }
  }
  // 3. The lowest free address of each family still missing, looked at before it is taken.
  const free = new Map<IPFamily, Peekable>();
  const freeOf = (family: IPFamily): Peekable =>
    free.get(family) ?? free.set(family, new Peekable(freeFamilyIPs(pools, family, () => claims.owner.keys()), claims.owner)).get(family)!;
  for (const [svc, r] of requests) {
    if (claims.failed.has(svc)) continue;
    const missing = r.families.filter((f) => !claims.has(svc, f));
    const short = missing.filter((f) => freeOf(f).peek() === undefined);
    // All or nothing, unless PreferDualStack: then whatever is free, as long as it is something.
    if (short.length && (!r.prefer || short.length === r.families.length)) {
      claims.fail(svc, 'no available IPs');
      continue;
    }
    for (const f of missing) if (!short.includes(f)) claims.take(svc, f, freeOf(f).next()!);
    if (short.length) claims.report(svc, short.map((f) => `no available IPs for ${f} IPFamily`).join(', '));
  }
  return writes(services, requests, claims);
}

/** Who holds what, and who failed; a failing Service lets go of everything it took. */
class Claims {
  readonly owner = new Map<string, Service>();
  readonly failed = new Map<Service, string>();
  /** Messages reported, in order: failures and PreferDualStack shortfalls. */
  readonly messages = new Map<Service, string>();
  private readonly held = new Map<Service, Map<IPFamily, string>>();

  has(svc: Service, family: IPFamily): boolean {
    return this.held.get(svc)?.has(family) ?? false;
  }

  take(svc: Service, family: IPFamily, ip: string): void {
    this.owner.set(ip, svc);
    const mine = this.held.get(svc) ?? this.held.set(svc, new Map()).get(svc)!;
    mine.set(family, ip);
  }

  get(svc: Service, family: IPFamily): string | undefined {
    return this.held.get(svc)?.get(family);
  }

  fail(svc: Service, why: string): void {
    for (const ip of this.held.get(svc)?.values() ?? []) this.owner.delete(ip);
    this.held.delete(svc);
    this.failed.set(svc, why);
    this.report(svc, why);
  }

  report(svc: Service, why: string): void {
    this.messages.set(svc, `Failed to allocate IP for ${JSON.stringify(serviceKey(svc))}: ${why}`);
  }
}

/** A free-address walk that can look at its next address without taking it. */
class Peekable {
  private buffered: string | undefined;

  constructor(
    private readonly walk: Iterator<string>,
    /** Skipped even if the walk offers them: taken since the walk read what was in use. */
    private readonly owner: ReadonlyMap<string, Service>,
  ) {}

  peek(): string | undefined {
    while (this.buffered === undefined || this.owner.has(this.buffered)) {
      const n = this.walk.next();
      if (n.done) return (this.buffered = undefined);
      this.buffered = n.value;
    }
    return this.buffered;
  }

  next(): string | undefined {
    const ip = this.peek();
    this.buffered = undefined;
    return ip;
  }
}

/** The addresses of one family in the Service's status that are usable addresses of the pool. */
function heldIPs(svc: Service, pools: LoadBalancerPools, family: IPFamily): string[] {
  return ingressIPs(svc)
    .filter((ip) => parseIP(ip)?.family === family)
    .map((ip) => poolsAddress(pools, ip))
    .filter((ip): ip is string => ip !== undefined);
}

function writes(services: readonly Service[], requests: ReadonlyMap<Service, LoadBalancerRequest>, claims: Claims): LoadBalancerPlan {
  const plan: LoadBalancerPlan = { toUpdate: [], allocated: [], failed: [...claims.messages].map(([service, message]) => ({ service, message })) };
  for (const svc of services) {
    // Another class's Service is someone else's; a handled one or a non-LoadBalancer one is ours to correct.
    if (!handles(svc) && svc.spec?.type === 'LoadBalancer') continue;
    const families = requests.get(svc)?.families ?? [];
    const ips = families.map((f) => claims.get(svc, f)).filter((ip): ip is string => ip !== undefined);
    const current = ingressIPs(svc);
    if (current.length === ips.length && current.every((x, i) => x === ips[i])) continue;
    plan.toUpdate.push({ service: svc, ips });
    if (ips.some((ip) => !current.includes(ip))) plan.allocated.push({ service: svc, ip: ips[0]!, ips });
  }
  return plan;
}
