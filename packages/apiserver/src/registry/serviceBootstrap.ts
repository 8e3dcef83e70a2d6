/**
 * Wires Service allocation into the apiserver and brings it up at start-up.
 *
 * Contract
 * - `createServiceAllocation` parses the ranges (throwing kube's flag errors) and does no I/O.
 * - `register(table)` installs the Service, ServiceCIDR and IPAddress strategies.
 * - `bootstrap()` (after the registry's own bootstrap) loads every stored ServiceCIDR into the
 *   allocator (terminating or not-Ready ones closed), creates the default ServiceCIDR `kubernetes` (status Ready) if missing, rebuilds
 *   the ClusterIP and NodePort bitmaps from the stored Services and IPAddress objects, and
 *   creates `default/kubernetes` if missing. Values no range covers are logged and skipped
 *   (the repair controller reports them).
 * Upstream: pkg/controlplane/controller/defaultservicecidr, pkg/controlplane/controller/kubernetesservice
 */
import { ApiError, findResourceByKind, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { allocatedValues } from '@miniplane/api/service/allocation';
import { DefaultServiceCIDRName, defaultServiceCIDR, kubernetesService, readyServiceCIDRStatus } from '@miniplane/api/service/kubernetesService';
import type { ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';
import type { ParsedCIDR } from '@miniplane/api/allocators/cidr';
import type { Service } from '@miniplane/api/service/types';
import type { Logger } from 'pino';
import { metaTime } from '@miniplane/api/metaTime';
import type { Environment } from './environment.js';
import { objectKey } from './keys.js';
import { ipAddressStrategy, serviceCIDROpen, serviceCIDRStrategy } from './networkingStrategies.js';
import type { ResourceRegistry } from './resourceRegistry.js';
import { ClusterAllocators } from './serviceAllocation.js';
import { ipAddressInfo, serviceStrategy } from './serviceStrategy.js';
import { strategyKey, type StrategyTable } from './strategyTable.js';

const serviceInfo = findResourceByKind('v1', 'Service')!;
const serviceCIDRInfo = findResourceByKind('networking.k8s.io/v1', 'ServiceCIDR')!;

/** kube-apiserver's defaults for miniplane: a /12 like kubeadm's, and kube's node-port range. */
export const DEFAULT_CLUSTER_IP_RANGE = '10.96.0.0/12';
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

export interface ServiceAllocationOptions {
  serviceClusterIPRange?: string;
  serviceNodePortRange?: string;
  /** `up --dataplane`: loopback externalIPs accepted inside these CIDRs (parsed). */
  loopbackExternalIPs?: readonly ParsedCIDR[];
  env: Environment;
  registry: () => ResourceRegistry;
  logger: Logger;
}

export interface ServiceAllocation {
  readonly alloc: ClusterAllocators;
  register(table: StrategyTable): void;
  bootstrap(): void;
  /** Re-derives the ClusterIP and NodePort allocations from the store (after a reset). */
  resync(): void;
}

export function createServiceAllocation(o: ServiceAllocationOptions): ServiceAllocation {
  const alloc = new ClusterAllocators({
    serviceClusterIPRange: o.serviceClusterIPRange ?? DEFAULT_CLUSTER_IP_RANGE,
    serviceNodePortRange: o.serviceNodePortRange ?? DEFAULT_NODE_PORT_RANGE,
    random: o.env.random,
  });
  const deps = { alloc, registry: o.registry, ...(o.loopbackExternalIPs ? { loopbackExternalIPs: o.loopbackExternalIPs } : {}) };
  return {
    alloc,
    register(table) {
      table.set(strategyKey(serviceInfo), serviceStrategy(deps));
      table.set(strategyKey(serviceCIDRInfo), serviceCIDRStrategy(deps));
      table.set(strategyKey(ipAddressInfo), ipAddressStrategy(deps));
    },
    bootstrap: () => bootstrap(alloc, o),
    resync: () => rebuildAllocations(alloc, o),
  };
}

function listAll(registry: ResourceRegistry, info: ResourceInfo): KubeObject[] {
  return registry.list(info, undefined, {}).items;
}

function bootstrap(alloc: ClusterAllocators, o: ServiceAllocationOptions): void {
  const registry = o.registry();
  const cidrs = listAll(registry, serviceCIDRInfo) as ServiceCIDRObject[];
  for (const c of cidrs) {
    for (const cidr of c.spec?.cidrs ?? []) {
      const why = alloc.unsupportedCIDR(cidr);
      if (why) o.logger.warn({ serviceCIDR: c.metadata.name, cidr, why }, 'ServiceCIDR skipped');
      else alloc.addCIDR(cidr);
    }
    alloc.setServiceCIDROpen(c.metadata.name ?? '', c.spec?.cidrs ?? [], serviceCIDROpen(c));
  }
  if (!cidrs.some((c) => c.metadata.name === DefaultServiceCIDRName)) {
    const created = registry.create(serviceCIDRInfo, undefined, defaultServiceCIDR(alloc.configuredCIDRs));
    const status = readyServiceCIDRStatus(metaTime(o.env.now()));
    registry.update(serviceCIDRInfo, undefined, DefaultServiceCIDRName, { ...created, status }, 'status');
  }

  rebuildAllocations(alloc, o);

  if (registry.store.get(objectKey(serviceInfo, 'default', 'kubernetes'))) return;
  try {
    registry.create(serviceInfo, 'default', kubernetesService(alloc.configuredCIDRs[0]!));
  } catch (err) {
    // E.g. its IP is held by another Service after a range change; the server still starts.
    if (!(err instanceof ApiError)) throw err;
    o.logger.error({ err: err.message }, 'could not create the default/kubernetes Service');
  }
}

/** The ClusterIP and NodePort bitmaps become exactly what the stored Services and IPAddresses hold. */
function rebuildAllocations(alloc: ClusterAllocators, o: ServiceAllocationOptions): void {
  const registry = o.registry();
  const ips: string[] = [];
  const ports: number[] = [];
  for (const svc of listAll(registry, serviceInfo) as Service[]) {
    const held = allocatedValues(svc);
    ips.push(...held.ips);
    ports.push(...held.ports);
  }
  for (const ipa of listAll(registry, ipAddressInfo)) ips.push(ipa.metadata.name ?? '');
  const skipped = alloc.rebuild(ips, ports);
  if (skipped.skippedIPs.length || skipped.skippedPorts.length) {
    o.logger.warn({ ips: skipped.skippedIPs, ports: skipped.skippedPorts }, 'allocations outside every range were not restored');
  }
}
