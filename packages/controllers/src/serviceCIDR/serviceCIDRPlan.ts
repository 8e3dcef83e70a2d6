/**
 * planServiceCIDR: what the ServiceCIDR controller writes for one ServiceCIDR, as a pure
 * function of it, every ServiceCIDR, every IPAddress and the time.
 *
 * Contract
 * - Live ServiceCIDR: add the finalizer `networking.k8s.io/service-cidr-finalizer` if missing,
 *   and set condition Ready True (reason "", message "Kubernetes Service CIDR is ready").
 * - Terminating ServiceCIDR:
 *   - blocked — some CIDR of it is contained in no other ServiceCIDR, and some IPAddress managed
 *     by the apiserver's allocator (label `ipaddress.kubernetes.io/managed-by: ipallocator.k8s.io`)
 *     is contained in this ServiceCIDR alone: condition Ready False, reason Terminating, and the
 *     finalizer stays;
 *   - otherwise the finalizer is removed once 10 s have passed since deletionTimestamp (so every
 *     allocator has seen the deletion before the range goes); before that, plan again then.
 * - A condition is written only when its status, reason or message differ from the current
 *   Ready condition; its lastTransitionTime is `now` (kube's updateConditionIfNeeded).
 * - "Contained" follows kube: a CIDR's network address, and an IPv4 CIDR's broadcast address,
 *   are not in it. Terminating ServiceCIDRs still count as containing.
 * Inputs are never modified.
 * Upstream: pkg/controller/servicecidrs/servicecidrs_controller.go (sync, canDeleteCIDR),
 * pkg/api/servicecidr/servicecidr.go (ContainsPrefix, ContainsAddress, OverlapsPrefix)
 */
