/**
 * The proxy's view of the cluster, as kube-proxy's ServiceChangeTracker and EndpointsChangeTracker
 * build it: every address:port to listen on (a "frontend") and, for each, the endpoints traffic
 * may go to. Pure: Services, EndpointSlices and Nodes in, a table out.
 *
 * Contract
 * - Per Service port (ExternalName Services and headless ones have none), frontends:
 *   `clusterIP:port` for every ClusterIP (kind `cluster`); `nodeIP:nodePort` for every Node's
 *   InternalIP (kind `nodePort`, `node` the receiving node); every LoadBalancer ingress IP and
 *   every `externalIPs` entry (kind `external`). Only loopback addresses are listed: the proxy never
 *   listens off loopback. Frontend keys are `PROTO/ip:port`; the first Service to claim one wins
 *   (Services sorted by namespace/name).
 * - Endpoints: from the EndpointSlices labelled `kubernetes.io/service-name`, IPv4 and IPv6, the
 *   slice port whose name (and protocol) matches the Service port's name; an endpoint's first
 *   address; duplicates (the same ip:port in two slices) once. Conditions as the slice says
 *   (a missing `ready`/`serving` counts as true, `terminating` as false).
 * - `policy`: externalTrafficPolicy for `nodePort` and `external` frontends (Local or Cluster),
 *   always Cluster for `cluster` ones. `affinitySeconds`: set with sessionAffinity ClientIP
 *   (timeout from sessionAffinityConfig, default 10800 s).
 * - `internalPolicy` Local for a ClusterIP with internalTrafficPolicy Local; endpoints carry their
 *   zone hints; `podCIDRs` maps pod IP sources to their node and zone (nodeOfAddress).
 * - `servicePort` (`ns/name:port-name`) keys the state kube-proxy keeps per Service port
 *   (affinity, round-robin position), shared by the Service's frontends.
 * - `masquerade` (only given a cluster CIDR, kube-proxy's `--cluster-cidr`): the CIDRs whose
 *   sources keep their address on a ClusterIP, and the node IP other sources are masqueraded to:
 *   the proxy acts as the first node in name order (node-1; numbers compared as numbers), the
 *   node this machine's own clients are on. No node: no masquerade address.
 * Upstream: pkg/proxy/servicechangetracker.go, pkg/proxy/endpointschangetracker.go, pkg/proxy/serviceport.go
 */
import { cidrContains, parseCIDR, parseIP, type ParsedCIDR } from '@miniplane/api/allocators/cidr';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { NodeObject } from '@miniplane/api/pod/types';
import { DefaultClientIPServiceAffinitySeconds, type Service } from '@miniplane/api/service/types';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  node: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** The zones its topology hints name (`hints.forZones`), if it has hints. */
  zones?: string[];
}

export interface Frontend {
  key: string;
  ip: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  kind: 'cluster' | 'nodePort' | 'external';
  /** The receiving node of a nodePort frontend. */
  node?: string;
  /** The node IP a Cluster-policy nodePort connection is masqueraded to. */
  nodeIP?: string;
  policy: 'Cluster' | 'Local';
  /** internalTrafficPolicy, for `cluster` frontends: Local keeps pod traffic on the pod's node. */
  internalPolicy?: 'Local';
  affinitySeconds?: number;
  servicePort: string;
  endpoints: ProxyEndpoint[];
}

export interface ProxyTable {
  frontends: Map<string, Frontend>;
  /** Node name -> InternalIP (Cluster-policy external traffic is masqueraded to the endpoint's node). */
  nodeIPs: Map<string, string>;
  /** Each node's podCIDRs and zone: which node (and zone) a pod IP source comes from. */
  podCIDRs: Array<{ cidr: ParsedCIDR; node: ClientNode }>;
  /** With a cluster CIDR: ClusterIP traffic from outside it is masqueraded to `nodeIP`. */
  masquerade?: { clusterCIDRs: ParsedCIDR[]; nodeIP?: string };
}

export interface ProxyTableOptions {
  /** kube-proxy's `--cluster-cidr` (comma-separated): ClusterIP traffic from outside is masqueraded. */
  clusterCIDR?: string;
}

export interface ClientNode {
  name: string;
  zone?: string;
}

/** The node (and its zone) whose podCIDR holds `ip`: where traffic from a pod IP comes from. */
export function nodeOfAddress(table: ProxyTable, ip: string): ClientNode | undefined {
  const parsed = parseIP(ip);
  return parsed ? table.podCIDRs.find((c) => cidrContains(c.cidr, parsed))?.node : undefined;
}

const serviceNameLabel = 'kubernetes.io/service-name';
const zoneLabel = 'topology.kubernetes.io/zone';

export function isLoopback(ip: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(ip) || ip === '::1';
}

