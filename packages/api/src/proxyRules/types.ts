/**
 * What the rules renderer reads and the options kube-proxy would be started with.
 *
 * Contract: data only. Services and EndpointSlices are the API objects as listed; only the
 * fields kube-proxy reads matter. The renderer is IPv4-only (kube-proxy runs one proxier per
 * family; this is the IPv4 one).
 * Upstream: pkg/proxy/apis/config/types.go (KubeProxyConfiguration)
 */
import type { EndpointSlice } from '../endpoints/types.js';
import type { Service } from '../service/types.js';

export interface ProxyNode {
  metadata: { name: string; labels?: Record<string, string> };
  status?: { addresses?: Array<{ type: string; address: string }> };
}

export interface ProxyState {
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
  nodes: readonly ProxyNode[];
  /** The node the rules are for (kube-proxy's --hostname-override). */
  nodeName: string;
}

export interface IptablesOptions {
  /** --cluster-cidr with --detect-local-mode ClusterCIDR; absent: no local-traffic detector. */
  clusterCIDR?: string;
  /** --masquerade-all. */
  masqueradeAll?: boolean;
  /** --iptables-masquerade-bit, default 14 (mark 0x4000). */
  masqueradeBit?: number;
  /** --iptables-localhost-nodeports, default true. */
  localhostNodePorts?: boolean;
  /** Whether the kernel has nfacct counters (kube-proxy adds its accounting matches then); default true. */
  nfacct?: boolean;
  /** Which tables to print; default both, filter first, as kube-proxy writes them. */
  tables?: 'all' | 'filter' | 'nat';
  /** 'restore' (default): probabilities as kube-proxy writes them; 'save': as iptables-save prints them back. */
  probabilities?: 'restore' | 'save';
}

export interface IpvsOptions {
  /** --ipvs-scheduler, default rr. */
  scheduler?: string;
}
