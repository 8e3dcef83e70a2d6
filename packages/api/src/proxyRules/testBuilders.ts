/**
 * Builders for the rules renderer's tests, shaped like kube-proxy's own test helpers
 * (makeTestService, makeTestEndpointSlice, the fake proxier's node): each case states only what
 * it is about.
 */
import type { Endpoint, EndpointSlice } from '../endpoints/types.js';
import type { Service, ServiceSpec } from '../service/types.js';
import type { ProxyNode, ProxyState } from './types.js';

/** kube-proxy's fake proxier runs as this node, with this IP. */
export const testNodeName = 'test-node';
export const testNodeIP = '192.168.0.2';

export function svc(namespace: string, name: string, spec: ServiceSpec, lbIPs: string[] = []): Service {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { namespace, name },
    spec: { type: 'ClusterIP', ...spec },
    ...(lbIPs.length > 0 ? { status: { loadBalancer: { ingress: lbIPs.map((ip) => ({ ip })) } } } : {}),
  };
}

/** An endpoint with one address; `node` sets nodeName. */
export function ep(ip: string, over: Partial<Endpoint> = {}): Endpoint {
  return { addresses: [ip], ...over };
}

export function slice(namespace: string, service: string, endpoints: Endpoint[], port = { name: 'p80', port: 80, protocol: 'TCP' }, suffix = '1'): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { namespace, name: `${service}-${suffix}`, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4', endpoints, ports: [port],
  };
}

export function node(name = testNodeName, ip = testNodeIP, labels: Record<string, string> = {}): ProxyNode {
  return { metadata: { name, labels }, status: { addresses: [{ type: 'InternalIP', address: ip }] } };
}

export function state(services: Service[], endpointSlices: EndpointSlice[], nodeName = testNodeName): ProxyState {
  return { services, endpointSlices, nodes: [node()], nodeName };
}

/** kube's dedent'ed expectations: strip the common indentation and the leading newline. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n').replace(/[ \t]+$/, '');
}

/** Fragments of kube-proxy's expected dumps shared by the cases (a release without nfacct counters). */
export const filterHead = `
  *filter
  :KUBE-NODEPORTS - [0:0]
  :KUBE-SERVICES - [0:0]
  :KUBE-EXTERNAL-SERVICES - [0:0]
  :KUBE-FIREWALL - [0:0]
  :KUBE-FORWARD - [0:0]
  :KUBE-PROXY-FIREWALL - [0:0]`;
export const filterTail = `
  -A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
  -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
  -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
  -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  COMMIT`;
export const natMasq = `
  -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
  -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
  -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
  -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE`;
export const lastRule = `
  -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`;
