/**
 * `kubectl-lite resolv-conf POD [--cluster-domain DOMAIN] [--resolv-conf FILE]`: the
 * /etc/resolv.conf the kubelet would have written for the pod (a demo helper: miniplane's
 * simulated containers have no files), from its `dnsPolicy` and `dnsConfig` by
 * @miniplane/api's podResolvConf. The cluster domain and DNS are the kubelet's: those of the
 * KubeletConfiguration a kubeadm cluster publishes in `kube-system/kubelet-config` (key
 * `kubelet`; `miniplane up` writes it), `clusterDomain` and `clusterDNS`; `--cluster-domain`
 * wins. Without that ConfigMap (another cluster): the `kube-system/kube-dns` Service's ClusterIPs
 * and cluster.local. The node's own resolv.conf is read from `--resolv-conf` (the kubelet's flag,
 * default /etc/resolv.conf: the simulated nodes are this machine).
 *
 * Contract: read-only; a missing pod is kubectl's NotFound error; no cluster DNS (the
 * KubeletConfiguration names none, or without it no kube-dns Service): the kubelet's
 * MissingClusterDNS fallback (to `Default`) with its message as a warning on stderr; the
 * kubelet's limit warnings likewise. A kubelet-config whose `kubelet` does not parse as a
 * KubeletConfiguration is an error naming it (a kubelet would not start on it either).
 * Upstream: pkg/kubelet/network/dns/dns.go (GetPodDNS),
 *           cmd/kubeadm/app/phases/kubelet/config.go (the kubelet-config ConfigMap)
 */
import { readFileSync } from 'node:fs';
import { formatResolvConf, parseResolvConf, podResolvConf, type PodDNSInput } from '@miniplane/api/pod/resolvConf';
import { kubeletConfigMapRef, kubeletSettingsOf } from '@miniplane/api/componentConfig/index';
import { CliError, UsageError } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import type { Session } from '../session.js';
import { bareName } from '../resourceArgs.js';

interface Pod {
  metadata: { name?: string; namespace?: string; uid?: string };
  spec?: { dnsPolicy?: string; hostNetwork?: boolean; dnsConfig?: PodDNSInput['dnsConfig'] };
}

export const flags: readonly FlagSpec[] = [
  { name: 'cluster-domain', type: 'string' },
  { name: 'resolv-conf', type: 'string' },
];

export async function run(s: Session, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('exactly one pod name is required', 'resolv-conf');
  const name = bareName(args[0]!, 'pod');
  const conn = await s.conn();
  const pod = await conn.client.request<Pod>({
    method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(conn.namespace)}/pods/${encodeURIComponent(name)}`,
  });
  const { clusterDomain, clusterDNS } = await kubeletDNS(s);
  const file = s.flags.string('resolv-conf') ?? '/etc/resolv.conf';
  let hostText = '';
  try {
    hostText = file ? readFileSync(file, 'utf8') : '';
  } catch {
    // The kubelet goes on with an empty host configuration when it cannot read the file.
  }
  const r = podResolvConf({
    name: pod.metadata.name, namespace: pod.metadata.namespace ?? conn.namespace, uid: pod.metadata.uid,
    dnsPolicy: pod.spec?.dnsPolicy, hostNetwork: pod.spec?.hostNetwork, dnsConfig: pod.spec?.dnsConfig,
  }, clusterDNS, (s.flags.string('cluster-domain') ?? clusterDomain).replace(/\.$/, ''), parseResolvConf(hostText));
  for (const w of r.warnings) s.io.err(`Warning: ${w}\n`);
  s.io.out(formatResolvConf(r.config));
  return 0;
}

/** GET that answers undefined for NotFound. */
async function getOrNone<T>(s: Session, path: string): Promise<T | undefined> {
  const conn = await s.conn();
  return conn.client.request<T>({ method: 'GET', path }).catch((err: unknown) => {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  });
}

/** The kubelet's clusterDomain and clusterDNS: from kube-system/kubelet-config, else kube-dns and cluster.local. */
async function kubeletDNS(s: Session): Promise<{ clusterDomain: string; clusterDNS: string[] }> {
  const ref = kubeletConfigMapRef;
  const cm = await getOrNone<{ data?: Record<string, string> }>(s, `/api/v1/namespaces/${ref.namespace}/configmaps/${ref.name}`);
  if (cm) {
    const text = cm.data?.[ref.key] ?? '';
    let settings;
    try {
      settings = kubeletSettingsOf((await import('yaml')).parse(text));
    } catch (err: unknown) {
      throw new CliError(`configmap ${ref.namespace}/${ref.name}: ${ref.key} does not parse: ${(err as Error).message}`);
    }
    if (!settings) throw new CliError(`configmap ${ref.namespace}/${ref.name}: ${ref.key} is not a KubeletConfiguration`);
    return { clusterDomain: settings.clusterDomain ?? 'cluster.local', clusterDNS: settings.clusterDNS ?? [] };
  }
  const kubeDns = await getOrNone<{ spec?: { clusterIPs?: string[]; clusterIP?: string } }>(s, '/api/v1/namespaces/kube-system/services/kube-dns');
  const clusterDNS = (kubeDns?.spec?.clusterIPs ?? (kubeDns?.spec?.clusterIP ? [kubeDns.spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
  return { clusterDomain: 'cluster.local', clusterDNS };
}
