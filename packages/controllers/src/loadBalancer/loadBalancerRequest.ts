/**
 * requestOf: what one LoadBalancer Service asks the pool for — which IP families, whether each
 * of them is required, and which addresses the user pinned — or why it cannot be served at all.
 *
 * Contract
 * - Families: `spec.ipFamilies`, in that order (the ingress list follows it). A Service without
 *   them (never the case once the apiserver defaulted it) asks for the family of the pool's
 *   first range, as the single-range controller always did.
 * - `PreferDualStack` with two families: each family is optional, a family the pool has no range
 *   for is dropped silently (MetalLB hands out what the pool has); at least one must remain.
 *   Otherwise (SingleStack, RequireDualStack) every family is required, and one without a range
 *   fails the Service: MetalLB assigns nothing rather than half a dual-stack address.
 * - Pinned addresses: the annotation `metallb.io/loadBalancerIPs` (or the deprecated
 *   `metallb.universe.tf/loadBalancerIPs`; the stable key wins), a comma-separated list of at
 *   most one address per family, or the deprecated single `spec.loadBalancerIP` — not both.
 *   Each pin serves its own family; families without a pin are allocated. (MetalLB refuses a
 *   pin list that does not cover every family of the Service; here a dual-stack Service may pin
 *   one family — the only way `spec.loadBalancerIP` can serve one.) A pin of a family the
 *   Service does not have, or outside every range, fails the Service. Messages are MetalLB's.
 * Pure: no I/O; inputs are not modified.
 * Upstream (behaviour): metallb/metallb controller/service.go (getDesiredLbIPs, allocateIPs),
 * internal/allocator/allocator.go (Assign's dual-stack checks), internal/allocator/allocation.go
 */
import { parseIP, type IPFamily } from '@miniplane/api/allocators/cidr';
import { poolFamilies, poolsAddress, type LoadBalancerPools } from '@miniplane/api/loadBalancerPool';
import type { Service } from '@miniplane/api/service/types';

export const loadBalancerIPsAnnotation = 'metallb.io/loadBalancerIPs';
export const deprecatedLoadBalancerIPsAnnotation = 'metallb.universe.tf/loadBalancerIPs';

export interface LoadBalancerRequest {
  /** The families to serve, in `spec.ipFamilies` order, those without a range already dropped. */
  families: IPFamily[];
  /** PreferDualStack: a family may stay without an address as long as one gets one. */
  prefer: boolean;
  /** Pinned address (canonical text, inside the pool) per family. */
  pinned: Map<IPFamily, string>;
}

/** The Service's request, or the reason (MetalLB's words) it cannot get any address. */
export function requestOf(svc: Service, pools: LoadBalancerPools): LoadBalancerRequest | { error: string } {
  const have = poolFamilies(pools);
  const asked = serviceFamilies(svc, have[0]!);
  const prefer = svc.spec?.ipFamilyPolicy === 'PreferDualStack' && asked.length > 1;
  const families = asked.filter((f) => have.includes(f));
  if (prefer ? families.length === 0 : families.length < asked.length) {
    return { error: `no available IPs of the Service's IP families ${JSON.stringify(asked)} (the pool ${pools.text} is ${have.join(' and ')})` };
  }
  const pins = pinnedIPs(svc);
  if ('error' in pins) return pins;
  const pinned = new Map<IPFamily, string>();
  for (const [family, ip] of pins.ips) {
    if (!asked.includes(family)) return { error: `requested loadBalancer IP(s) ${goQuoted(pins.text)} does not match the ipFamily of the service` };
    const inPool = poolsAddress(pools, ip);
    if (!inPool) return { error: `${JSON.stringify(ip)} is not allowed in config` };
    pinned.set(family, inPool);
  }
  return { families, prefer, pinned };
}

/** `spec.ipFamilies` as families; without them, the pool's first family. */
function serviceFamilies(svc: Service, fallback: IPFamily): IPFamily[] {
  const given = (svc.spec?.ipFamilies ?? []).filter((f): f is IPFamily => f === 'IPv4' || f === 'IPv6');
  return given.length ? given : [fallback];
}

type Pins = { ips: Array<[IPFamily, string]>; text: string[] } | { error: string };

/** The pinned addresses, as MetalLB's getDesiredLbIPs and Assign read and check them. */
function pinnedIPs(svc: Service): Pins {
  const annotations = svc.metadata.annotations ?? {};
  const list = annotations[loadBalancerIPsAnnotation] ?? annotations[deprecatedLoadBalancerIPsAnnotation] ?? '';
  const single = svc.spec?.loadBalancerIP ?? '';
  if (list !== '' && single !== '') return { error: `service can not have both ${loadBalancerIPsAnnotation} and svc.Spec.LoadBalancerIP` };
  if (list === '' && single === '') return { ips: [], text: [] };
  const text = list !== '' ? list.split(',').map((s) => s.trim()) : [single];
  const ips: Array<[IPFamily, string]> = [];
  for (const t of text) {
    const ip = parseIP(t);
    // Why: an unreadable spec.loadBalancerIP kept the single-range controller's wording.
    if (!ip) return { error: list !== '' ? `invalid ${loadBalancerIPsAnnotation}: ${JSON.stringify(list)}` : `${JSON.stringify(single)} is not allowed in config` };
    ips.push([ip.family, t]);
  }
  if (ips.length > 2) return { error: `more than two addresses ${goQuoted(text)}` };
  if (ips.length === 2 && ips[0]![0] === ips[1]![0]) return { error: `${JSON.stringify(text[0])} ${JSON.stringify(text[1])} has the same family` };
  return { ips, text };
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
export function goQuoted(items: readonly string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(' ')}]`;
}
