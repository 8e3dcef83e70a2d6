/**
 * The Service strategy: kube's defaulting, validation and ClusterIP/NodePort allocation on the
 * Service write path, inside the write's SQLite transaction.
 *
 * Contract
 * - create: decode (Go's type errors → 400), prepare (the registry has defaulted the body once
 *   already; the strategy does not default again), validate (422), then allocate in
 *   beginCreate, so the response already carries spec.clusterIP(s) and nodePorts. A conflict is
 *   refused at once with kube's 422; a full range is kube's 500.
 * - Every allocated ClusterIP gets an IPAddress object (name = the IP, parentRef = the Service)
 *   written in the same transaction; releasing the IP deletes it, also in that transaction.
 * - update: PrepareForUpdate (keep allocated values, wipe fields the new type drops), validate,
 *   then allocate what the update adds and release what it drops (type changes as kube's
 *   alloc.go: NodePort → LoadBalancer keeps node ports, → ClusterIP/ExternalName releases them,
 *   → ExternalName releases the IPs, ExternalName → ClusterIP allocates).
 * - delete: releases the IPs (and their IPAddress objects) and node ports.
 * - status (`/status` PUT and PATCH): spec stays the stored one; ingress ipMode defaulted to VIP
 *   as kube's decoder does, then only ValidateServiceStatusUpdate runs (422 with its causes).
 * - A rolled-back write (error, dry run) undoes its allocator changes with the transaction.
 * Upstream: pkg/registry/core/service/strategy.go, pkg/registry/core/service/storage/storage.go
 */
import type { ParsedCIDR } from '@miniplane/api/allocators/cidr';
import { AlreadyExists, NotFound, findResourceByKind, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { AlreadyAllocated, displayIP } from '@miniplane/api/allocators/index';
import { allocateForCreate, allocateForUpdate, allocatedValues, type ServiceAllocators } from '@miniplane/api/service/allocation';
import { compactService, decodeService } from '@miniplane/api/service/decode';
import { prepareServiceForCreate, prepareServiceForUpdate } from '@miniplane/api/service/defaults';
import { serviceIPAddress } from '@miniplane/api/service/kubernetesService';
import { validateServiceStatusUpdate } from '@miniplane/api/service/loadBalancerStatusValidation';
import { prepareServiceStatusUpdate } from '@miniplane/api/service/serviceStatus';
import type { Service } from '@miniplane/api/service/types';
import { validateService, validateServiceUpdate } from '@miniplane/api/service/validation';
import { nameIsDNS1035Label } from '@miniplane/api/validation/names';
import type { ResourceRegistry } from './resourceRegistry.js';
import type { ClusterAllocators } from './serviceAllocation.js';
import { replaceWith, type Strategy, type WriteContext } from '@miniplane/api/scheme/strategy';

export const ipAddressInfo: ResourceInfo = findResourceByKind('networking.k8s.io/v1', 'IPAddress')!;

export interface ServiceStrategyDeps {
  alloc: ClusterAllocators;
  registry: () => ResourceRegistry;
  /** `up --dataplane`: loopback externalIPs accepted inside these CIDRs (kube accepts none). */
  loopbackExternalIPs?: readonly ParsedCIDR[];
}

// The registry validates before beginCreate allocates (kube: after), so a healthCheckNodePort
// the allocator is about to fill in is not reported missing.
const pending = { allocationPending: true };

export function serviceStrategy(deps: ServiceStrategyDeps): Strategy {
  const cluster = { families: deps.alloc.families };
  const checks = deps.loopbackExternalIPs ? { ...pending, loopbackExternalIPs: deps.loopbackExternalIPs } : pending;
  return {
    nameValidator: nameIsDNS1035Label,
    // kube's Service strategy allows it: `kubectl replace` of a missing Service creates it.
    allowCreateOnUpdate: true,
    prepareForCreate(obj) {
      replaceWith(obj, compactService(prepareServiceForCreate(decodeService(obj as Service))));
    },
    prepareForUpdate(next, old) {
      replaceWith(next, compactService(prepareServiceForUpdate(decodeService(next as Service), old as Service)));
    },
    validate: (obj) => validateService(obj as Service, checks),
    validateUpdate: (next, old) => validateServiceUpdate(next as Service, old as Service, checks),
    prepareForStatusUpdate(next, _old, body) {
      replaceWith(next, prepareServiceStatusUpdate(next as Service, body));
    },
    validateStatusUpdate: (next) => validateServiceStatusUpdate(next as Service),
    beginCreate(obj, ctx) {
      const svc = obj as Service;
      replaceWith(obj, compactService(allocateForCreate(svc, cluster, serviceAllocators(deps, svc, ctx))));
    },
    beginUpdate(next, old, ctx) {
      // Removing the last finalizer of a deleted Service deletes it: afterDelete releases.
      if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length) return;
      const svc = next as Service;
      const r = allocateForUpdate(svc, old as Service, cluster, serviceAllocators(deps, svc, ctx));
      replaceWith(next, compactService(r.service));
      for (const ip of r.releaseIPs) releaseServiceIP(deps, ip, ctx);
      for (const port of r.releasePorts) deps.alloc.releasePort(port, ctx);
    },
    afterDelete(old, ctx) {
      const { ips, ports } = allocatedValues(old as Service);
      for (const ip of ips) releaseServiceIP(deps, ip, ctx);
      for (const port of ports) deps.alloc.releasePort(port, ctx);
    },
  };
}

/** The allocators as the pure allocation rules drive them, recording IPAddress objects. */
function serviceAllocators(deps: ServiceStrategyDeps, svc: Service, ctx: WriteContext): ServiceAllocators {
  const ns = svc.metadata.namespace ?? '';
  const name = svc.metadata.name ?? '';
  const record = (ip: string): boolean => {
    try {
      deps.registry().createInternal(ipAddressInfo, serviceIPAddress(displayIP(ip), ns, name), ctx);
      return true;
    } catch (e) {
      // Someone holds an IPAddress the bitmap did not know: the IP is taken after all.
      if (e instanceof AlreadyExists) return false;
      throw e;
    }
  };
  return {
    allocateIP(ip) {
      deps.alloc.allocateIP(ip, ctx);
      if (!record(ip)) throw new AlreadyAllocated('IP', displayIP(ip));
    },
    allocateNextIP(family) {
      for (;;) {
        const ip = deps.alloc.allocateNextIP(family, ctx);
        if (record(ip)) return ip;
      }
    },
    allocatePort: (port) => deps.alloc.allocatePort(port, ctx),
    allocateNextPort: () => deps.alloc.allocateNextPort(ctx),
  };
}

/** Frees a ClusterIP and deletes its IPAddress object (already gone is fine). */
function releaseServiceIP(deps: ServiceStrategyDeps, ip: string, ctx: WriteContext): void {
  deps.alloc.releaseIP(ip, ctx);
  try {
    deps.registry().delete(ipAddressInfo, undefined, displayIP(ip));
  } catch (e) {
    if (!(e instanceof NotFound)) throw e;
  }
}
