/**
 * What a Service write allocates and releases: ClusterIPs per family, NodePorts (one per
 * service port number, shared by its TCP and UDP entries) and the healthCheckNodePort.
 *
 * Contract
 * - The functions drive the allocators they are given (`ServiceAllocators`), return the new
 *   Service with the allocated values filled in, and never edit their input.
 * - Releases are returned, not performed, so an update never re-hands-out a value it frees in
 *   the same write (kube defers them until the write commits).
 * - Errors are kube's: a chosen IP or port that is taken or out of range → 422 Invalid on
 *   `spec.clusterIPs` / `spec.ports[i].nodePort`; an exhausted range → 500 InternalError
 *   `failed to allocate a serviceIP: range is full` / `failed to allocate a nodePort: ...`.
 *   When one throws, values already allocated through `al` are the caller's to undo (the
 *   apiserver rolls its transaction back, allocators included).
 * Upstream: pkg/registry/core/service/storage/alloc.go
 */
import { AllocatorError } from '../allocators/errors.js';
import { InternalError, Invalid } from '../errors.js';
import { field } from '../fieldError.js';
import { goStrings, GoLiteralFieldError } from './goLiteral.js';
import { initIPFamilyFields, isMatchingPreferDualStack, serviceKind, type ClusterFamilies } from './ipFamilies.js';
import {
  ClusterIPNone,
  collectNodePorts,
  needsHealthCheck,
  needsNodePort,
  shouldAllocateNodePorts,
  type IPFamily,
  type Service,
  type ServiceSpec,
} from './types.js';

export interface ServiceAllocators {
  /** Reserve a chosen IP; throws an AllocatorError (NotInRange, AlreadyAllocated). */
  allocateIP(ip: string): void;
  /** Reserve any free IP of the family; throws RangeFull. */
  allocateNextIP(family: IPFamily): string;
  allocatePort(port: number): void;
  allocateNextPort(): number;
}

export interface AllocationResult {
  service: Service;
  releaseIPs: string[];
  releasePorts: number[];
}

/** Allocates everything a new Service needs. */
export function allocateForCreate(input: Service, cluster: ClusterFamilies, al: ServiceAllocators): Service {
  const svc = initIPFamilyFields(input, undefined, cluster);
  const s = (svc.spec ??= {});
  allocateClusterIPs(svc, s.ipFamilies ?? [], al);
  if (needsNodePort(svc)) initNodePorts(svc, al);
  if (needsHealthCheck(svc)) allocateHealthCheckNodePort(svc, al);
  return svc;
}

/** Allocates what an update adds and lists what it releases (type changes, dual-stack changes). */
export function allocateForUpdate(input: Service, old: Service, cluster: ClusterFamilies, al: ServiceAllocators): AllocationResult {
  const svc = initIPFamilyFields(input, old, cluster);
  const releaseIPs = updateClusterIPs(svc, old, al);
  const releasePorts = updateNodePorts(svc, old, al);
  return { service: svc, releaseIPs, releasePorts };
}

/** Everything a stored Service holds, to release on delete or to rebuild allocators from. */
export function allocatedValues(svc: Service): { ips: string[]; ports: number[] } {
  const s = svc.spec ?? {};
  const hasIPs = s.type !== 'ExternalName' && s.clusterIPs?.[0] !== ClusterIPNone;
  const ports = collectNodePorts(svc);
  if (needsHealthCheck(svc) && s.healthCheckNodePort) ports.push(s.healthCheckNodePort);
  return { ips: hasIPs ? (s.clusterIPs ?? []).filter((ip) => ip !== '') : [], ports };
}

function spec(svc: Service): ServiceSpec {
  return (svc.spec ??= {});
}

function isAllocatorError(e: unknown): e is AllocatorError {
  return e instanceof AllocatorError;
}

/** Fills clusterIPs[i] for each family i in `families`, allocating chosen or next free IPs. */
function allocateClusterIPs(svc: Service, families: readonly string[], al: ServiceAllocators, from = 0): string[] {
  const s = spec(svc);
  if (s.type === 'ExternalName' || s.clusterIPs?.[0] === ClusterIPNone) return [];
  const ips = (s.clusterIPs = [...(s.clusterIPs ?? [])]);
  const allocated: string[] = [];
  for (let i = from; i < families.length; i++) {
    if (i >= ips.length) ips.push(''); // a marker: allocate any
    const wanted = ips[i]!;
    try {
      if (wanted === '') ips[i] = al.allocateNextIP(families[i] as IPFamily);
      else al.allocateIP(wanted);
    } catch (e) {
      if (!isAllocatorError(e)) throw e;
      if (wanted === '') throw new InternalError(`failed to allocate a serviceIP: ${e.message}`);
      const err = new GoLiteralFieldError('FieldValueInvalid', 'spec.clusterIPs', goStrings(ips), `failed to allocate IP ${wanted}: ${e.message}`);
      throw new Invalid(serviceKind, svc.metadata.name ?? '', [err]);
    }
    allocated.push(ips[i]!);
  }
  s.clusterIP = ips[0];
  return allocated;
}

