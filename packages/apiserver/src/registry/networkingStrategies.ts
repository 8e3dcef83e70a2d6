/**
 * Strategies for the networking.k8s.io/v1 kinds behind ClusterIP allocation.
 *
 * Contract
 * - ServiceCIDR: validated as kube does; creating one adds its CIDRs to the ClusterIP
 *   allocator at once (the set grows at run time), deleting one removes them, refused with 409
 *   while IPs only it covers are allocated. Status is reset on create, as in kube.
 * - A ServiceCIDR hands out ClusterIPs only while open (`serviceCIDROpen`): once it is
 *   terminating, or its Ready condition is not True, no new IP comes from it, as kube's
 *   MetaAllocator skips such ranges; IPs it holds stay held.
 * - IPAddress: the object *is* the reservation. One created by a user reserves its IP when a
 *   range covers it; deleting one frees the IP unless its parent Service still holds it (then
 *   the bit stays set; recreating the object is the repair controller's job, as in kube).
 *   The Service strategy sets or clears the bit itself before it writes these objects, so the
 *   hooks here see no change to make for them.
 * Upstream: pkg/registry/networking/servicecidr/strategy.go, pkg/registry/networking/ipaddress/strategy.go
 */
import { NotFound, field, findResourceByKind, Invalid, type KubeObject } from '@miniplane/api';
import { displayIP } from '@miniplane/api/allocators/index';
import {
  ipAddressNameValidator,
  validateIPAddress,
  validateIPAddressUpdate,
  validateServiceCIDR,
  validateServiceCIDRUpdate,
  type IPAddressObject,
  type ServiceCIDRObject,
} from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import type { ResourceRegistry } from './resourceRegistry.js';
import type { ClusterAllocators } from './serviceAllocation.js';
import type { Strategy } from '@miniplane/api/scheme/strategy';

const serviceInfo = findResourceByKind('v1', 'Service')!;

export interface NetworkingStrategyDeps {
  alloc: ClusterAllocators;
  registry: () => ResourceRegistry;
}

function cidrsOf(obj: KubeObject): string[] {
  return (obj as ServiceCIDRObject).spec?.cidrs ?? [];
}

/**
 * Whether a ServiceCIDR may hand out IPs: not terminating, and Ready True or no Ready condition
 * at all (kube assumes ready when no controller has reported yet).
 * Upstream: pkg/registry/core/service/ipallocator/cidrallocator.go (isReady, syncAllocators)
 */
export function serviceCIDROpen(obj: KubeObject): boolean {
  if (obj.metadata.deletionTimestamp) return false;
  const ready = (obj as ServiceCIDRObject).status?.conditions?.find((c) => c.type === 'Ready');
  return !ready || ready.status === 'True';
}

export function serviceCIDRStrategy(deps: NetworkingStrategyDeps): Strategy {
  return {
    prepareForCreate(obj) {
      obj.status = {};
    },
    prepareForUpdate(next, old) {
      next.status = structuredClone(old.status ?? {});
    },
    validate: (obj) => validateServiceCIDR(obj as ServiceCIDRObject),
    validateUpdate: (next, old) => [...validateServiceCIDRUpdate(next as ServiceCIDRObject, old as ServiceCIDRObject), ...validateServiceCIDR(next as ServiceCIDRObject)],
    beginCreate(obj, ctx) {
      const cidrs = cidrsOf(obj);
      const errs = cidrs.flatMap((c, i) => {
        const why = deps.alloc.unsupportedCIDR(c);
        return why ? [field.invalid(`spec.cidrs[${i}]`, c, why)] : [];
      });
      if (errs.length) throw new Invalid({ group: 'networking.k8s.io', kind: 'ServiceCIDR' }, obj.metadata.name ?? '', errs);
      for (const c of cidrs) deps.alloc.addCIDR(c, ctx);
    },
    afterUpdate(next, _old, ctx) {
      deps.alloc.setServiceCIDROpen(next.metadata.name ?? '', cidrsOf(next), serviceCIDROpen(next), ctx);
    },
    afterDelete(old, ctx) {
      for (const c of cidrsOf(old)) deps.alloc.removeCIDR(c, old.metadata.name ?? '', ctx);
    },
  };
}

export function ipAddressStrategy(deps: NetworkingStrategyDeps): Strategy {
  return {
    nameValidator: ipAddressNameValidator,
    validate: (obj) => validateIPAddress(obj as IPAddressObject),
    validateUpdate: (next, old) => [...validateIPAddressUpdate(next as IPAddressObject, old as IPAddressObject), ...validateIPAddress(next as IPAddressObject)],
    beginCreate(obj, ctx) {
      const ip = obj.metadata.name ?? '';
      if (deps.alloc.ips.contains(ip) && !deps.alloc.ips.has(ip)) deps.alloc.reserveIP(ip, ctx);
    },
    afterDelete(old, ctx) {
      const ip = old.metadata.name ?? '';
      if (deps.alloc.ips.has(ip) && !parentHolds(deps, old as IPAddressObject)) deps.alloc.releaseIP(ip, ctx);
    },
  };
}

/** True if the IPAddress's parent Service exists and still lists the IP among its clusterIPs. */
function parentHolds(deps: NetworkingStrategyDeps, ipa: IPAddressObject): boolean {
  const ref = ipa.spec?.parentRef;
  if (!ref || ref.resource !== 'services' || (ref.group ?? '') !== '' || !ref.name) return false;
  try {
    const svc = deps.registry().get(serviceInfo, ref.namespace, ref.name) as Service;
    return (svc.spec?.clusterIPs ?? []).some((ip) => ip !== 'None' && displayIP(ip) === ipa.metadata.name);
  } catch (e) {
    if (e instanceof NotFound) return false;
    throw e;
  }
}
