/**
 * The v1 Service shape as this code base handles it, and the predicates kube derives from it.
 *
 * Contract: data and pure predicates only. Optional fields mirror Go's omitempty/pointer fields:
 * absent means Go's zero value or nil (`decodeService` has already dropped JSON nulls).
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (ServiceSpec, ServicePort),
 * pkg/api/service/util.go (ExternallyAccessible, NeedsHealthCheck)
 */
import { parseIP } from '../allocators/cidr.js';
import type { KubeObject } from '../types.js';

export type IPFamily = 'IPv4' | 'IPv6';

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port: number;
  /** IntOrString: a number, or a named container port. */
  targetPort?: number | string;
  nodePort?: number;
}

export interface SessionAffinityConfig {
  clientIP?: { timeoutSeconds?: number };
}

export interface ServiceSpec {
  type?: string;
  ports?: ServicePort[];
  selector?: Record<string, string>;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  externalName?: string;
  externalIPs?: string[];
  sessionAffinity?: string;
  sessionAffinityConfig?: SessionAffinityConfig;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerClass?: string;
  loadBalancerIP?: string;
  loadBalancerSourceRanges?: string[];
  publishNotReadyAddresses?: boolean;
  trafficDistribution?: string;
}

export interface Service extends KubeObject {
  spec?: ServiceSpec;
  status?: { loadBalancer?: { ingress?: Array<Record<string, unknown>> }; conditions?: unknown[] };
}

export const ClusterIPNone = 'None';
export const DefaultClientIPServiceAffinitySeconds = 10800;
export const MaxClientIPServiceAffinitySeconds = 86400;

export function specOf(svc: Service): ServiceSpec {
  return svc.spec ?? {};
}

/** clusterIPs is exactly ["None"] (validation.go isHeadlessService). */
export function isHeadless(svc: Service): boolean {
  const ips = specOf(svc).clusterIPs;
  return ips?.length === 1 && ips[0] === ClusterIPNone;
}

/** Every type but ExternalName gets cluster IPs (strategy.go needsClusterIP). */
export function needsClusterIP(svc: Service): boolean {
  return specOf(svc).type !== 'ExternalName';
}

export function needsNodePort(svc: Service): boolean {
  const t = specOf(svc).type;
  return t === 'NodePort' || t === 'LoadBalancer';
}

/** LoadBalancer with externalTrafficPolicy Local (service/util.go NeedsHealthCheck). */
export function needsHealthCheck(svc: Service): boolean {
  const s = specOf(svc);
  return s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
}

/** NodePort, LoadBalancer, or ClusterIP with externalIPs (service/util.go ExternallyAccessible). */
export function externallyAccessible(svc: Service): boolean {
  const s = specOf(svc);
  return s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && (s.externalIPs?.length ?? 0) > 0);
}

/** Whether a NodePort/LB Service gets node ports allocated automatically (alloc.go shouldAllocateNodePorts). */
export function shouldAllocateNodePorts(svc: Service): boolean {
  const s = specOf(svc);
  if (s.type === 'NodePort') return true;
  if (s.type === 'LoadBalancer') return s.allocateLoadBalancerNodePorts !== false;
  return false;
}

/** The non-zero ports[].nodePort values, in port order (alloc.go collectServiceNodePorts). */
export function collectNodePorts(svc: Service): number[] {
  return (specOf(svc).ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0);
}

/** The family of a valid IP text; an IPv4-mapped IPv6 address is IPv4, as in Go. */
export function familyOfIP(ip: string): IPFamily {
  return parseIP(ip)?.family ?? (ip.includes(':') ? 'IPv6' : 'IPv4');
}

export function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
