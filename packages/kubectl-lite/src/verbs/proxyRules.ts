/**
 * `kubectl-lite proxy-rules [--mode iptables|ipvs] [--node NODE]`: the rules kube-proxy would
 * program on a node for the cluster's current Services, EndpointSlices and Nodes, read over the
 * API and rendered by @miniplane/api's proxyRules: for iptables the filter and nat tables as
 * kube-proxy writes them (`--table nat|filter` for one), with statistic probabilities as
 * iptables-save prints them back (11 decimals); for ipvs the `ipvsadm -Ln` listing.
 *
 *   --mode              iptables (default) or ipvs
 *   --node              the node the rules are for (default: the first node by name)
 *   --table             all (default), nat or filter (iptables mode)
 *   --cluster-cidr      kube-proxy's --cluster-cidr for the local-traffic detector ("" for none)
 *   --masquerade-all    kube-proxy's --masquerade-all
 *   --ipvs-scheduler    kube-proxy's --ipvs-scheduler
 *
 * Defaults come from the cluster, as every kube-proxy of a kubeadm cluster takes its settings:
 * the `config.conf` KubeProxyConfiguration of the ConfigMap `kube-system/kube-proxy` (which
 * `miniplane up` writes) gives the mode, cluster CIDR, ipvs scheduler and masquerade-all; a flag
 * given wins. Without that ConfigMap (or a field of it): iptables, 10.244.0.0/16 (miniplane's pod
 * network), rr, false.
 *
 * Contract: read-only: the ConfigMap and three lists (all namespaces), no writes. A --node that
 * does not exist is kubectl's NotFound error for that node; a ConfigMap whose config.conf does
 * not parse is an error naming it (kube-proxy would not start on it either).
 * Upstream: pkg/proxy/iptables/proxier.go, pkg/proxy/ipvs/proxier.go (see packages/api/src/proxyRules)
 */
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import { kubeProxySettingsOf, renderIptables, renderIpvs, type KubeProxySettings, type ProxyNode } from '@miniplane/api/proxyRules/index';
import type { Service } from '@miniplane/api/service/types';
import { CliError, UsageError } from '../errors.js';
import type { FlagSpec } from '../flags.js';
import { listObjects } from '../fetch.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  { name: 'mode', type: 'string' },
  { name: 'node', type: 'string' },
  { name: 'table', type: 'string' },
  { name: 'cluster-cidr', type: 'string' },
  { name: 'masquerade-all', type: 'bool' },
  { name: 'ipvs-scheduler', type: 'string' },
];

async function list<T>(s: Session, resource: string): Promise<T[]> {
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const r = await disc.resolve(resource);
  if (r === undefined) throw new CliError(`the server doesn't have a resource type "${resource}"`);
  return (await listObjects(conn.client, r, {})).items as unknown as T[];
}

/** The settings of the cluster's kube-proxy ConfigMap (kubeadm's `kube-system/kube-proxy`), or none. */
async function clusterSettings(s: Session): Promise<Partial<KubeProxySettings>> {
  const conn = await s.conn();
  const cm = await conn.client.request<{ data?: Record<string, string> }>({ method: 'GET', path: '/api/v1/namespaces/kube-system/configmaps/kube-proxy' })
    .catch((err: unknown) => {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    });
  const text = cm?.data?.['config.conf'];
  if (text === undefined) return {};
  let doc: unknown;
  try {
    doc = (await import('yaml')).parse(text);
  } catch (err: unknown) {
    throw new CliError(`configmap kube-system/kube-proxy: config.conf does not parse: ${(err as Error).message}`);
  }
  return kubeProxySettingsOf(doc) ?? {};
}

export async function run(s: Session, args: string[]): Promise<number> {
  if (args.length) throw new UsageError(`unexpected arguments: ${args.join(' ')}`, 'proxy-rules');
  const cluster = await clusterSettings(s);
  const mode = s.flags.string('mode') ?? cluster.mode ?? 'iptables';
  if (s.flags.string('mode') === undefined && mode !== 'iptables' && mode !== 'ipvs') {
    throw new CliError(`the cluster's kube-proxy runs in mode "${mode}" (configmap kube-system/kube-proxy), which proxy-rules does not show: give --mode iptables or --mode ipvs`);
  }
  if (mode !== 'iptables' && mode !== 'ipvs') throw new UsageError(`--mode must be iptables or ipvs, not "${mode}"`, 'proxy-rules');
  const table = s.flags.string('table') ?? 'all';
  if (table !== 'all' && table !== 'nat' && table !== 'filter') throw new UsageError(`--table must be all, nat or filter, not "${table}"`, 'proxy-rules');
  const [services, endpointSlices, nodes] = await Promise.all([
    list<Service>(s, 'services'), list<EndpointSlice>(s, 'endpointslices.discovery.k8s.io'), list<ProxyNode>(s, 'nodes'),
  ]);
  const nodeName = s.flags.string('node') ?? nodes.map((n) => n.metadata.name).sort()[0];
  if (nodeName === undefined) throw new CliError('no nodes in the cluster: kube-proxy runs on a node (add one, or give --node)');
  if (!nodes.some((n) => n.metadata.name === nodeName)) throw new CliError(`nodes "${nodeName}" not found`);
  const state = { services, endpointSlices, nodes, nodeName };
  if (mode === 'ipvs') {
    s.io.out(renderIpvs(state, { scheduler: s.flags.string('ipvs-scheduler') ?? cluster.ipvsScheduler ?? 'rr' }));
    return 0;
  }
  const cidr = s.flags.string('cluster-cidr') ?? cluster.clusterCIDR ?? '10.244.0.0/16';
  s.io.out(renderIptables(state, {
    clusterCIDR: cidr === '' ? undefined : cidr, masqueradeAll: s.flags.has('masquerade-all') ? s.flags.bool('masquerade-all') : (cluster.masqueradeAll ?? false), tables: table, probabilities: 'save',
  }));
  return 0;
}