export function buildProxyTable(services: readonly Service[], slices: readonly EndpointSlice[], nodes: readonly NodeObject[], o: ProxyTableOptions = {}): ProxyTable {
  const nodeIPs = new Map<string, string>();
  const podCIDRs: ProxyTable['podCIDRs'] = [];
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (ip && name) nodeIPs.set(name, ip);
    const zone = n.metadata.labels?.[zoneLabel];
    for (const text of n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : [])) {
      const cidr = parseCIDR(text);
      if (cidr) podCIDRs.push({ cidr, node: { name, ...(zone ? { zone } : {}) } });
    }
  }
  const slicesOf = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.[serviceNameLabel];
    if (!svc || (s.addressType !== 'IPv4' && s.addressType !== 'IPv6')) continue;
    const key = `${s.metadata.namespace}/${svc}`;
    slicesOf.set(key, [...(slicesOf.get(key) ?? []), s]);
  }
  const frontends = new Map<string, Frontend>();
  const sorted = [...services].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  for (const svc of sorted) {
    for (const f of serviceFrontends(svc, slicesOf.get(keyOf(svc)) ?? [], nodeIPs)) if (!frontends.has(f.key)) frontends.set(f.key, f);
  }
  return { frontends, nodeIPs, podCIDRs, ...(o.clusterCIDR ? { masquerade: masqueradeOf(o.clusterCIDR, nodeIPs) } : {}) };
}

function masqueradeOf(clusterCIDR: string, nodeIPs: Map<string, string>): ProxyTable['masquerade'] {
  const clusterCIDRs = clusterCIDR.split(',').map((c) => parseCIDR(c.trim())).filter((c): c is ParsedCIDR => !!c);
  const first = [...nodeIPs.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))[0];
  return { clusterCIDRs, ...(first ? { nodeIP: nodeIPs.get(first)! } : {}) };
}

/** Whether `ip` is inside one of `cidrs`. */
export function inCIDRs(cidrs: readonly ParsedCIDR[], ip: string): boolean {
  const parsed = parseIP(ip);
  return !!parsed && cidrs.some((c) => cidrContains(c, parsed));
}

function keyOf(o: { metadata: { namespace?: string; name?: string } }): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

function serviceFrontends(svc: Service, slices: readonly EndpointSlice[], nodeIPs: Map<string, string>): Frontend[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const clusterIPs = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
  const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => typeof ip === 'string');
  const externalIPs = [...(spec.externalIPs ?? []), ...(spec.type === 'LoadBalancer' ? ingress : [])];
  const external: 'Cluster' | 'Local' = spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster';
  const affinitySeconds = spec.sessionAffinity === 'ClientIP' ? spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DefaultClientIPServiceAffinitySeconds : undefined;
  const out: Frontend[] = [];
  for (const sp of spec.ports ?? []) {
    const protocol = (sp.protocol ?? 'TCP') as string;
    if (protocol !== 'TCP' && protocol !== 'UDP') continue;
    const servicePort = `${keyOf(svc)}:${sp.name ?? ''}`;
    const endpoints = endpointsFor(slices, sp.name ?? '', protocol);
    const base = { protocol, servicePort, endpoints, ...(affinitySeconds !== undefined ? { affinitySeconds } : {}) } as const;
    const add = (ip: string, port: number, rest: Pick<Frontend, 'kind' | 'policy'> & Partial<Frontend>) => {
      if (isLoopback(ip)) out.push({ key: `${protocol}/${ip}:${port}`, ip, port, ...base, ...rest });
    };
    const internal = spec.internalTrafficPolicy === 'Local' ? { internalPolicy: 'Local' as const } : {};
    for (const ip of clusterIPs) add(ip, sp.port, { kind: 'cluster', policy: 'Cluster', ...internal });
    if (sp.nodePort) for (const [node, ip] of nodeIPs) add(ip, sp.nodePort, { kind: 'nodePort', policy: external, node, nodeIP: ip });
    for (const ip of externalIPs) add(ip, sp.port, { kind: 'external', policy: external });
  }
  return out;
}

function endpointsFor(slices: readonly EndpointSlice[], portName: string, protocol: string): ProxyEndpoint[] {
  const seen = new Set<string>();
  const out: ProxyEndpoint[] = [];
  for (const s of slices) {
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol)?.port;
    if (port === undefined) continue;
    for (const e of s.endpoints ?? []) {
      const ip = e.addresses?.[0];
      if (!ip || seen.has(`${ip}:${port}`)) continue;
      seen.add(`${ip}:${port}`);
      const c = e.conditions ?? {};
      const zones = e.hints?.forZones?.map((z) => z.name);
      out.push({ ip, port, node: e.nodeName ?? '', ready: c.ready !== false, serving: c.serving !== false, terminating: c.terminating === true, ...(zones ? { zones } : {}) });
    }
  }
  return out.sort((a, b) => `${a.ip}:${a.port}`.localeCompare(`${b.ip}:${b.port}`));
}
