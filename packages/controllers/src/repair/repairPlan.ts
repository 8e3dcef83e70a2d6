/**
 * planRepair: one pass of the ClusterIP and NodePort repair controllers, as a pure function of
 * the Services, the IPAddress objects, the ServiceCIDRs and the node-port range.
 *
 * Contract
 * - Nothing in use is ever re-allocated or taken away: the plan only creates missing IPAddress
 *   objects, recreates ones that point at the wrong parent, deletes leaked ones, and reports.
 * - One IPAddress per ClusterIP, named by the IP (canonical text), parentRef = the Service:
 *
 *     Service S [10.96.0.7] ── IPAddress 10.96.0.7 → S      ok
 *     Service S [10.96.0.7] ── (none)                       create for S     ClusterIPNotAllocated
 *     Service S [10.96.0.7] ── IPAddress 10.96.0.7 → X      recreate for S   ClusterIPNotAllocated
 *        (X is no Service that holds 10.96.0.7, or not a Service at all)
 *     Services S, T [10.96.0.7]                             report on all but the owner
 *                                                           ClusterIPAlreadyAllocated
 *     (no Service)  ── IPAddress 10.96.0.7 → X (ours)       leaked: delete after the grace period
 *
 *   The owner of a contested IP is the Service its IPAddress names; failing that the oldest
 *   claimant (creationTimestamp, then namespace/name). A ClusterIP outside every ServiceCIDR is
 *   reported (ClusterIPOutOfRange) and left alone.
 * - Leaks: only IPAddress objects managed by the ClusterIP allocator (label
 *   `ipaddress.kubernetes.io/managed-by: ipallocator.k8s.io`) are ever deleted, and only once they
 *   have been seen leaked (no Service claims their IP) for `leakGracePeriodMs` — a Service being
 *   created, or a cache that lags the other, must not lose its IP. `state.leakedSince` (IPAddress
 *   uid → first seen leaked) is carried from pass to pass; the plan returns the next one.
 * - NodePorts (kube's port repair): a port outside the range → PortOutOfRange; a port claimed by
 *   two Services → PortAlreadyAllocated on all but the first in namespace/name order (kube walks
 *   its Service LIST, in key order, and reports each later claimant). Node ports leave no objects behind,
 *   so there is nothing to create or delete for them.
 * - Events carry kube's reasons and messages; each action's Event is to be emitted only if its
 *   write succeeds. Inputs are never modified.
 * Upstream: pkg/registry/core/service/ipallocator/controller/repairip.go,
 * pkg/registry/core/service/portallocator/controller/repair.go
 */
