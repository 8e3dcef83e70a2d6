/**
 * `kubectl drain NODE`: cordons the node, then evicts (with the eviction subresource when the
 * server has one) or deletes its pods, waiting for each to go, and prints `node/NAME drained`.
 * Pods no controller owns need `--force`; DaemonSet pods need `--ignore-daemonsets` (and are then
 * left alone); otherwise kubectl's "unable to drain" error, exit 1.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go, .../pkg/drain/{drain.go,filters.go}
 */
import { parseDuration } from '@miniplane/api/goDuration';
import { CliError, RawError } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import { listObjects } from '../fetch.js';
import type { KubeObj } from '../output/printObjects.js';
import type { Session } from '../session.js';
import { setUnschedulable } from './cordon.js';
import { bareName } from '../resourceArgs.js';

export const flags: readonly FlagSpec[] = [
  { name: 'force', type: 'bool' },
  { name: 'ignore-daemonsets', type: 'bool' },
  { name: 'delete-emptydir-data', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'timeout', type: 'string' },
  commonFlags.selector,
  { name: 'pod-selector', type: 'string' },
  { name: 'disable-eviction', type: 'bool' },
];

type Pod = KubeObj & { metadata: { name: string; namespace: string; uid?: string; ownerReferences?: { kind: string; controller?: boolean }[]; annotations?: Record<string, string> } };

export async function run(s: Session, args: string[]): Promise<number> {
  const f = s.flags;
  const [node] = args.map((a) => bareName(a, 'node'));
  if (!node) throw new CliError('USAGE: kubectl drain NODE [options]');
  if ((await setUnschedulable(s, [node], true)).length) return 1;
  const [conn, disc] = await Promise.all([s.conn(), s.discovery()]);
  const podsResource = (await disc.resolve('pods'))!;
  const pods = (await listObjects(conn.client, podsResource, { fieldSelector: `spec.nodeName=${node}`, labelSelector: f.string('pod-selector') })).items as Pod[];
  const key = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
  const controller = (p: Pod) => p.metadata.ownerReferences?.find((o) => o.controller);
  const unmanaged = pods.filter((p) => !controller(p) && !p.metadata.annotations?.['kubernetes.io/config.mirror']);
  const daemons = pods.filter((p) => controller(p)?.kind === 'DaemonSet');
  const problems: string[] = [];
  if (unmanaged.length && !f.bool('force')) problems.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.map(key).join(', ')}`);
  if (daemons.length && !f.bool('ignore-daemonsets')) problems.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemons.map(key).join(', ')}`);
  if (problems.length) {
    const msg = `cannot delete ${problems.join(', ')}`;
    throw new RawError(`error: unable to drain node "${node}" due to error: ${msg}, continuing command...\nThere are pending nodes to be drained:\n ${node}\n${msg}`);
  }
  if (unmanaged.length) s.io.err(`Warning: deleting Pods that declare no controller: ${unmanaged.map(key).join(', ')}\n`);
  if (daemons.length) s.io.err(`Warning: ignoring DaemonSet-managed Pods: ${daemons.map(key).join(', ')}\n`);
  const evict = podsResource.subresources.includes('eviction') && !f.bool('disable-eviction');
  const grace = f.int('grace-period');
  const end = Date.now() + (f.string('timeout') && f.string('timeout') !== '0s' ? parseDuration(f.string('timeout')!) : 7 * 24 * 3600_000);
  for (const p of pods.filter((x) => !daemons.includes(x))) {
    const path = `/api/v1/namespaces/${encodeURIComponent(p.metadata.namespace)}/pods/${encodeURIComponent(p.metadata.name)}`;
    const options = { kind: 'DeleteOptions', apiVersion: 'v1', ...(grace !== undefined && grace >= 0 ? { gracePeriodSeconds: grace } : {}) };
    if (evict) {
      s.io.out(`evicting pod ${key(p)}\n`);
      await conn.client.request({ method: 'POST', path: `${path}/eviction`, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name, namespace: p.metadata.namespace }, deleteOptions: options } });
    } else {
      await conn.client.request({ method: 'DELETE', path, body: options });
    }
    for (;;) {
      try {
        // As kubectl's waitForDelete: a pod recreated under the same name (a StatefulSet's) is gone.
        if ((await conn.client.request<Pod>({ method: 'GET', path })).metadata.uid !== p.metadata.uid) break;
      } catch (e: unknown) {
        if ((e as { code?: number }).code === 404) break;
        throw e;
      }
      if (Date.now() > end) throw new CliError(`drain did not complete within ${f.string('timeout')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    s.io.out(`pod/${p.metadata.name} ${evict ? 'evicted' : 'deleted'}\n`);
  }
  s.io.out(`node/${node} drained\n`);
  return 0;
}
