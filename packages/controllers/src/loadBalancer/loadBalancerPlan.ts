/**
 * planLoadBalancer: which LoadBalancer Service gets which address of the pool, as a pure
 * function of every Service and the pool (MetalLB's allocator, without sharing keys).
 *
 * Contract
 * - Handled: `type: LoadBalancer` with no `spec.loadBalancerClass` or with `miniplane.io/lb`.
 *   Services of another class are never touched (another controller owns their status).
 * - The state lives in the Services: an address in `status.loadBalancer.ingress[].ip` that is in
 *   the pool is held, so assignments survive restarts and are rebuilt from statuses alone.
 * - Order of claims, each step oldest Service first (creationTimestamp, then namespace/name):
 *   1. keep a held address (unless `spec.loadBalancerIP` asks for another one, or an older
 *      Service already holds it — then the younger loses it);
 *   2. give `spec.loadBalancerIP` if it is in the pool and free, else fail;
 *   3. give the lowest free address, else fail ("no available IPs").
 *   A Service whose `spec.ipFamilies` excludes the pool's family fails.
 * - Output: status writes (the full ingress list wanted, `[]` clears), which of them are new
 *   assignments (→ IPAllocated), and the failures (→ AllocationFailed). A Service that no longer
 *   wants an address (type changed, or it fails) and still shows one is cleared; a deleted
 *   Service simply stops holding its address.
 * Inputs are never modified.
 * Upstream (behaviour): metallb/metallb controller/service.go (convergeBalancer), internal/allocator
 */
import { freeIPs, poolAddress, type LoadBalancerPool } from '@miniplane/api/loadBalancerPool';
import type { Service } from '@miniplane/api/service/types';
import { byAge, serviceKey } from '../serviceOrder.js';

export const loadBalancerClass = 'miniplane.io/lb';

export interface StatusUpdate {
  /** The Service as planned from (its resourceVersion is the write's precondition). */
  service: Service;
  ips: string[];
}

export interface LoadBalancerPlan {
  toUpdate: StatusUpdate[];
  allocated: Array<{ service: Service; ip: string }>;
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

export function planLoadBalancer(services: readonly Service[], pool: LoadBalancerPool): LoadBalancerPlan {
  const mine = services.filter(handles).sort(byAge);
  const owner = new Map<string, Service>();
  const want = new Map<Service, string>();
  const failed = new Map<Service, string>();
  const fail = (svc: Service, why: string): void => void failed.set(svc, `Failed to allocate IP for ${JSON.stringify(serviceKey(svc))}: ${why}`);
  const take = (svc: Service, ip: string): void => {
    owner.set(ip, svc);
    want.set(svc, ip);
  };

  for (const svc of mine) {
    const families = svc.spec?.ipFamilies;
    if (families?.length && !families.includes(pool.family)) {
      fail(svc, `no available IPs of the Service's IP families ${JSON.stringify(families)} (the pool ${pool.text} is ${pool.family})`);
      continue;
    }
    const requested = svc.spec?.loadBalancerIP ? poolAddress(pool, svc.spec.loadBalancerIP) : undefined;
    const held = ingressIPs(svc).map((ip) => poolAddress(pool, ip)).find((ip) => ip !== undefined && !owner.has(ip));
    if (held && (!svc.spec?.loadBalancerIP || held === requested)) take(svc, held);
  }
  for (const svc of mine) {
    const asked = svc.spec?.loadBalancerIP;
    if (want.has(svc) || failed.has(svc) || !asked) continue;
    const ip = poolAddress(pool, asked);
    if (!ip) fail(svc, `${JSON.stringify(asked)} is not allowed in config`);
    else if (owner.has(ip)) fail(svc, `${JSON.stringify(ip)} is already in use by ${serviceKey(owner.get(ip)!)}`);
    else take(svc, ip);
  }
  const free = freeIPs(pool, owner.keys());
  for (const svc of mine) {
    if (want.has(svc) || failed.has(svc)) continue;
    const next = free.next();
    if (next.done) fail(svc, 'no available IPs');
    else take(svc, next.value);
  }

  const plan: LoadBalancerPlan = { toUpdate: [], allocated: [], failed: [...failed].map(([service, message]) => ({ service, message })) };
  for (const svc of services) {
    const ip = want.get(svc);
    const ips = ip ? [ip] : [];
    const current = ingressIPs(svc);
    // Another class's Service is someone else's; a handled one or a non-LoadBalancer one is ours to correct.
    if (!handles(svc) && svc.spec?.type === 'LoadBalancer') continue;
    if (current.length === ips.length && current.every((x, i) => x === ips[i])) continue;
    plan.toUpdate.push({ service: svc, ips });
    if (ip) plan.allocated.push({ service: svc, ip });
  }
  return plan;
}
