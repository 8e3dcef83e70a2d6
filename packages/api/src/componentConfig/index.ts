/**
 * Component configuration as a kubeadm cluster publishes it in kube-system ConfigMaps: the
 * kubelets' KubeletConfiguration (and, re-exported, kube-proxy's KubeProxyConfiguration from
 * proxyRules), CoreDNS's Corefile, their writers and readers, and the cluster settings a client
 * derives from the first two.
 *
 * Contract: pure; see each module.
 */
export { clusterDomainOfCorefile, coreDNSConfigMapRef, corefileText } from './corefile.js';
export { goYamlString } from './configDocument.js';
export { kubeletConfigurationText, kubeletSettingsOf, kubeletConfigAPIVersion, kubeletConfigKind, type KubeletSettings } from './kubeletConfiguration.js';
export {
  clusterSettingsOf, kubeletConfigMapRef, kubeProxyConfigMapRef, componentConfigHashAnnotation, kubeletDefaults, kubeProxyDefaults,
  type ClusterSettings, type ConfigMapLike, type ConfigMapRead, type ConfigMapRef, type SettingsSource,
} from './clusterSettings.js';
export { kubeProxyConfigurationText, kubeProxySettingsOf, type KubeProxySettings } from '../proxyRules/kubeProxyConfiguration.js';
