/**
 * The state shared by the iptables rule writers while one dump is built: the two tables, the
 * proxier's options, and per service port the chain names and endpoint sets it routes by.
 *
 * Contract: types only.
 * Upstream: pkg/proxy/iptables/proxier.go (Proxier fields, syncProxyRules locals)
 */
import type { CategorizedEndpoints } from './categorizeEndpoints.js';
import type { IptablesTable } from './iptablesDump.js';

export interface RuleContext {
  filter: IptablesTable;
  nat: IptablesTable;
  /** The ClusterCIDR local detector's CIDR, or undefined (no detector). */
  clusterCIDR: string | undefined;
  masqueradeAll: boolean;
  localhostNodePorts: boolean;
  nfacct: boolean;
  largeClusterMode: boolean;
  nodeIP: string | undefined;
  zone: string;
  probability: (n: number) => string;
}

export interface ServiceChains {
  /** Lower-case protocol, as in `-m tcp -p tcp`. */
  protocol: string;
  cat: CategorizedEndpoints;
  clusterChain: string;
  localChain: string;
  internalChain: string;
  externalPolicyChain: string;
  externalChain: string;
  firewallChain: string;
  loadBalancerChain: string;
  usesFW: boolean;
  usesExternalChain: boolean;
  hasEndpoints: boolean;
  hasInternalEndpoints: boolean;
  hasExternalEndpoints: boolean;
  endpointChain: (key: string) => string;
}
