/**
 * `kubectl delete namespace` with running pods, against a server with the namespace controller
 * and a simulated kubelet: the pods go Terminating with their grace period (as kube's
 * namespaced-resources deleter deletes them), the namespace shows NamespaceContentRemaining
 * while they do and keeps the rest of its content until they are gone, the kubelet finishes
 * them, and then the namespace goes.
 */
import t from 'tap';
import { pino } from 'pino';
import type { Pod } from '@miniplane/api/pod/types';
import { eventually, runControllers, startTestServer } from '../../controllers/test/harness.js';
import { startNodes } from '../src/startNodes.js';

interface Condition { type: string; status: string; reason: string; message: string }

t.test('a namespace with running pods: Terminating pods, then the namespace goes', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'nodeipam,namespace' });
  const n = await startNodes({ client: h.api, nodes: 1, logger: pino({ level: 'silent' }) });
  t.teardown(() => n.stop());
  await h.res('v1', 'Namespace').create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
  const pods = h.res<Pod>('v1', 'Pod', 'apps');
  for (const name of ['a', 'b']) {
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 3, containers: [{ name: 'c', image: 'nginx' }] } });
  }
  await eventually(async () => (await pods.list()).items.every((p) => p.status?.phase === 'Running'), 15_000, 'pods Running');
  const cms = h.res('v1', 'ConfigMap', 'apps');
  await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } });

  const del = await h.kubectl('delete', 'namespace', 'apps', '--wait=false');
  t.equal(del.code, 0, del.stderr);
  const terminating = await eventually(async () => {
    const items = (await pods.list()).items;
    return items.length === 2 && items.every((p) => p.metadata.deletionTimestamp) ? items : undefined;
  }, 10_000, 'both pods Terminating');
  t.same(terminating.map((p) => p.metadata.deletionGracePeriodSeconds), [3, 3], 'with their own grace period');
  const shown = await h.kubectl('get', 'pods', '-n', 'apps', '--no-headers');
  t.match(shown.stdout, /^a\s+\S+\s+Terminating/m, 'kubectl shows them Terminating');
  // Written right after the pass that deleted them.
  const remaining = await eventually(async () => {
    const ns = await h.res('v1', 'Namespace').get('apps');
    return ((ns.status as { conditions?: Condition[] }).conditions ?? []).find((c) => c.type === 'NamespaceContentRemaining');
  }, 10_000, 'NamespaceContentRemaining');
  t.match(remaining, { status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances' });
  t.ok(await cms.get('settings'), 'kube 1.33 deletes the rest only once the pods are gone (OrderedNamespaceDeletion)');
  const waited = await h.kubectl('wait', '--for=delete', 'namespace/apps', '--timeout=30s');
  t.equal(waited.code, 0, waited.stderr);
  t.same((await h.res('v1', 'Pod').list()).items.filter((p) => p.metadata.namespace === 'apps'), [], 'the kubelet finished the pods');
});
