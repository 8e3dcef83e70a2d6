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
 *   --cluster-cidr      kube-proxy's --cluster-cidr for the local-traffic detector
 *                       (default 10.244.0.0/16, miniplane's pod network; "" for none)
 *   --masquerade-all    kube-proxy's --masquerade-all
 *   --ipvs-scheduler    kube-proxy's --ipvs-scheduler (default rr)
 *
 * Contract: read-only: three lists (all namespaces) and no writes. A --node that does not exist
 * is kubectl's NotFound error for that node.
 * Upstream: pkg/proxy/iptables/proxier.go, pkg/proxy/ipvs/proxier.go (see packages/api/src/proxyRules)
 */
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import { renderIptables, renderIpvs, type ProxyNode } from '@miniplane/api/proxyRules/index';
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

export async function run(s: Session, args: string[]): Promise<number> {
  if (args.length) throw new UsageError(`unexpected arguments: ${args.join(' ')}`, 'proxy-rules');
  const mode = s.flags.string('mode') ?? 'iptables';
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
    s.io.out(renderIpvs(state, { scheduler: s.flags.string('ipvs-scheduler') ?? 'rr' }));
    return 0;
  }
  const cidr = s.flags.string('cluster-cidr') ?? '10.244.0.0/16';
  s.io.out(renderIptables(state, {
    clusterCIDR: cidr === '' ? undefined : cidr, masqueradeAll: s.flags.bool('masquerade-all'), tables: table, probabilities: 'save',
  }));
  return 0;
}