import { metaTime } from '@miniplane/api/metaTime';
import { cidrContains, cidrSize, cidrsOverlap, parseCIDR, parseIP, type ParsedCIDR, type ParsedIP } from '@miniplane/api/allocators/index';
import { IPAllocatorManager, IPFamilyLabel, ManagedByLabel } from '@miniplane/api/service/kubernetesService';
import type { IPAddressObject, ServiceCIDRCondition, ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';

export const serviceCIDRProtectionFinalizer = 'networking.k8s.io/service-cidr-finalizer';
/** Field manager of the status writes and the Events' component. */
export const serviceCIDRControllerName = 'service-cidr-controller';
export const serviceCIDRDeletionGracePeriodMs = 10_000;
export const serviceCIDRReadyMessage = 'Kubernetes Service CIDR is ready';
export const serviceCIDRTerminatingReason = 'Terminating';
export const serviceCIDRTerminatingMessage = 'There are still IPAddresses referencing the ServiceCIDR, please remove them or create a new ServiceCIDR';

export interface ServiceCIDRPlan {
  addFinalizer: boolean;
  removeFinalizer: boolean;
  /** The Ready condition to apply, when it differs from the current one. */
  condition?: ServiceCIDRCondition;
  /** Plan this ServiceCIDR again after this many ms (its deletion grace period runs). */
  requeueAfterMs?: number;
}

export function planServiceCIDR(
  cidr: ServiceCIDRObject,
  all: readonly ServiceCIDRObject[],
  /** Read only for a ServiceCIDR being deleted (a live one needs no IPAddress: no O(IPs) work per IP created). */
  ipAddresses: () => readonly IPAddressObject[],
  now: number,
): ServiceCIDRPlan {
  const plan: ServiceCIDRPlan = { addFinalizer: false, removeFinalizer: false };
  const hasFinalizer = (cidr.metadata.finalizers ?? []).includes(serviceCIDRProtectionFinalizer);
  const deleting = cidr.metadata.deletionTimestamp;
  if (!deleting) {
    plan.addFinalizer = !hasFinalizer;
    plan.condition = conditionIfNeeded(cidr, { type: 'Ready', status: 'True', reason: '', message: serviceCIDRReadyMessage }, now);
    return plan;
  }
  if (!canDeleteServiceCIDR(cidr, all, ipAddresses())) {
    plan.condition = conditionIfNeeded(cidr, { type: 'Ready', status: 'False', reason: serviceCIDRTerminatingReason, message: serviceCIDRTerminatingMessage }, now);
    return plan;
  }
  const wait = serviceCIDRDeletionGracePeriodMs - (now - Date.parse(deleting));
  if (wait > 0) plan.requeueAfterMs = wait;
  else plan.removeFinalizer = hasFinalizer;
  return plan;
}

/** Whether deleting `cidr` orphans no allocated IPAddress (kube's canDeleteCIDR). */
export function canDeleteServiceCIDR(cidr: ServiceCIDRObject, all: readonly ServiceCIDRObject[], ipAddresses: readonly IPAddressObject[]): boolean {
  const name = cidr.metadata.name;
  const own = prefixesOf(cidr);
  // Every CIDR inside another ServiceCIDR (or one with the same CIDR): all its IPs stay covered.
  const hasParent = own.every((p) => all.some((o) => o.metadata.name !== name && prefixesOf(o).some((q) => containsPrefix(q, p))));
  if (hasParent) return true;
  const families = new Set(own.map((p) => p.family));
  for (const ipa of ipAddresses) {
    const labels = ipa.metadata.labels ?? {};
    if (labels[ManagedByLabel] !== IPAllocatorManager || !families.has(labels[IPFamilyLabel] as ParsedIP['family'])) continue;
    const holders = containingServiceCIDRs(ipa, all);
    if (holders.length === 1 && holders[0] === name) return false;
  }
  return true;
}

/** Names of the ServiceCIDRs overlapping any CIDR of `cidr` (itself included, if listed). */
export function overlappingServiceCIDRs(cidr: ServiceCIDRObject, all: readonly ServiceCIDRObject[]): string[] {
  const own = prefixesOf(cidr);
  return names(all.filter((o) => prefixesOf(o).some((q) => own.some((p) => cidrsOverlap(p, q)))));
}

/** Names of the ServiceCIDRs containing an allocator-managed IPAddress (none for others). */
export function containingServiceCIDRs(ipa: IPAddressObject, all: readonly ServiceCIDRObject[]): string[] {
  if (ipa.metadata.labels?.[ManagedByLabel] !== IPAllocatorManager) return [];
  const ip = parseIP(ipa.metadata.name ?? '');
  if (!ip) return [];
  return names(all.filter((o) => prefixesOf(o).some((p) => containsIP(p, ip))));
}

function conditionIfNeeded(cidr: ServiceCIDRObject, want: Omit<ServiceCIDRCondition, 'lastTransitionTime'>, now: number): ServiceCIDRCondition | undefined {
  const cur = cidr.status?.conditions?.find((c) => c.type === want.type);
  if (cur && cur.status === want.status && (cur.reason ?? '') === want.reason && (cur.message ?? '') === want.message) return undefined;
  return { ...want, lastTransitionTime: metaTime(now) };
}

function prefixesOf(cidr: ServiceCIDRObject): ParsedCIDR[] {
  return (cidr.spec?.cidrs ?? []).map(parseCIDR).filter((p): p is ParsedCIDR => p !== undefined);
}

/** `outer` contains `inner` (equal prefixes included). */
function containsPrefix(outer: ParsedCIDR, inner: ParsedCIDR): boolean {
  return cidrsOverlap(outer, inner) && outer.prefix <= inner.prefix;
}

/** Inside the prefix, but not its network address nor, for IPv4, its broadcast address. */
function containsIP(p: ParsedCIDR, ip: ParsedIP): boolean {
  if (!cidrContains(p, ip) || ip.value === p.network) return false;
  return p.family !== 'IPv4' || ip.value !== p.network + cidrSize(p) - 1n;
}

function names(cidrs: readonly ServiceCIDRObject[]): string[] {
  return [...new Set(cidrs.map((c) => c.metadata.name ?? ''))];
}
