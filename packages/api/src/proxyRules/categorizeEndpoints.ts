/**
 * Which endpoints a node routes to: the Cluster-policy set (ready endpoints, narrowed by zone
 * hints when every ready endpoint has one and one is for this node's zone; if none is ready,
 * the serving-terminating ones, without topology), the Local-policy set (this node's ready
 * endpoints, else its serving-terminating ones), their union, and whether the Service has a
 * usable endpoint anywhere.
 *
 * Contract: pure; keeps the input order. Node hints (PreferSameNode) are not used: their
 * feature gate is off by default in v1.33.
 * Upstream: pkg/proxy/topology.go (CategorizeEndpoints, topologyModeFromHints)
 */
import { usesClusterEndpoints, usesLocalEndpoints, type ProxyEndpoint, type ServicePortInfo } from './servicePorts.js';

export interface CategorizedEndpoints {
  clusterEndpoints: ProxyEndpoint[];
  localEndpoints: ProxyEndpoint[];
  allReachableEndpoints: ProxyEndpoint[];
  hasAnyEndpoints: boolean;
}

const servingTerminating = (ep: ProxyEndpoint): boolean => ep.serving && ep.terminating;

function useZoneHints(endpoints: readonly ProxyEndpoint[], zone: string): boolean {
  let all = true;
  let forZone = false;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    if (ep.zoneHints.length === 0) all = false;
    else if (ep.zoneHints.includes(zone)) forZone = true;
  }
  return all && forZone;
}

function localSet(endpoints: readonly ProxyEndpoint[]): { local: ProxyEndpoint[]; terminating: boolean } {
  const ready = endpoints.filter((ep) => ep.local && ep.ready);
  if (ready.length > 0) return { local: ready, terminating: false };
  const terminating = endpoints.filter((ep) => ep.local && !ep.ready && servingTerminating(ep));
  return { local: terminating, terminating: terminating.length > 0 };
}

export function categorizeEndpoints(sp: ServicePortInfo, zone: string): CategorizedEndpoints {
  const endpoints = sp.endpoints;
  let clusterEndpoints: ProxyEndpoint[] = [];
  let hasAnyEndpoints = false;
  let topology = false;
  if (usesClusterEndpoints(sp)) {
    topology = useZoneHints(endpoints, zone);
    clusterEndpoints = endpoints.filter((ep) => ep.ready && (!topology || ep.zoneHints.includes(zone)));
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter(servingTerminating);
    hasAnyEndpoints = clusterEndpoints.length > 0;
  }
  if (!usesLocalEndpoints(sp)) {
    return { clusterEndpoints, localEndpoints: [], allReachableEndpoints: clusterEndpoints, hasAnyEndpoints };
  }
  if (endpoints.some((ep) => ep.ready || servingTerminating(ep))) hasAnyEndpoints = true;
  const { local: localEndpoints, terminating } = localSet(endpoints);
  if (!usesClusterEndpoints(sp)) {
    return { clusterEndpoints, localEndpoints, allReachableEndpoints: localEndpoints, hasAnyEndpoints };
  }
  if (!topology && !terminating) {
    return { clusterEndpoints, localEndpoints, allReachableEndpoints: clusterEndpoints, hasAnyEndpoints };
  }
  // The two sets differ (remote endpoints in one, terminating or out-of-zone local ones in the
  // other): the union, in input order (kube's is a map's order, which the sorted dump hides).
  const keys = new Set([...clusterEndpoints, ...localEndpoints].map((ep) => ep.key));
  return { clusterEndpoints, localEndpoints, allReachableEndpoints: endpoints.filter((ep) => keys.has(ep.key)), hasAnyEndpoints };
}
