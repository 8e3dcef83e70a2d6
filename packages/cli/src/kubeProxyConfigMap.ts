/**
 * The `kube-system/kube-proxy` ConfigMap `miniplane up` writes, as kubeadm does for kube-proxy:
 * label `app: kube-proxy`, `kubeconfig.conf` (kube-proxy's in-cluster kubeconfig, naming this
 * apiserver) and `config.conf`, the KubeProxyConfiguration with the proxy's real settings:
 * `clusterCIDR` (up's `--cluster-cidr`: 10.244.0.0/16, or 127.244.0.0/16 with `--dataplane`),
 * `mode` (`--proxy-mode`, default iptables), `ipvs.scheduler` (`--ipvs-scheduler`, default rr),
 * `iptables.masqueradeAll` false. With or without `--dataplane` (no proxy runs without it, but the
 * cluster says how kube-proxy is configured, which `kubectl-lite proxy-rules` reads).
 *
 * Contract: written in-process before the ready line, signed and created or updated as
 * componentConfigMap.ts says (a kept data dir started with other flags: the ConfigMap follows the
 * running flags, as kubeadm's CreateOrUpdate does on upgrade; labels and annotations a user added
 * are kept).
 * Upstream: cmd/kubeadm/app/phases/addons/proxy/proxy.go (createKubeProxyConfigMap), manifests.go
 */
import type { KubeObject } from '@miniplane/api';
import { kubeProxyConfigurationText, type KubeProxySettings } from '@miniplane/api/proxyRules/index';
import type { RunningServer } from '@miniplane/apiserver';
import { writeComponentConfigMap } from './componentConfigMap.js';
/** The node IPAM controller's default pod network (kube-controller-manager has none; kubeadm clusters commonly use it). */
export const defaultClusterCIDR = '10.244.0.0/16';

/** The ConfigMap kubeadm writes, for this apiserver URL and these settings. */
export function kubeProxyConfigMap(server: string, s: KubeProxySettings): KubeObject {
  const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: ${server}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
    data: { 'config.conf': kubeProxyConfigurationText(s).trimEnd(), 'kubeconfig.conf': kubeconfig },
  } as KubeObject;
}

export function writeKubeProxyConfigMap(server: Pick<RunningServer, 'registry' | 'url'>, s: KubeProxySettings): void {
  writeComponentConfigMap(server, kubeProxyConfigMap(server.url, s));
}
