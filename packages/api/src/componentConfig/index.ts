/**
 * Component configuration as a kubeadm cluster publishes it in kube-system ConfigMaps: the
 * kubelets' KubeletConfiguration (and, re-exported, kube-proxy's KubeProxyConfiguration from
 * proxyRules), their writers and readers, and the cluster settings a client derives from both.
 *
 * Contract: pure; see each module.
 */
export { goYamlString } from './configDocument.js';
export { kubeletConfigurationText, kubeletSettingsOf, kubeletConfigAPIVersion, kubeletConfigKind, type KubeletSettings } from './kubeletConfiguration.js';
export {
  clusterSettingsOf, kubeletConfigMapRef, kubeProxyConfigMapRef, componentConfigHashAnnotation, kubeletDefaults, kubeProxyDefaults,
  type ClusterSettings, type ConfigMapLike, type ConfigMapRead, type ConfigMapRef, type SettingsSource,
} from './clusterSettings.js';
export { kubeProxyConfigurationText, kubeProxySettingsOf, type KubeProxySettings } from '../proxyRules/kubeProxyConfiguration.js';
