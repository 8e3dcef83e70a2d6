/**
 * The `kube-system/kubelet-config` ConfigMap `miniplane up` writes, as `kubeadm init` does for the
 * kubelets it configures (phase upload-config kubelet): key `kubelet`, the KubeletConfiguration
 * every joining node downloads, here with the cluster's real values: `clusterDomain` is up's
 * `--cluster-domain` (default cluster.local: the domain the DNS component serves) and
 * `clusterDNS` the `kube-system/kube-dns` Service's ClusterIP(s) (`--dns`/`--dataplane` create
 * it: the 10th address of the service range, as kubeadm's GetDNSIP). Without kube-dns (plain
 * `up` runs no DNS) `clusterDNS` is left out, as a kubelet with no cluster DNS has it: a
 * deliberate difference from kubeadm, which always deploys CoreDNS and so always names one.
 * Clients read it to learn the cluster's domain and DNS (the live view's Service panel,
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
import { configMapOf, writeComponentConfigMap } from './componentConfigMap.js';

const services = findResourceByKind('v1', 'Service')!;

/** The ConfigMap kubeadm writes for these settings. */
export function kubeletConfigMap(s: KubeletSettings): KubeObject {
  return configMapOf(kubeletConfigMapRef, kubeletConfigurationText(s));
}

/** The cluster DNS address(es) the kubelets are given: kube-dns's ClusterIPs, none without it. */
export function clusterDNSOf(server: Pick<RunningServer, 'registry'>): string[] {
  const dns = server.registry.list(services, 'kube-system', { filter: (s) => s.metadata.name === 'kube-dns' }).items[0]?.spec as { clusterIP?: string; clusterIPs?: string[] } | undefined;
  return (dns?.clusterIPs ?? (dns?.clusterIP ? [dns.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
}

export function writeKubeletConfigMap(server: Pick<RunningServer, 'registry'>, clusterDomain: string): void {
  writeComponentConfigMap(server, kubeletConfigMap({ clusterDomain, clusterDNS: clusterDNSOf(server) }));
}
