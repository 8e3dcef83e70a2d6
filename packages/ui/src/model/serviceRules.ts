/**
 * serviceRules: the proxy rules of one Service on one node, as text — kube-proxy's iptables
 * tables (as `iptables-save` prints them: filter and nat) or its IPVS table (`ipvsadm -Ln`) —
 * from the data plane's pure renderer (@miniplane/api proxyRules), as `kubectl-lite
 * proxy-rules` prints them for the whole cluster.
 *
 * Contract: pure. The state rendered holds this Service alone (with its EndpointSlices and every
 * Node), so the text is kube-proxy's fixed chains plus this Service's KUBE-SVC/SVL/EXT/FW/SEP
 * chains and rules. kube-proxy's settings are the cluster's (`kube-system/kube-proxy`, see
 * store/clusterSettings.ts): the cluster CIDR of the local-traffic detector ('' for none: no
 * `! -s CIDR -j KUBE-MARK-MASQ` rule), masquerade-all and the IPVS scheduler. The one
 * difference from the whole-cluster dump: kube-proxy leaves rule comments out past 1,000
 * endpoints counted over every Service, here over this one.
 * Upstream: pkg/proxy/iptables/proxier.go, pkg/proxy/ipvs/proxier.go
 */
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import { renderIptables, renderIpvs, type KubeProxySettings, type ProxyNode } from '@miniplane/api/proxyRules/index';
import type { Service } from '@miniplane/api/service/types';

export type RulesMode = 'iptables' | 'ipvs';

export type RulesSettings = Pick<KubeProxySettings, 'clusterCIDR' | 'masqueradeAll' | 'ipvsScheduler'>;

export function serviceRules(svc: Service, slices: readonly EndpointSlice[], nodes: readonly ProxyNode[], nodeName: string, mode: RulesMode, proxy: RulesSettings): string {
  const state = { services: [svc], endpointSlices: slices, nodes, nodeName };
  if (mode === 'ipvs') return renderIpvs(state, { scheduler: proxy.ipvsScheduler });
  return renderIptables(state, { clusterCIDR: proxy.clusterCIDR === '' ? undefined : proxy.clusterCIDR, masqueradeAll: proxy.masqueradeAll, probabilities: 'save' });
}
