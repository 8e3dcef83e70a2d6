/**
 * The IPVS table kube-proxy's ipvs proxier would program on one node, printed as `ipvsadm -Ln`
 * prints it: one virtual server per clusterIP:port, externalIP:port, LoadBalancer ingress
 * IP:port and nodeIP:nodePort, with the scheduler and `persistent <timeout>` for ClientIP
 * affinity; real servers `-> ip:port Masq 1 0 0` (the internal policy's endpoints for the
 * cluster IP, the external policy's for the rest). ipvsadm sorts virtual servers by protocol
 * number, address and port, and real servers by address and port.
 *
 * Contract: pure; connection counters are 0 (nothing is counted); a Service without usable
 * endpoints keeps its virtual servers with no real servers, as kube-proxy leaves them.
 * Upstream: pkg/proxy/ipvs/proxier.go (syncProxyRules, syncService, syncEndpoint),
 * ipvsadm.c (list_all, print_title, print_service_entry)
 */
import { parseIP } from '../allocators/cidr.js';
import { categorizeEndpoints } from './categorizeEndpoints.js';
import { servicePorts, type ProxyEndpoint, type ServicePortInfo } from './servicePorts.js';
import type { IpvsOptions, ProxyState } from './types.js';

interface VirtualServer {
  protocol: string;
  ip: string;
  port: number;
  persistent: number;
  dests: ProxyEndpoint[];
}

const protocolNumbers: Record<string, number> = { TCP: 6, UDP: 17, SCTP: 132 };

function ipValue(ip: string): bigint {
  return parseIP(ip)?.value ?? 0n;
}

function compareAddr(a: { ip: string; port: number }, b: { ip: string; port: number }): number {
  const x = ipValue(a.ip);
  const y = ipValue(b.ip);
  if (x !== y) return x < y ? -1 : 1;
  return a.port - b.port;
}

function virtualServers(sp: ServicePortInfo, zone: string, nodeIPs: readonly string[]): VirtualServer[] {
  const cat = categorizeEndpoints(sp, zone);
  const internal = sp.internalPolicyLocal ? cat.localEndpoints : cat.clusterEndpoints;
  const external = sp.externalPolicyLocal ? cat.localEndpoints : cat.clusterEndpoints;
  const vs = (ip: string, port: number, dests: ProxyEndpoint[]): VirtualServer => ({ protocol: sp.protocol, ip, port, persistent: sp.stickyMaxAgeSeconds, dests });
  const out = [vs(sp.clusterIP, sp.port, internal)];
  for (const ip of [...sp.externalIPs, ...sp.loadBalancerVIPs]) out.push(vs(ip, sp.port, external));
  if (sp.nodePort !== 0) for (const ip of nodeIPs) out.push(vs(ip, sp.nodePort, external));
  return out;
}

function realServerLine(ep: ProxyEndpoint): string {
  return `  -> ${ep.key.padEnd(28)} ${'Masq'.padEnd(7)} ${'1'.padEnd(6)} ${'0'.padEnd(10)} ${'0'.padEnd(10)}\n`;
}

/** The `ipvsadm -Ln` text for `state` on `state.nodeName`. */
export function renderIpvs(state: ProxyState, options: IpvsOptions = {}): string {
  const scheduler = options.scheduler ?? 'rr';
  const node = state.nodes.find((n) => n.metadata.name === state.nodeName);
  const zone = node?.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
  const nodeIPs = (node?.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' && !a.address.includes(':')).map((a) => a.address);
  const byKey = new Map<string, VirtualServer>();
  for (const sp of servicePorts(state)) {
    for (const v of virtualServers(sp, zone, nodeIPs)) {
      const key = `${v.protocol} ${v.ip}:${v.port}`;
      if (!byKey.has(key)) byKey.set(key, v);
    }
  }
  const servers = [...byKey.values()].sort((a, b) => (protocolNumbers[a.protocol] ?? 0) - (protocolNumbers[b.protocol] ?? 0) || compareAddr(a, b));
  let out = 'IP Virtual Server version 1.2.1 (size=4096)\n'
    + 'Prot LocalAddress:Port Scheduler Flags\n'
    + '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
  for (const v of servers) {
    out += `${v.protocol}  ${v.ip}:${v.port} ${scheduler}${v.persistent > 0 ? ` persistent ${v.persistent}` : ''}\n`;
    for (const ep of [...v.dests].sort(compareAddr)) out += realServerLine(ep);
  }
  return out;
}
