/**
 * `kubectl-lite resolv-conf POD [--cluster-domain DOMAIN] [--resolv-conf FILE]`: the
 * /etc/resolv.conf the kubelet would have written for the pod (a demo helper: miniplane's
 * simulated containers have no files), from its `dnsPolicy` and `dnsConfig` by
 * @miniplane/api's podResolvConf. The cluster DNS is the `kube-system/kube-dns` Service's
 * ClusterIPs (as kubeadm configures the kubelet's `--cluster-dns`); the node's own resolv.conf is
 * read from `--resolv-conf` (the kubelet's flag, default /etc/resolv.conf: the simulated nodes are
 * this machine).
 *
 * Contract: read-only; a missing pod is kubectl's NotFound error; no kube-dns Service: the
 * kubelet's MissingClusterDNS fallback (to `Default`) with its message as a warning on stderr; the
 * kubelet's limit warnings likewise.
 * Upstream: pkg/kubelet/network/dns/dns.go (GetPodDNS)
 */
import { readFileSync } from 'node:fs';
import { formatResolvConf, parseResolvConf, podResolvConf, type PodDNSInput } from '@miniplane/api/pod/resolvConf';
import { UsageError } from '../errors.js';
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
  const kubeDns = await conn.client.request<{ spec?: { clusterIPs?: string[]; clusterIP?: string } }>({
    method: 'GET', path: '/api/v1/namespaces/kube-system/services/kube-dns',
  }).catch((err: unknown) => {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  });
  const clusterDNS = (kubeDns?.spec?.clusterIPs ?? (kubeDns?.spec?.clusterIP ? [kubeDns.spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
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
  }, clusterDNS, (s.flags.string('cluster-domain') ?? 'cluster.local').replace(/\.$/, ''), parseResolvConf(hostText));
  for (const w of r.warnings) s.io.err(`Warning: ${w}\n`);
  s.io.out(formatResolvConf(r.config));
  return 0;
}
