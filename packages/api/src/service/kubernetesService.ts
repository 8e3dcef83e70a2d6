/**
 * The objects an apiserver creates for its own Service range at start-up: the `default/kubernetes`
 * Service (first address of the primary range, 443 → 6443, no selector) and the default
 * ServiceCIDR `kubernetes`, plus the IPAddress object that records one allocated ClusterIP.
 *
 * Contract: pure builders; the caller creates them through the registry.
 * Upstream: pkg/controlplane/controller/kubernetesservice (createOrUpdateMasterServiceIfNeeded),
 * pkg/controlplane/controller/defaultservicecidr, pkg/registry/core/service/ipallocator/ipallocator.go
 */
import { formatIP, parseCIDR } from '../allocators/cidr.js';
import type { IPAddressObject, ServiceCIDRObject } from './networkingValidation.js';
import { familyOfIP, type Service } from './types.js';

export const DefaultServiceCIDRName = 'kubernetes';
export const ManagedByLabel = 'ipaddress.kubernetes.io/managed-by';
export const IPAllocatorManager = 'ipallocator.k8s.io';
export const IPFamilyLabel = 'ipaddress.kubernetes.io/ip-family';

/** network + 1 of a CIDR: the address the `kubernetes` Service gets (GetIndexedIP(range, 1)). */
export function firstServiceIP(cidr: string): string {
  const net = parseCIDR(cidr);
  if (!net) throw new TypeError(`invalid CIDR address: ${cidr}`);
  return formatIP(net.family, net.network + 1n);
}

export function kubernetesService(primaryCIDR: string): Service {
  const ip = firstServiceIP(primaryCIDR);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: ip,
      clusterIPs: [ip],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
    },
  };
}

export function defaultServiceCIDR(cidrs: readonly string[]): ServiceCIDRObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: DefaultServiceCIDRName }, spec: { cidrs: [...cidrs] } };
}

/** The status the default ServiceCIDR controller applies once the object matches the flags. */
export function readyServiceCIDRStatus(now: string): { conditions: Array<Record<string, string>> } {
  return { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now, reason: '', message: 'Kubernetes default Service CIDR is ready' }] };
}

/** The IPAddress recording that `ip` is a ClusterIP of the Service namespace/name. */
export function serviceIPAddress(ip: string, namespace: string, name: string): IPAddressObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    metadata: { name: ip, labels: { [IPFamilyLabel]: familyOfIP(ip), [ManagedByLabel]: IPAllocatorManager } },
    spec: { parentRef: { group: '', resource: 'services', namespace, name } },
  };
}
