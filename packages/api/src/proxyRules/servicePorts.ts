/**
 * The service ports and endpoints kube-proxy works from: one entry per Service port, with its
 * IPv4 addresses, policies and affinity, and the endpoints of its EndpointSlices for that port
 * (deduplicated by "ip:port", sorted by that string as kube-proxy's cache sorts them).
 *
 * Contract: pure; skips what kube-proxy skips: Services without a cluster IP, headless and
 * ExternalName Services, Services and slices labelled service.kubernetes.io/service-proxy-name,
 * headless-labelled slices, slices of another address type and slice ports without a
 * name/port/protocol match.
 * Upstream: pkg/proxy/servicechangetracker.go, pkg/proxy/serviceport.go (newBaseServiceInfo),
 * pkg/proxy/endpointslicecache.go, pkg/proxy/endpoint.go, pkg/proxy/util (ShouldSkipService)
 */
import { parseCIDR } from '../allocators/cidr.js';
import type { EndpointSlice } from '../endpoints/types.js';
import { DefaultClientIPServiceAffinitySeconds, type Service } from '../service/types.js';
import type { ProxyState } from './types.js';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** "ip:port", the endpoint's identity and sort key. */
  key: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  local: boolean;
  zoneHints: readonly string[];
}

export interface ServicePortInfo {
  /** "ns/name:port" (":port" only for a named port), kube's ServicePortName.String(). */
  name: string;
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  healthCheckNodePort: number;
  /** 0 without ClientIP affinity. */
  stickyMaxAgeSeconds: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  endpoints: ProxyEndpoint[];
}

const isIPv4 = (text: string): boolean => !text.includes(':');

function clusterIPv4(svc: Service): string | undefined {
  const spec = svc.spec ?? {};
  const ips = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  return ips.find((ip) => ip !== 'None' && isIPv4(ip));
}

function skipService(svc: Service): boolean {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName' || !spec.clusterIP || spec.clusterIP === 'None') return true;
  return svc.metadata.labels?.['service.kubernetes.io/service-proxy-name'] !== undefined;
}

function loadBalancerVIPs(svc: Service): string[] {
  const out: string[] = [];
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    const ip = typeof ing.ip === 'string' ? ing.ip : '';
    // An ingress with ipMode Proxy is reached through the load balancer, not captured locally.
    if (ip !== '' && isIPv4(ip) && (ing.ipMode === undefined || ing.ipMode === 'VIP')) out.push(ip);
  }
  return out;
}

/** IPv4 source ranges, trimmed and canonical as net.IPNet prints them; unparsable ones dropped, as kube-proxy does. */
function sourceRanges(ranges: readonly string[]): string[] {
  return ranges.map((r) => parseCIDR(r.trim())).filter((c) => c?.family === 'IPv4').map((c) => c!.text);
}

function slicesByService(slices: readonly EndpointSlice[]): Map<string, EndpointSlice[]> {
  const out = new Map<string, EndpointSlice[]>();
  for (const slice of slices) {
    const labels = slice.metadata.labels ?? {};
    const svcName = labels['kubernetes.io/service-name'];
    // kube-proxy's informer selects `!service.kubernetes.io/service-proxy-name,!service.kubernetes.io/headless`.
    if (svcName === undefined || slice.addressType !== 'IPv4' || 'service.kubernetes.io/service-proxy-name' in labels || 'service.kubernetes.io/headless' in labels) continue;
    const key = `${slice.metadata.namespace ?? ''}/${svcName}`;
    out.set(key, [...(out.get(key) ?? []), slice]);
  }
  return out;
}

function endpointsFor(slices: readonly EndpointSlice[], portName: string, protocol: string, nodeName: string): ProxyEndpoint[] {
  const byKey = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    for (const sp of slice.ports ?? []) {
      if ((sp.name ?? '') !== portName || (sp.protocol ?? 'TCP') !== protocol || sp.port === undefined) continue;
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (ip === undefined) continue;
        const key = `${ip}:${sp.port}`;
        if (byKey.has(key)) continue;
        const ready = ep.conditions?.ready ?? true;
        byKey.set(key, {
          ip, port: sp.port, key, ready,
          serving: ep.conditions?.serving ?? true,
          terminating: ep.conditions?.terminating ?? false,
          local: ep.nodeName !== undefined && ep.nodeName === nodeName,
          zoneHints: (ep.hints?.forZones ?? []).map((z) => z.name),
        });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The service ports of `state`, sorted by name (kube-proxy's own order is a map's). */
export function servicePorts(state: ProxyState): ServicePortInfo[] {
  const slices = slicesByService(state.endpointSlices);
  const out: ServicePortInfo[] = [];
  for (const svc of state.services) {
    const clusterIP = clusterIPv4(svc);
    if (skipService(svc) || clusterIP === undefined) continue;
    const spec = svc.spec ?? {};
    const nsName = `${svc.metadata.namespace ?? ''}/${svc.metadata.name}`;
    const externalIPs = (spec.externalIPs ?? []).filter(isIPv4);
    const lbVIPs = loadBalancerVIPs(svc);
    for (const p of spec.ports ?? []) {
      const protocol = p.protocol ?? 'TCP';
      const nodePort = p.nodePort ?? 0;
      const accessible = nodePort !== 0 || lbVIPs.length > 0 || externalIPs.length > 0;
      const externalPolicyLocal = accessible && spec.externalTrafficPolicy === 'Local';
      out.push({
        name: p.name ? `${nsName}:${p.name}` : nsName,
        protocol, clusterIP, port: p.port, nodePort, externalIPs,
        loadBalancerVIPs: lbVIPs,
        loadBalancerSourceRanges: sourceRanges(spec.loadBalancerSourceRanges ?? []),
        healthCheckNodePort: spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' ? (spec.healthCheckNodePort ?? 0) : 0,
        stickyMaxAgeSeconds: spec.sessionAffinity === 'ClientIP'
          ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DefaultClientIPServiceAffinitySeconds) : 0,
        externalPolicyLocal,
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        endpoints: endpointsFor(slices.get(nsName) ?? [], p.name ?? '', protocol, state.nodeName),
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether any "external" destination exists (kube's ServicePort.ExternallyAccessible). */
export function externallyAccessible(sp: ServicePortInfo): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
}

/** kube's UsesClusterEndpoints: some traffic is routed with Cluster policy. */
export function usesClusterEndpoints(sp: ServicePortInfo): boolean {
  return !sp.internalPolicyLocal || (externallyAccessible(sp) && !sp.externalPolicyLocal);
}

/** kube's UsesLocalEndpoints: some traffic is routed with Local policy. */
export function usesLocalEndpoints(sp: ServicePortInfo): boolean {
  return sp.internalPolicyLocal || (externallyAccessible(sp) && sp.externalPolicyLocal);
}
