/**
 * The rules kube-proxy would program for a cluster state, rendered as text: iptables
 * (`iptables-restore` input as kube-proxy writes it, both tables) and IPVS (`ipvsadm -Ln`).
 *
 * Contract: pure; see each module.
 */
export type { ProxyNode, ProxyState, IptablesOptions, IpvsOptions } from './types.js';
export { renderIptables } from './iptablesRules.js';
export { renderIpvs } from './ipvsRules.js';
export {
  portProtoHash, servicePortChainName, servicePortEndpointChainName, serviceExternalChainName, serviceFirewallChainName, serviceLocalChainName,
} from './chainNames.js';
export { probability, savedProbability } from './probability.js';
export { servicePorts, type ServicePortInfo, type ProxyEndpoint } from './servicePorts.js';
export { categorizeEndpoints, type CategorizedEndpoints } from './categorizeEndpoints.js';
export {
  kubeProxyConfigurationText, kubeProxySettingsOf, kubeProxyConfigAPIVersion, kubeProxyConfigKind, type KubeProxySettings,
} from './kubeProxyConfiguration.js';
