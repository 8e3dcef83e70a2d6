/**
 * The kubelets' configuration as a kubeadm cluster publishes it: the ConfigMap
 * `kube-system/kubelet-config`, key `kubelet`, a KubeletConfiguration
 * (kubelet.config.k8s.io/v1beta1) that every `kubeadm join` downloads into the node's
 * /var/lib/kubelet/config.yaml. It is where a client finds the cluster domain (`clusterDomain`,
 * kubeadm's `networking.dnsDomain`) and the cluster DNS address (`clusterDNS`, the kube-dns
 * ClusterIP: the 10th address of the service range). miniplane `up` writes the same ConfigMap.
 *
 * Contract: pure.
 * - `kubeletConfigurationText(s)`: the `kubelet` text as kubeadm v1.33 marshals its defaulted
 *   config (sigs.k8s.io/yaml: keys in alphabetical order, the fields without omitempty written
 *   with their zero values `0s`, `""`, `{}`), with kubeadm's defaults (webhook authn/authz, the
 *   cluster CA as client CA, cgroupDriver systemd, healthz 127.0.0.1:10248, rotateCertificates,
 *   staticPodPath /etc/kubernetes/manifests; no `resolvConf`: kubeadm sets it only when the host
 *   runs systemd-resolved) and the given `clusterDomain` and `clusterDNS` (left out when empty,
 *   as omitempty does). Ends with a newline (kubeadm stores the marshalled bytes as they are).
 * - `kubeletSettingsOf(doc)`: those two settings read from a parsed document as the kubelet
 *   reads them; a field missing or of the wrong type is undefined (clusterDNS keeps its string
 *   items); a document of another apiVersion/kind gives undefined.
 * Upstream: cmd/kubeadm/app/componentconfigs/kubelet.go (Default),
 *           cmd/kubeadm/app/phases/kubelet/config.go (CreateConfigMap),
 *           staging/src/k8s.io/kubelet/config/v1beta1/types.go
 */
import { asString, field, goYamlString, loggingYaml } from './configDocument.js';

export const kubeletConfigAPIVersion = 'kubelet.config.k8s.io/v1beta1';
export const kubeletConfigKind = 'KubeletConfiguration';

export interface KubeletSettings {
  /** `clusterDomain`: the DNS domain of Services and pods (kubeadm's default cluster.local). */
  clusterDomain: string;
  /** `clusterDNS`: the nameserver(s) pods' resolv.conf names (the kube-dns ClusterIP). */
  clusterDNS: string[];
}

export function kubeletConfigurationText(s: KubeletSettings): string {
  const dns = s.clusterDNS.length ? `clusterDNS:\n${s.clusterDNS.map((ip) => `- ${goYamlString(ip)}\n`).join('')}` : '';
  const domain = s.clusterDomain ? `clusterDomain: ${goYamlString(s.clusterDomain)}\n` : '';
  return `apiVersion: ${kubeletConfigAPIVersion}
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
${dns}${domain}containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: ${kubeletConfigKind}
${loggingYaml}memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;
}

/** The settings the kubelet would take from a parsed `kubelet` document (see the contract). */
export function kubeletSettingsOf(doc: unknown): Partial<KubeletSettings> | undefined {
  if (field(doc, 'apiVersion') !== kubeletConfigAPIVersion || field(doc, 'kind') !== kubeletConfigKind) return undefined;
  const dns = field(doc, 'clusterDNS');
  return {
    clusterDomain: asString(field(doc, 'clusterDomain')),
    clusterDNS: Array.isArray(dns) ? dns.filter((ip): ip is string => typeof ip === 'string') : undefined,
  };
}
