/**
 * The iptables rules kube-proxy's iptables proxier would program on one node, as the text it
 * hands to iptables-restore (`*filter` and `*nat`), in the normalised order of kube-proxy's own
 * tests (see iptablesDump.ts). Per service port: KUBE-SERVICES / KUBE-NODEPORTS entries, the
 * KUBE-SVC- (Cluster policy), KUBE-SVL- (Local policy), KUBE-EXT- (external destinations),
 * KUBE-FW- (loadBalancerSourceRanges) and KUBE-SEP- (one per endpoint) chains, ClientIP
 * affinity with `-m recent`, and in the filter table the REJECT/DROP rules of Services with no
 * (local) endpoints.
 *
 * Contract: pure; deterministic (service ports are processed sorted by name). Comments are
 * left out of the per-endpoint rules past 1,000 endpoints, as kube-proxy's large-cluster mode.
 * Upstream: pkg/proxy/iptables/proxier.go (syncProxyRules, writeServiceToEndpointRules)
 */
import { categorizeEndpoints } from './categorizeEndpoints.js';
import { IptablesTable } from './iptablesDump.js';
import type { RuleContext, ServiceChains } from './ruleContext.js';
import { writeServiceChains } from './serviceChains.js';
import { externallyAccessible, servicePorts, type ServicePortInfo } from './servicePorts.js';
import {
  serviceExternalChainName, serviceFirewallChainName, serviceLocalChainName, servicePortChainName, servicePortEndpointChainName,
} from './chainNames.js';
import { probability, savedProbability } from './probability.js';
import type { IptablesOptions, ProxyState } from './types.js';

/** kube-proxy's largeClusterEndpointsThreshold. */
const largeClusterEndpointsThreshold = 1000;


/** The `iptables-restore` text kube-proxy would write for `state` on `state.nodeName`. */
export function renderIptables(state: ProxyState, options: IptablesOptions = {}): string {
  const ports = servicePorts(state);
  const node = state.nodes.find((n) => n.metadata.name === state.nodeName);
  const mark = `0x${(1 << (options.masqueradeBit ?? 14)).toString(16)}`;
  const ctx: RuleContext = {
    filter: new IptablesTable('filter'),
    nat: new IptablesTable('nat'),
    clusterCIDR: options.clusterCIDR,
    masqueradeAll: options.masqueradeAll ?? false,
    localhostNodePorts: options.localhostNodePorts ?? true,
    nfacct: options.nfacct ?? true,
    largeClusterMode: ports.reduce((n, sp) => n + sp.endpoints.length, 0) > largeClusterEndpointsThreshold,
    nodeIP: node?.status?.addresses?.find((a) => a.type === 'InternalIP' && !a.address.includes(':'))?.address,
    zone: node?.metadata.labels?.['topology.kubernetes.io/zone'] ?? '',
    probability: options.probabilities === 'save' ? (n) => savedProbability(probability(n)) : probability,
  };
  writeTopLevel(ctx, mark);
  for (const sp of ports) writeServicePort(ctx, sp);
  writeTail(ctx, mark);
  const tables = options.tables ?? 'all';
  return (tables !== 'nat' ? ctx.filter.print() : '') + (tables !== 'filter' ? ctx.nat.print() : '');
}

function writeTopLevel(ctx: RuleContext, mark: string): void {
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) ctx.filter.declare(c);
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) ctx.nat.declare(c);
  ctx.nat.append('KUBE-POSTROUTING', ['-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN']);
  ctx.nat.append('KUBE-POSTROUTING', ['-j', 'MARK', '--xor-mark', mark]);
  ctx.nat.append('KUBE-POSTROUTING', ['-m', 'comment', '--comment', '"kubernetes service traffic requiring SNAT"', '-j', 'MASQUERADE']);
  ctx.nat.append('KUBE-MARK-MASQ', ['-j', 'MARK', '--or-mark', mark]);
  if (ctx.localhostNodePorts) {
    ctx.filter.declare('KUBE-FIREWALL');
    ctx.filter.append('KUBE-FIREWALL', [
      '-m', 'comment', '--comment', '"block incoming localnet connections"', '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8',
      '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP',
    ]);
  }
}

function writeTail(ctx: RuleContext, mark: string): void {
  const destinations = ['-m', 'addrtype', '--dst-type', 'LOCAL', ...(ctx.localhostNodePorts ? [] : ['!', '-d', '127.0.0.0/8'])];
  ctx.nat.append('KUBE-SERVICES', [
    '-m', 'comment', '--comment', '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"',
    ...destinations, '-j', 'KUBE-NODEPORTS',
  ]);
  const nfacct = ctx.nfacct ? ['-m', 'nfacct', '--nfacct-name', 'ct_state_invalid_dropped_pkts'] : [];
  ctx.filter.append('KUBE-FORWARD', ['-m', 'conntrack', '--ctstate', 'INVALID', ...nfacct, '-j', 'DROP']);
  ctx.filter.append('KUBE-FORWARD', [
    '-m', 'comment', '--comment', '"kubernetes forwarding rules"', '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'ACCEPT',
  ]);
  ctx.filter.append('KUBE-FORWARD', [
    '-m', 'comment', '--comment', '"kubernetes forwarding conntrack rule"', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT',
  ]);
}

