/**
 * serviceRules: the proxy rules of one Service on one node, as text — kube-proxy's iptables
 * tables (as `iptables-save` prints them: filter and nat) or its IPVS table (`ipvsadm -Ln`) —
 * from the data plane's pure renderer (@miniplane/api proxyRules), as `kubectl-lite
 * proxy-rules` prints them for the whole cluster.
 *
 * Contract: pure. The state rendered holds this Service alone (with its EndpointSlices and every
 * Node), so the text is kube-proxy's fixed chains plus this Service's KUBE-SVC/SVL/EXT/FW/SEP
 * chains and rules; the cluster CIDR is kubectl-lite's default (miniplane's pod network
 * 10.244.0.0/16). The one difference from the whole-cluster dump: kube-proxy leaves rule
 * comments out past 1,000 endpoints counted over every Service, here over this one.
 * Upstream: pkg/proxy/iptables/proxier.go, pkg/proxy/ipvs/proxier.go
 */
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import { renderIptables, renderIpvs, type ProxyNode } from '@miniplane/api/proxyRules/index';
import type { Service } from '@miniplane/api/service/types';

export type RulesMode = 'iptables' | 'ipvs';

export const defaultClusterCIDR = '10.244.0.0/16';

export function serviceRules(svc: Service, slices: readonly EndpointSlice[], nodes: readonly ProxyNode[], nodeName: string, mode: RulesMode): string {
  const state = { services: [svc], endpointSlices: slices, nodes, nodeName };
  if (mode === 'ipvs') return renderIpvs(state, { scheduler: 'rr' });
  return renderIptables(state, { clusterCIDR: defaultClusterCIDR, probabilities: 'save' });
}
