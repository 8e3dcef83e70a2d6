/**
 * Builders for Endpoints and EndpointSlice fixtures in tests: valid objects with overrides, so
 * each case states only what it is about. The defaults are the seed's `external-service`.
 */
import type { Endpoint, EndpointAddress, EndpointPort, EndpointSlice, Endpoints, EndpointSubset, SlicePort } from './types.js';

export function address(ip = '172.188.2.89', over: Partial<EndpointAddress> = {}): EndpointAddress {
  return { ip, ...over };
}

export function endpointPort(over: Partial<EndpointPort> = {}): EndpointPort {
  return { port: 3307, protocol: 'TCP', ...over };
}

export function subset(over: Partial<EndpointSubset> = {}): EndpointSubset {
  return { addresses: [address()], ports: [endpointPort()], ...over };
}

export function endpoints(subsets: EndpointSubset[] = [subset()], name = 'external-service'): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: 'default' }, subsets };
}

export function endpoint(addresses: string[] = ['172.188.2.89'], over: Partial<Endpoint> = {}): Endpoint {
  return { addresses, conditions: { ready: true }, ...over };
}

export function slicePort(over: Partial<SlicePort> = {}): SlicePort {
  return { name: '', protocol: 'TCP', port: 3307, ...over };
}

export function endpointSlice(over: Partial<EndpointSlice> = {}, name = 'external-service-abcde'): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'external-service' } },
    addressType: 'IPv4',
    endpoints: [endpoint()],
    ports: [slicePort()],
    ...over,
  };
}
