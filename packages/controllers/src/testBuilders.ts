/**
 * Fixture builders for the planner tests: small objects with overrides, deep-frozen like the
 * informer cache hands them out. Test-only (nothing in src/ imports it).
 */
import { IPAllocatorManager, IPFamilyLabel, ManagedByLabel } from '@miniplane/api/service/kubernetesService';
import type { IPAddressObject, ParentReference, ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';
import type { Service, ServiceSpec } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';

export interface ServiceOverrides {
  namespace?: string;
  /** spec.clusterIPs (clusterIP is the first). */
  ips?: string[];
  type?: string;
  nodePorts?: number[];
  /** Seconds after 2026-01-01T00:00:00Z. */
  age?: number;
  ingress?: string[];
  uid?: string;
  resourceVersion?: string;
  spec?: Partial<ServiceSpec>;
}

function at(seconds: number): string {
  return new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function service(name: string, o: ServiceOverrides = {}): Service {
  const ips = o.ips ?? [];
  const spec: ServiceSpec = {
    type: o.type ?? 'ClusterIP',
    ...(ips.length ? { clusterIP: ips[0], clusterIPs: ips } : {}),
    ports: (o.nodePorts ?? [0]).map((nodePort, i) => ({ name: `p${i}`, port: 80 + i, protocol: 'TCP', ...(nodePort ? { nodePort } : {}) })),
    ...o.spec,
  };
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name, namespace: o.namespace ?? 'default', uid: o.uid ?? `uid-${name}`, resourceVersion: o.resourceVersion ?? '1',
      creationTimestamp: at(o.age ?? 0),
    },
    spec,
    status: { loadBalancer: o.ingress ? { ingress: o.ingress.map((ip) => ({ ip })) } : {} },
  });
}

export function ipAddress(ip: string, parent: Partial<ParentReference> | string, o: { uid?: string; labels?: Record<string, string> } = {}): IPAddressObject {
  const ref: ParentReference = typeof parent === 'string'
    ? { group: '', resource: 'services', namespace: parent.split('/')[0], name: parent.split('/')[1] }
    : { group: '', resource: 'services', ...parent };
  return deepFreeze({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IPAddress',
    metadata: {
      name: ip, uid: o.uid ?? `uid-ip-${ip}`,
      labels: o.labels ?? { [IPFamilyLabel]: ip.includes(':') ? 'IPv6' : 'IPv4', [ManagedByLabel]: IPAllocatorManager },
    },
    spec: { parentRef: ref },
  });
}

export function serviceCIDR(name: string, ...cidrs: string[]): ServiceCIDRObject {
  return deepFreeze({ apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name }, spec: { cidrs } });
}
