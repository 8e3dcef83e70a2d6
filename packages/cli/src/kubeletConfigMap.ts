/**
 * The `kube-system/kubelet-config` ConfigMap `miniplane up` writes, as `kubeadm init` does for the
 * kubelets it configures (phase upload-config kubelet): key `kubelet`, the KubeletConfiguration
 * every joining node downloads, here with the cluster's real values: `clusterDomain` is up's
 * `--cluster-domain` (default cluster.local: the domain the DNS component serves) and
 * `clusterDNS` the `kube-system/kube-dns` Service's ClusterIP(s) (`--dns`/`--dataplane` create
 * it), or, when there is no such Service, the address kubeadm names anyway: the 10th of the
 * service range. Clients read it to learn the cluster's domain (the live view's Service panel,
 * `kubectl-lite resolv-conf`), as they would on a kubeadm cluster.
 *
 * Contract: written in-process before the ready line, after kube-dns is created; signed and
 * created or updated as componentConfigMap.ts says. kubeadm's Role/RoleBinding
 * `kubeadm:kubelet-config` (get for system:nodes) are not made: miniplane has no authorization.
 * Upstream: cmd/kubeadm/app/phases/kubelet/config.go (CreateConfigMap),
 *           cmd/kubeadm/app/componentconfigs/kubelet.go (Default: clusterDNS, clusterDomain)
 */
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { kubeletConfigMapRef, kubeletConfigurationText, type KubeletSettings } from '@miniplane/api/componentConfig/index';
import type { RunningServer } from '@miniplane/apiserver';
import { writeComponentConfigMap } from './componentConfigMap.js';
import { kubeDnsIP } from './kubeDnsService.js';

const services = findResourceByKind('v1', 'Service')!;

/** The ConfigMap kubeadm writes for these settings. */
export function kubeletConfigMap(s: KubeletSettings): KubeObject {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: kubeletConfigMapRef.name, namespace: kubeletConfigMapRef.namespace },
    data: { [kubeletConfigMapRef.key]: kubeletConfigurationText(s) },
  } as KubeObject;
}

/** The cluster DNS address(es) the kubelets are given: kube-dns's ClusterIPs, else kubeadm's 10th address. */
export function clusterDNSOf(server: Pick<RunningServer, 'registry'>): string[] {
  const r = server.registry;
  const one = (ns: string, name: string) => r.list(services, ns, { filter: (s) => s.metadata.name === name }).items[0]?.spec as { clusterIP?: string; clusterIPs?: string[] } | undefined;
  const dns = one('kube-system', 'kube-dns');
  const ips = (dns?.clusterIPs ?? (dns?.clusterIP ? [dns.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
  if (ips.length) return ips;
  const ip = kubeDnsIP(one('default', 'kubernetes')?.clusterIP);
  return ip ? [ip] : [];
}

export function writeKubeletConfigMap(server: Pick<RunningServer, 'registry'>, clusterDomain: string): void {
  writeComponentConfigMap(server, kubeletConfigMap({ clusterDomain, clusterDNS: clusterDNSOf(server) }));
}
