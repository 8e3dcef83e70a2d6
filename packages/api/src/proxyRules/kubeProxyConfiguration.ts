/**
 * kube-proxy's configuration as a cluster publishes it: kubeadm writes the ConfigMap
 * `kube-system/kube-proxy` whose `config.conf` is a KubeProxyConfiguration
 * (kubeproxy.config.k8s.io/v1alpha1) and every kube-proxy starts with `--config` on it. miniplane
 * `up` writes the same ConfigMap with the proxy's real settings, and `kubectl-lite proxy-rules`
 * reads its defaults from it.
 *
 * Contract: pure.
 * - `kubeProxyConfigurationText(s)`: the `config.conf` text as kubeadm marshals it
 *   (sigs.k8s.io/yaml: every field of the v1alpha1 type, keys in alphabetical order, zero values
 *   written as `""`, `0s`, `null`, `false`), with kubeadm's defaults (`bindAddress: 0.0.0.0`,
 *   `clientConnection.kubeconfig: /var/lib/kube-proxy/kubeconfig.conf`) and the given
 *   `clusterCIDR`, `mode`, `ipvs.scheduler` and `iptables.masqueradeAll`.
 * - `kubeProxySettingsOf(doc)`: those four settings read from a parsed `config.conf`, each as
 *   kube-proxy reads it (`mode: ""` is iptables, `ipvs.scheduler: ""` is rr, `clusterCIDR: ""`
 *   no local-traffic detector); a field missing or of the wrong type is left undefined; a
 *   document of another apiVersion/kind gives undefined.
 * Upstream: cmd/kubeadm/app/phases/addons/proxy/manifests.go (KubeProxyConfigMap19),
 *           cmd/kubeadm/app/componentconfigs/kubeproxy.go (Default),
 *           staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go
 */

import { asString, field, goYamlString, loggingYaml } from '../componentConfig/configDocument.js';

export const kubeProxyConfigAPIVersion = 'kubeproxy.config.k8s.io/v1alpha1';
export const kubeProxyConfigKind = 'KubeProxyConfiguration';

export interface KubeProxySettings {
  /** `clusterCIDR` (one CIDR or a comma-separated dual-stack pair); '' for none. */
  clusterCIDR: string;
  /** `mode`: 'iptables', 'ipvs' (as kube-proxy names them; '' is the platform default, iptables). */
  mode: string;
  /** `ipvs.scheduler` ('' is rr). */
  ipvsScheduler: string;
  /** `iptables.masqueradeAll`. */
  masqueradeAll: boolean;
}

export function kubeProxyConfigurationText(s: KubeProxySettings): string {
  return `apiVersion: ${kubeProxyConfigAPIVersion}
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${goYamlString(s.clusterCIDR)}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: ${s.masqueradeAll}
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ${goYamlString(s.ipvsScheduler)}
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: ${kubeProxyConfigKind}
${loggingYaml}metricsBindAddress: ""
mode: ${goYamlString(s.mode)}
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
`;
}

/** The settings kube-proxy would take from a parsed `config.conf` (see the contract). */
export function kubeProxySettingsOf(doc: unknown): Partial<KubeProxySettings> | undefined {
  if (field(doc, 'apiVersion') !== kubeProxyConfigAPIVersion || field(doc, 'kind') !== kubeProxyConfigKind) return undefined;
  const mode = asString(field(doc, 'mode'));
  const scheduler = asString(field(field(doc, 'ipvs'), 'scheduler'));
  const masqueradeAll = field(field(doc, 'iptables'), 'masqueradeAll');
  return {
    clusterCIDR: asString(field(doc, 'clusterCIDR')),
    mode: mode === '' ? 'iptables' : mode,
    ipvsScheduler: scheduler === '' ? 'rr' : scheduler,
    masqueradeAll: typeof masqueradeAll === 'boolean' ? masqueradeAll : undefined,
  };
}