import type { KubeObject } from '@miniplane/api';
import { cidrContains, formatIP, parseCIDR, parseIP, formatPortRange, portRangeContains, type ParsedCIDR, type PortRange } from '@miniplane/api/allocators/index';
import { allocatedValues } from '@miniplane/api/service/allocation';
import { IPAllocatorManager, ManagedByLabel, IPFamilyLabel, serviceIPAddress } from '@miniplane/api/service/kubernetesService';
import type { IPAddressObject, ParentReference, ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import { byAge, byKey } from '../serviceOrder.js';

export const ipRepairComponent = 'ipallocator-repair-controller';
export const portRepairComponent = 'portallocator-repair-controller';

export interface PlannedEvent {
  regarding: KubeObject;
  component: typeof ipRepairComponent | typeof portRepairComponent;
  reason: string;
  message: string;
}

export interface IPAddressCreate {
  ipAddress: IPAddressObject;
  /** The Service it is created for (the shell re-checks it still holds the IP). */
  service: Service;
  event?: PlannedEvent;
}

export interface IPAddressDelete {
  name: string;
  /** Precondition: delete only this incarnation. */
  uid?: string;
  /** True for a leak (the shell re-checks no Service holds the IP); false for the first half of a recreate. */
  leak: boolean;
  parentRef?: ParentReference;
  event?: PlannedEvent;
}

export interface RepairState {
  now: number;
  leakGracePeriodMs: number;
  /** IPAddress uid → when it was first seen leaked. */
  leakedSince: ReadonlyMap<string, number>;
}

export interface RepairPlan {
  /** Run first; a recreate's delete comes before its create. */
  toDelete: IPAddressDelete[];
  toCreate: IPAddressCreate[];
  /** Conflicts to report; nothing to write. */
  warnings: PlannedEvent[];
  leakedSince: Map<string, number>;
  /** When the earliest pending leak's grace period ends, if one is pending. */
  nextLeakDeadline?: number;
}

export function planRepair(
  services: readonly Service[],
  ipAddresses: readonly IPAddressObject[],
  serviceCIDRs: readonly ServiceCIDRObject[],
  nodePortRange: PortRange,
  state: RepairState,
): RepairPlan {
  const plan: RepairPlan = { toDelete: [], toCreate: [], warnings: [], leakedSince: new Map() };
  const sorted = [...services].sort(byAge);
  const claims = collectClaims(sorted, serviceCIDRs.flatMap((c) => (c.spec?.cidrs ?? []).map(parseCIDR).filter((x): x is ParsedCIDR => !!x)), plan);
  const ipaByName = new Map(ipAddresses.map((a) => [a.metadata.name ?? '', a]));
  for (const [ip, claimants] of claims) planClaimedIP(ip, claimants, ipaByName.get(ip), plan);
  for (const ipa of ipAddresses) {
    if (!claims.has(ipa.metadata.name ?? '')) planUnclaimedIPAddress(ipa, services, state, plan);
  }
  planNodePorts([...services].sort(byKey), nodePortRange, plan);
  return plan;
}

function warn(regarding: KubeObject, reason: string, message: string): PlannedEvent {
  return { regarding, component: ipRepairComponent, reason, message };
}

/** Canonical ClusterIP → the Services that hold it, oldest first; reports invalid and out-of-range IPs. */
function collectClaims(sorted: readonly Service[], cidrs: readonly ParsedCIDR[], plan: RepairPlan): Map<string, Service[]> {
  const claims = new Map<string, Service[]>();
  for (const svc of sorted) {
    for (const text of new Set(allocatedValues(svc).ips)) {
      const ip = parseIP(text);
      if (!ip) {
        plan.warnings.push(warn(svc, 'ClusterIPNotValid', `Cluster IP ${text} is not a valid IP; please recreate Service`));
        continue;
      }
      const name = formatIP(ip.family, ip.value);
      if (!cidrs.some((c) => cidrContains(c, ip))) {
        plan.warnings.push(warn(svc, 'ClusterIPOutOfRange', `Cluster IP [${ip.family}]: ${name} is not within any configured Service CIDR; please recreate service`));
        continue;
      }
      const list = claims.get(name) ?? [];
      list.push(svc);
      claims.set(name, list);
    }
  }
  return claims;
}

function refersTo(ref: ParentReference | undefined, svc: Service): boolean {
  return isServiceRef(ref) && ref!.namespace === svc.metadata.namespace && ref!.name === svc.metadata.name;
}

function isServiceRef(ref: ParentReference | undefined): boolean {
  return !!ref && (ref.group ?? '') === '' && ref.resource === 'services';
}

function hasAllocatorLabels(ipa: IPAddressObject, family: string): boolean {
  const l = ipa.metadata.labels ?? {};
  return l[ManagedByLabel] === IPAllocatorManager && l[IPFamilyLabel] === family;
}

function planClaimedIP(ip: string, claimants: readonly Service[], ipa: IPAddressObject | undefined, plan: RepairPlan): void {
  const family = parseIP(ip)!.family;
  const owner = claimants.find((s) => refersTo(ipa?.spec?.parentRef, s)) ?? claimants[0]!;
  const { namespace = '', name = '' } = owner.metadata;
  const create = (event?: PlannedEvent): void => void plan.toCreate.push({ ipAddress: serviceIPAddress(ip, namespace, name), service: owner, event });
  if (!ipa) {
    create(warn(owner, 'ClusterIPNotAllocated', `Cluster IP [${family}]: ${ip} is not allocated; repairing`));
  } else if (!refersTo(ipa.spec?.parentRef, owner)) {
    plan.toDelete.push({ name: ip, uid: ipa.metadata.uid, leak: false, parentRef: ipa.spec?.parentRef });
    create(warn(owner, 'ClusterIPNotAllocated', `the ClusterIP [${family}]: ${ip} for Service ${namespace}/${name} has a wrong reference; repairing`));
  } else if (!hasAllocatorLabels(ipa, family)) {
    // kube recreates an IPAddress whose allocator labels were changed, without an Event.
    plan.toDelete.push({ name: ip, uid: ipa.metadata.uid, leak: false, parentRef: ipa.spec?.parentRef });
    create();
  }
  for (const other of claimants) {
    if (other !== owner) plan.warnings.push(warn(other, 'ClusterIPAlreadyAllocated', `Cluster IP [${family}]:${ip} was assigned to multiple services; please recreate service`));
  }
}

/** An IPAddress no Service claims: ours and past the grace period → delete; else remember when first seen. */
function planUnclaimedIPAddress(ipa: IPAddressObject, services: readonly Service[], state: RepairState, plan: RepairPlan): void {
  if (ipa.metadata.labels?.[ManagedByLabel] !== IPAllocatorManager) return;
  const uid = ipa.metadata.uid ?? ipa.metadata.name ?? '';
  const since = state.leakedSince.get(uid) ?? state.now;
  const deadline = since + state.leakGracePeriodMs;
  if (state.now < deadline) {
    plan.leakedSince.set(uid, since);
    plan.nextLeakDeadline = Math.min(plan.nextLeakDeadline ?? Infinity, deadline);
    return;
  }
  const ip = ipa.metadata.name ?? '';
  const ref = ipa.spec?.parentRef;
  const parent = isServiceRef(ref) ? services.find((s) => refersTo(ref, s)) : undefined;
  const message = !isServiceRef(ref)
    ? `IPAddress ${ip} appears to have been modified, not referencing a Service &{${ref?.group ?? ''} ${ref?.resource ?? ''} ${ref?.namespace ?? ''} ${ref?.name ?? ''}}: cleaning up`
    : parent
      ? `IPAddress: ${ip} for Service ${ref!.namespace}/${ref!.name} has a wrong reference; cleaning up`
      : `IPAddress: ${ip} for Service ${ref!.namespace}/${ref!.name} appears to have leaked: cleaning up`;
  const reason = parent ? 'IPAddressWrongReference' : 'IPAddressNotAllocated';
  plan.toDelete.push({ name: ip, uid: ipa.metadata.uid, leak: true, parentRef: ref, event: warn(ipa, reason, message) });
}

function planNodePorts(inKeyOrder: readonly Service[], range: PortRange, plan: RepairPlan): void {
  const owners = new Map<number, Service>();
  const rangeText = formatPortRange(range);
  const event = (svc: Service, reason: string, message: string): PlannedEvent => ({ regarding: svc, component: portRepairComponent, reason, message });
  for (const svc of inKeyOrder) {
    // A port number used by a TCP and a UDP entry of one Service is one allocation.
    for (const port of new Set(allocatedValues(svc).ports)) {
      if (!portRangeContains(range, port)) {
        plan.warnings.push(event(svc, 'PortOutOfRange', `Port ${port} is not within the port range ${rangeText}; please recreate service`));
      } else if (owners.has(port)) {
        plan.warnings.push(event(svc, 'PortAlreadyAllocated', `Port ${port} was assigned to multiple services; please recreate service`));
      } else {
        owners.set(port, svc);
      }
    }
  }
}
