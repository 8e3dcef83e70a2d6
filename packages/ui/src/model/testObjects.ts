/**
 * Builders of the API objects the Service panel tests feed in (Services, EndpointSlices, Nodes),
 * with overrides. Test-only: imported by *.test.ts files, never by the page.
 */
import type { Endpoint, EndpointSlice } from '@miniplane/api/endpoints/types';
import type { Service, ServiceSpec } from '@miniplane/api/service/types';

export function service(name: string, spec: Partial<ServiceSpec> = {}, namespace = 'default'): Service {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '10' },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: name }, ...spec },
  } as Service;
}

export function endpoint(ip: string, node: string, over: Partial<Endpoint> & { ready?: boolean; serving?: boolean; terminating?: boolean; pod?: string } = {}): Endpoint {
  const { ready = true, serving = ready, terminating = false, pod = `pod-${ip.replaceAll('.', '-')}`, ...rest } = over;
  return { addresses: [ip], conditions: { ready, serving, terminating }, nodeName: node, targetRef: { kind: 'Pod', namespace: 'default', name: pod }, ...rest };
}

export function slice(svc: string, endpoints: Endpoint[], name = `${svc}-abc`, port = { name: 'http', port: 8080, protocol: 'TCP' }): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': svc, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4', endpoints, ports: [port],
  } as EndpointSlice;
}

export function node(name: string, ip: string, zone?: string) {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}) } },
    spec: { podCIDR: '10.244.0.0/24' },
    status: { addresses: [{ type: 'InternalIP', address: ip }] },
  };
}