/** kube's cases: A from ExternalName allocates, B to ExternalName releases, C/D dual-stack up/down. */
function updateClusterIPs(svc: Service, old: Service, al: ServiceAllocators): string[] {
  if (isMatchingPreferDualStack(svc, old)) return [];
  const s = spec(svc);
  const o = old.spec ?? {};
  if (o.type === 'ExternalName' && s.type !== 'ExternalName') {
    allocateClusterIPs(svc, s.ipFamilies ?? [], al);
    return [];
  }
  if (o.clusterIPs?.[0] === ClusterIPNone) return [];
  if (o.type !== 'ExternalName' && s.type === 'ExternalName') return [...(o.clusterIPs ?? [])];
  const before = o.ipFamilies?.length ?? 0;
  const after = s.ipFamilies?.length ?? 0;
  if (before === 1 && after === 2) allocateClusterIPs(svc, s.ipFamilies!, al, 1);
  if (before === 2 && after === 1 && o.clusterIPs?.[1]) return [o.clusterIPs[1]];
  return [];
}

/** Reserves a chosen node port for ports[i]; taken or out of range is a 422 on that port. */
function reserveNodePort(svc: Service, i: number, port: number, al: ServiceAllocators): void {
  try {
    al.allocatePort(port);
  } catch (e) {
    if (!isAllocatorError(e)) throw e;
    throw new Invalid(serviceKind, svc.metadata.name ?? '', [field.invalid(`spec.ports[${i}].nodePort`, port, e.message)]);
  }
}

function nextNodePort(al: ServiceAllocators): number {
  try {
    return al.allocateNextPort();
  } catch (e) {
    if (isAllocatorError(e)) throw new InternalError(`failed to allocate a nodePort: ${e.message}`);
    throw e;
  }
}

/**
 * Create: one node port per service port *number*: 53/TCP and 53/UDP share one, the first
 * explicit value among them wins, and an entry asking for a different value gets it too.
 */
function initNodePorts(svc: Service, al: ServiceAllocators): void {
  const ports = (spec(svc).ports ??= []);
  const byServicePort = new Map<number, number>();
  const auto = shouldAllocateNodePorts(svc);
  ports.forEach((p, i) => {
    if (!p.nodePort && !auto) return; // allocateLoadBalancerNodePorts=false: only honour requests
    const shared = byServicePort.get(p.port);
    if (shared === undefined) {
      const requested = ports.find((q) => q.port === p.port && q.nodePort)?.nodePort;
      if (requested) {
        reserveNodePort(svc, i, requested, al);
        p.nodePort = requested;
      } else {
        p.nodePort = nextNodePort(al);
      }
      byServicePort.set(p.port, p.nodePort);
    } else if (p.nodePort !== shared) {
      if (!p.nodePort) p.nodePort = shared;
      else reserveNodePort(svc, i, p.nodePort, al);
    }
  });
}

/** Update: allocate new explicit and missing ports, release the ones no longer used. */
function updateNodePorts(svc: Service, old: Service, al: ServiceAllocators): number[] {
  const release: number[] = [];
  const oldPorts = collectNodePorts(old);
  if (needsNodePort(old) && !needsNodePort(svc)) release.push(...oldPorts);
  if (needsNodePort(svc)) {
    const auto = shouldAllocateNodePorts(svc);
    const taken = new Set<number>();
    spec(svc).ports?.forEach((p, i) => {
      if (!p.nodePort && !auto) return;
      if (!p.nodePort) p.nodePort = nextNodePort(al);
      else if (!oldPorts.includes(p.nodePort) && !taken.has(p.nodePort)) {
        reserveNodePort(svc, i, p.nodePort, al);
        taken.add(p.nodePort);
      }
    });
    const now = new Set(collectNodePorts(svc));
    release.push(...oldPorts.filter((n) => !now.has(n)));
  }
  const needed = needsHealthCheck(old);
  const needs = needsHealthCheck(svc);
  if (!needed && needs) allocateHealthCheckNodePort(svc, al);
  else if (needed && !needs && old.spec?.healthCheckNodePort) release.push(old.spec.healthCheckNodePort);
  return [...new Set(release)];
}

function allocateHealthCheckNodePort(svc: Service, al: ServiceAllocators): void {
  const s = spec(svc);
  const wanted = s.healthCheckNodePort ?? 0;
  try {
    if (wanted) al.allocatePort(wanted);
    else s.healthCheckNodePort = al.allocateNextPort();
  } catch (e) {
    if (!isAllocatorError(e)) throw e;
    throw new InternalError(
      wanted ? `failed to allocate requested HealthCheck NodePort ${wanted}: ${e.message}` : `failed to allocate a HealthCheck NodePort 0: ${e.message}`,
    );
  }
}
