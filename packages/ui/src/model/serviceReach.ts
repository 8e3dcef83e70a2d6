/**
 * serviceReach: which pods a connection to a Service reaches when it enters at a chosen node —
 * kube-proxy's endpoint choice on that node, from the same pure logic the rule renderer uses
 * (@miniplane/api proxyRules: `servicePorts`, `categorizeEndpoints`), so the panel matches the
 * iptables/IPVS text next to it.
 *
 * Contract: pure. Per Service port, one path for traffic to the ClusterIP from a pod on the node
 * (internalTrafficPolicy: Cluster = the cluster set, narrowed by topology hints when every ready
 * endpoint has hints and one names the node's zone; Local = the node's own endpoints), and when
 * the port is reachable from outside (NodePort, LoadBalancer IP, externalIPs) one for traffic
 * arriving at the node from outside (externalTrafficPolicy Cluster / Local likewise). Either set
 * falls back to the serving-terminating endpoints when none is ready (KEP-1669). An empty set
 * says what kube-proxy does: REJECT (Cluster: no endpoints) or DROP (Local: none on this node).
 * Endpoints carry their pod (the slice's targetRef) and node. Services kube-proxy skips
 * (headless, ExternalName, no IPv4 ClusterIP) give no ports and say why. IPv4 only, as the
 * renderer.
 * Upstream: pkg/proxy/topology.go (CategorizeEndpoints), pkg/proxy/iptables/proxier.go
 */
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import { categorizeEndpoints, servicePorts, type ProxyEndpoint, type ProxyNode } from '@miniplane/api/proxyRules/index';
import type { Service } from '@miniplane/api/service/types';

export interface ReachEndpoint {
  ip: string;
  port: number;
  /** The pod behind it (`ns/name` of the slice's targetRef), '' if none. */
  pod: string;
  node: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface ReachPath {
  traffic: 'cluster' | 'external';
  policy: 'Cluster' | 'Local';
  endpoints: ReachEndpoint[];
  /** What narrowed the set (or what happens to a connection when it is empty). */
  why: string;
}

export interface PortReach {
  /** kube's ServicePortName: `ns/name:port-name`. */
  name: string;
  protocol: string;
  port: number;
  nodePort: number;
  paths: ReachPath[];
}

export interface ServiceReach {
  node: string;
  zone: string;
  ports: PortReach[];
  /** Set when kube-proxy programs nothing for this Service. */
  skipped?: string;
}

const zoneLabel = 'topology.kubernetes.io/zone';

export function serviceReach(svc: Service, slices: readonly EndpointSlice[], nodes: readonly ProxyNode[], nodeName: string): ServiceReach {
  const zone = nodes.find((n) => n.metadata.name === nodeName)?.metadata.labels?.[zoneLabel] ?? '';
  const ports = servicePorts({ services: [svc], endpointSlices: slices, nodes, nodeName });
  if (!ports.length) return { node: nodeName, zone, ports: [], skipped: skipReason(svc) };
  const owners = endpointOwners(slices);
  const out = ports.map((sp): PortReach => {
    const cat = categorizeEndpoints(sp, zone);
    const enrich = (eps: ProxyEndpoint[]) => eps.map((e) => ({ ip: e.ip, port: e.port, ready: e.ready, serving: e.serving, terminating: e.terminating, ...(owners.get(e.ip) ?? { pod: '', node: '' }) }));
    const path = (traffic: ReachPath['traffic'], local: boolean): ReachPath => {
      const set = local ? cat.localEndpoints : cat.clusterEndpoints;
      return { traffic, policy: local ? 'Local' : 'Cluster', endpoints: enrich(set), why: explain(set, sp.endpoints, local, nodeName, zone) };
    };
    const paths = [path('cluster', sp.internalPolicyLocal)];
    if (sp.nodePort !== 0 || sp.loadBalancerVIPs.length || sp.externalIPs.length) paths.push(path('external', sp.externalPolicyLocal));
    return { name: sp.name, protocol: sp.protocol, port: sp.port, nodePort: sp.nodePort, paths };
  });
  return { node: nodeName, zone, ports: out };
}

function explain(set: readonly ProxyEndpoint[], all: readonly ProxyEndpoint[], local: boolean, node: string, zone: string): string {
  if (!set.length) return local ? `no endpoint on ${node}: the connection is dropped` : 'no endpoints: the connection is rejected';
  const fallback = set.some((e) => !e.ready) ? ' (none ready: the serving-terminating ones)' : '';
  if (local) return `only endpoints on ${node}${fallback}`;
  const ready = all.filter((e) => e.ready).length;
  if (!fallback && set.length < ready) return `topology hints: the endpoints hinted for zone ${zone}`;
  return `every ready endpoint${fallback}`;
}

function endpointOwners(slices: readonly EndpointSlice[]): Map<string, { pod: string; node: string }> {
  const out = new Map<string, { pod: string; node: string }>();
  for (const s of slices) {
    for (const e of s.endpoints ?? []) {
      const ip = e.addresses?.[0];
      const ref = e.targetRef;
      if (ip && !out.has(ip)) out.set(ip, { pod: ref?.name ? `${ref.namespace ?? s.metadata.namespace ?? ''}/${ref.name}` : '', node: e.nodeName ?? '' });
    }
  }
  return out;
}

function skipReason(svc: Service): string {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return 'ExternalName: a DNS CNAME only, kube-proxy programs no rules';
  if (!spec.clusterIP || spec.clusterIP === 'None') return 'headless: no ClusterIP, clients reach the pods directly by their DNS records';
  if (svc.metadata.labels?.['service.kubernetes.io/service-proxy-name'] !== undefined) return 'labelled service.kubernetes.io/service-proxy-name: another proxy serves it';
  return 'no IPv4 ClusterIP: this renderer is kube-proxy\'s IPv4 proxier';
}
