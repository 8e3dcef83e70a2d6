/**
 * The nat-table chains of one service port: the masquerade rule for off-cluster traffic to the
 * cluster IP, the KUBE-EXT- chain (masquerade for Cluster policy; for Local policy the
 * pod/host short-circuits to the Cluster chain), the KUBE-FW- chain of loadBalancerSourceRanges,
 * the KUBE-SVC-/KUBE-SVL- chains picking an endpoint (affinity first, then random with
 * probabilities 1/n, 1/(n-1), ...), and one KUBE-SEP- chain per reachable endpoint
 * (hairpin masquerade, affinity `--set`, DNAT).
 *
 * Contract: pure apart from appending to the tables in `ctx`.
 * Upstream: pkg/proxy/iptables/proxier.go (syncProxyRules, writeServiceToEndpointRules)
 */
import { cidrContains, parseCIDR, parseIP } from '../allocators/cidr.js';
import type { RuleContext, ServiceChains } from './ruleContext.js';
import { usesClusterEndpoints, usesLocalEndpoints, type ProxyEndpoint, type ServicePortInfo } from './servicePorts.js';

export function writeServiceChains(ctx: RuleContext, sp: ServicePortInfo, c: ServiceChains): void {
  const { nat } = ctx;
  if (c.hasInternalEndpoints) {
    const args = ['-m', 'comment', '--comment', `"${sp.name} cluster IP"`, '-m', c.protocol, '-p', c.protocol, '-d', sp.clusterIP, '--dport', String(sp.port)];
    if (ctx.masqueradeAll) nat.append(c.internalChain, [...args, '-j', 'KUBE-MARK-MASQ']);
    else if (ctx.clusterCIDR !== undefined) nat.append(c.internalChain, [...args, '!', '-s', ctx.clusterCIDR, '-j', 'KUBE-MARK-MASQ']);
  }
  if (c.usesExternalChain) writeExternalChain(ctx, sp, c);
  if (c.usesFW) writeFirewallChain(ctx, sp, c);
  if (c.cat.clusterEndpoints.length > 0 && usesClusterEndpoints(sp)) {
    nat.declare(c.clusterChain);
    writeServiceToEndpointRules(ctx, sp, c, c.clusterChain, c.cat.clusterEndpoints);
  }
  if (c.cat.localEndpoints.length > 0 && usesLocalEndpoints(sp)) {
    nat.declare(c.localChain);
    writeServiceToEndpointRules(ctx, sp, c, c.localChain, c.cat.localEndpoints);
  }
  for (const ep of c.cat.allReachableEndpoints) writeEndpointChain(ctx, sp, c, ep);
}

function writeExternalChain(ctx: RuleContext, sp: ServicePortInfo, c: ServiceChains): void {
  const { nat } = ctx;
  const chain = c.externalChain;
  nat.declare(chain);
  if (!sp.externalPolicyLocal) {
    nat.append(chain, ['-m', 'comment', '--comment', `"masquerade traffic for ${sp.name} external destinations"`, '-j', 'KUBE-MARK-MASQ']);
  } else {
    if (ctx.clusterCIDR !== undefined) {
      nat.append(chain, ['-m', 'comment', '--comment', `"pod traffic for ${sp.name} external destinations"`, '-s', ctx.clusterCIDR, '-j', c.clusterChain]);
    }
    nat.append(chain, [
      '-m', 'comment', '--comment', `"masquerade LOCAL traffic for ${sp.name} external destinations"`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', 'KUBE-MARK-MASQ',
    ]);
    nat.append(chain, [
      '-m', 'comment', '--comment', `"route LOCAL traffic for ${sp.name} external destinations"`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', c.clusterChain,
    ]);
  }
  if (c.hasExternalEndpoints) nat.append(chain, ['-j', c.externalPolicyChain]);
}

function writeFirewallChain(ctx: RuleContext, sp: ServicePortInfo, c: ServiceChains): void {
  const { nat } = ctx;
  const chain = c.firewallChain;
  nat.declare(chain);
  const head = ['-m', 'comment', '--comment', `"${sp.name} loadbalancer IP"`];
  const nodeIP = ctx.nodeIP === undefined ? undefined : parseIP(ctx.nodeIP);
  let allowFromNode = false;
  for (const range of sp.loadBalancerSourceRanges) {
    nat.append(chain, [...head, '-s', range, '-j', c.externalChain]);
    const cidr = parseCIDR(range);
    if (cidr !== undefined && nodeIP !== undefined && cidrContains(cidr, nodeIP)) allowFromNode = true;
  }
  // A VIP-like load balancer's address is often local to the node: its requests to the VIP
  // loop back with the VIP as source, so they are let through when the node is allowed.
  if (allowFromNode) {
    for (const ip of sp.loadBalancerVIPs) nat.append(chain, [...head, '-s', ip, '-j', c.externalChain]);
  }
  nat.append(chain, ['-m', 'comment', '--comment', `"other traffic to ${sp.name} will be dropped by KUBE-PROXY-FIREWALL"`]);
}

function serviceComment(ctx: RuleContext, text: string): string[] {
  return ctx.largeClusterMode ? [] : ['-m', 'comment', '--comment', text];
}

function writeServiceToEndpointRules(ctx: RuleContext, sp: ServicePortInfo, c: ServiceChains, chain: string, endpoints: readonly ProxyEndpoint[]): void {
  if (sp.stickyMaxAgeSeconds > 0) {
    for (const ep of endpoints) {
      const sep = c.endpointChain(ep.key);
      ctx.nat.append(chain, [
        ...serviceComment(ctx, `"${sp.name} -> ${ep.key}"`), '-m', 'recent', '--name', sep, '--rcheck', '--seconds', String(sp.stickyMaxAgeSeconds), '--reap', '-j', sep,
      ]);
    }
  }
  endpoints.forEach((ep, i) => {
    const statistic = i < endpoints.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', ctx.probability(endpoints.length - i)] : [];
    ctx.nat.append(chain, [...serviceComment(ctx, `"${sp.name} -> ${ep.key}"`), ...statistic, '-j', c.endpointChain(ep.key)]);
  });
}

function writeEndpointChain(ctx: RuleContext, sp: ServicePortInfo, c: ServiceChains, ep: ProxyEndpoint): void {
  const chain = c.endpointChain(ep.key);
  ctx.nat.declare(chain);
  const head = serviceComment(ctx, sp.name);
  ctx.nat.append(chain, [...head, '-s', ep.ip, '-j', 'KUBE-MARK-MASQ']);
  const affinity = sp.stickyMaxAgeSeconds > 0 ? ['-m', 'recent', '--name', chain, '--set'] : [];
  ctx.nat.append(chain, [...head, ...affinity, '-m', c.protocol, '-p', c.protocol, '-j', 'DNAT', '--to-destination', ep.key]);
}
