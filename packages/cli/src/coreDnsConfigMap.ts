/**
 * The `kube-system/coredns` ConfigMap `miniplane up` writes when it runs the DNS component (`--dns`,
 * `--dataplane`), as kubeadm's CoreDNS addon phase does: key `Corefile`, kubeadm v1.33's text for
 * the cluster domain (up's `--cluster-domain`, default cluster.local), so clients (and
 * `miniplane dns` run alone) read the zone the cluster's DNS serves, as CoreDNS's kubernetes plugin
 * takes it on a kubeadm cluster. No labels and no checksum annotation: kubeadm sets neither on it.
 *
 * Contract: written in-process before the DNS component starts; created, or its Corefile replaced
 * when it differs (a kept data dir started with another domain, or a hand edit: the ConfigMap says
 * what the running DNS serves), as kubeadm's CreateOrUpdate does for a Corefile that needs no
 * migration; labels and annotations a user added are kept. Up's own DNS follows its flag, not this
 * ConfigMap. The Deployment, ServiceAccount and RBAC objects of kubeadm's addon are not made (no
 * CoreDNS pods run; miniplane has no authorization).
 * Upstream: cmd/kubeadm/app/phases/addons/dns/dns.go (createCoreDNSAddon), manifests.go (CoreDNSConfigMap)
 */
import type { KubeObject } from '@miniplane/api';
import { coreDNSConfigMapRef, corefileText } from '@miniplane/api/componentConfig/index';
import type { RunningServer } from '@miniplane/apiserver';
import { configMapOf, createOrUpdateConfigMap } from './componentConfigMap.js';

/** The ConfigMap kubeadm writes for this cluster domain. */
export function coreDnsConfigMap(clusterDomain: string): KubeObject {
  return configMapOf(coreDNSConfigMapRef, corefileText(clusterDomain));
}

export function writeCoreDnsConfigMap(server: Pick<RunningServer, 'registry'>, clusterDomain: string): void {
  createOrUpdateConfigMap(server, coreDnsConfigMap(clusterDomain));
}