function chainsOf(ctx: RuleContext, sp: ServicePortInfo): ServiceChains {
  const protocol = sp.protocol.toLowerCase();
  const cat = categorizeEndpoints(sp, ctx.zone);
  const cluster = servicePortChainName(sp.name, protocol);
  const local = serviceLocalChainName(sp.name, protocol);
  const hasEndpoints = cat.hasAnyEndpoints;
  const hasInternalEndpoints = hasEndpoints && !(sp.internalPolicyLocal && cat.localEndpoints.length === 0);
  const hasExternalEndpoints = hasEndpoints && !(sp.externalPolicyLocal && cat.localEndpoints.length === 0);
  const fw = serviceFirewallChainName(sp.name, protocol);
  const usesFW = hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  const ext = serviceExternalChainName(sp.name, protocol);
  return {
    protocol, cat, clusterChain: cluster, localChain: local,
    internalChain: sp.internalPolicyLocal ? local : cluster,
    externalPolicyChain: sp.externalPolicyLocal ? local : cluster,
    externalChain: ext, firewallChain: fw, usesFW,
    loadBalancerChain: usesFW ? fw : ext,
    hasEndpoints, hasInternalEndpoints, hasExternalEndpoints,
    usesExternalChain: hasEndpoints && externallyAccessible(sp),
    endpointChain: (key) => servicePortEndpointChainName(sp.name, protocol, key),
  };
}

function writeServicePort(ctx: RuleContext, sp: ServicePortInfo): void {
  const c = chainsOf(ctx, sp);
  writeEntryRules(ctx, sp, c);
  writeServiceChains(ctx, sp, c);
}

/** The KUBE-SERVICES, KUBE-NODEPORTS and filter-table rules that capture the service's addresses. */
function writeEntryRules(ctx: RuleContext, sp: ServicePortInfo, c: ServiceChains): void {
  const { filter, nat } = ctx;
  const proto = ['-m', c.protocol, '-p', c.protocol];
  const dest = (ip: string): string[] => [...proto, '-d', ip, '--dport', String(sp.port)];
  const comment = (text: string): string[] => ['-m', 'comment', '--comment', text];
  const noEndpoints = `"${sp.name} has no endpoints"`;
  const noLocal = `"${sp.name} has no local endpoints"`;
  const extFilter = c.hasEndpoints ? { target: 'DROP', comment: noLocal } : { target: 'REJECT', comment: noEndpoints };
  if (c.hasInternalEndpoints) nat.append('KUBE-SERVICES', [...comment(`"${sp.name} cluster IP"`), ...dest(sp.clusterIP), '-j', c.internalChain]);
  else filter.append('KUBE-SERVICES', [...comment(c.hasEndpoints ? noLocal : noEndpoints), ...dest(sp.clusterIP), '-j', c.hasEndpoints ? 'DROP' : 'REJECT']);
  for (const ip of sp.externalIPs) {
    if (c.hasEndpoints) nat.append('KUBE-SERVICES', [...comment(`"${sp.name} external IP"`), ...dest(ip), '-j', c.externalChain]);
    if (!c.hasExternalEndpoints) filter.append('KUBE-EXTERNAL-SERVICES', [...comment(extFilter.comment), ...dest(ip), '-j', extFilter.target]);
  }
  for (const ip of sp.loadBalancerVIPs) {
    if (c.hasEndpoints) nat.append('KUBE-SERVICES', [...comment(`"${sp.name} loadbalancer IP"`), ...dest(ip), '-j', c.loadBalancerChain]);
    if (c.usesFW) {
      filter.append('KUBE-PROXY-FIREWALL', [...comment(`"${sp.name} traffic not accepted by ${c.firewallChain}"`), ...dest(ip), '-j', 'DROP']);
    }
  }
  if (!c.hasExternalEndpoints) {
    for (const ip of sp.loadBalancerVIPs) filter.append('KUBE-EXTERNAL-SERVICES', [...comment(extFilter.comment), ...dest(ip), '-j', extFilter.target]);
  }
  if (sp.nodePort !== 0) {
    const port = ['--dport', String(sp.nodePort)];
    if (c.hasEndpoints) {
      if (ctx.localhostNodePorts && ctx.nfacct) {
        nat.append('KUBE-NODEPORTS', [
          ...comment(sp.name), ...proto, '-d', '127.0.0.0/8', ...port, '-m', 'nfacct', '--nfacct-name', 'localhost_nps_accepted_pkts', '-j', c.externalChain,
        ]);
      }
      nat.append('KUBE-NODEPORTS', [...comment(sp.name), ...proto, ...port, '-j', c.externalChain]);
    }
    if (!c.hasExternalEndpoints) {
      filter.append('KUBE-EXTERNAL-SERVICES', [...comment(extFilter.comment), '-m', 'addrtype', '--dst-type', 'LOCAL', ...proto, ...port, '-j', extFilter.target]);
    }
  }
  if (sp.healthCheckNodePort !== 0) {
    filter.append('KUBE-NODEPORTS', [...comment(`"${sp.name} health check node port"`), '-m', 'tcp', '-p', 'tcp', '--dport', String(sp.healthCheckNodePort), '-j', 'ACCEPT']);
  }
}
