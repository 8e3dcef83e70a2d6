/**
 * The namespace controller against a running server with the real kubectl: `kubectl delete
 * namespace` leaves it Terminating with kube's conditions while content with finalizers stays,
 * deletes the content of every kind (core and apps), and removes the namespace once the content
 * is gone, through /finalize. Pods go gracefully (Terminating with their grace period); one
 * still there once that has passed (no kubelet finishes it) is kube's ContentDeletionFailed.
 */
import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { eventually, runControllers, startTestServer } from './harness.js';

interface Condition { type: string; status: string; reason: string; message: string }

t.test('kubectl delete namespace empties and removes it', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'namespace' });
  const ns = h.res('v1', 'Namespace');
  const cms = h.res('v1', 'ConfigMap', 'doomed');
  await ns.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' }, data: { a: 'b' } });
  await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', finalizers: ['example.com/keep'] } });
  const made = await h.kubectl('create', 'deployment', 'web', '--image=nginx', '-n', 'doomed');
  t.equal(made.code, 0, made.stderr);

  const del = await h.kubectl('delete', 'namespace', 'doomed', '--wait=false');
  t.equal(del.stdout.trim(), 'namespace "doomed" deleted', del.stderr);
  const stuck = await eventually(async () => {
    const got = await ns.get('doomed');
    const c = ((got.status as { conditions?: Condition[] }).conditions ?? []).find((x) => x.type === 'NamespaceFinalizersRemaining');
    return c?.status === 'True' ? got : undefined;
  }, 10_000, 'NamespaceFinalizersRemaining');
  const status = stuck.status as { phase: string; conditions: Condition[] };
  t.equal(status.phase, 'Terminating');
  t.same(status.conditions.map((c) => [c.type, c.status, c.reason]), [
    ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
    ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
    ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
    ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain'],
    ['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain'],
  ]);
  t.equal(status.conditions[3]!.message, 'Some resources are remaining: configmaps. has 1 resource instances');
  t.equal(status.conditions[4]!.message, 'Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances');
  t.same((stuck.spec as { finalizers: string[] }).finalizers, ['kubernetes'], 'not finalized while content remains');
  t.equal((await h.kubectl('get', 'deployments', '-n', 'doomed', '-o', 'name')).stdout, '', 'the Deployment is gone');
  const got = await h.kubectl('get', 'namespace', 'doomed');
  t.match(got.stdout, /^NAME\s+STATUS\s+AGE\ndoomed\s+Terminating\s+/);
  const refused = await h.kubectl('create', 'configmap', 'late', '-n', 'doomed');
  t.match(refused.stderr, /unable to create new content in namespace doomed because it is being terminated/);

  // The last finalizer goes: the object goes, then the namespace.
  await cms.patch('kept', { metadata: { finalizers: null } }, 'merge');
  // Held by a finalizer, the content is looked at again after 15/2 + 1 = 8 s (kube's estimate).
  await eventually(() => ns.get('doomed').then(() => undefined).catch((e: unknown) => /not found/.test(String(e))), 20_000, 'namespace gone');

  // kubectl's default: wait until the namespace is gone.
  await ns.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'quick' } });
  await h.res('v1', 'Secret', 'quick').create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { k: 'v' } } as KubeObject);
  const waited = await h.kubectl('delete', 'namespace', 'quick', '--timeout=20s');
  t.equal(waited.code, 0, waited.stderr);
  const after = await h.kubectl('get', 'namespace', 'quick');
  t.equal(after.stderr.trim(), 'Error from server (NotFound): namespaces "quick" not found');
});

t.test('pods of a deleted namespace go Terminating; one left past its grace period is a content failure', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'namespace' });
  const ns = h.res('v1', 'Namespace');
  const pods = h.res('v1', 'Pod', 'stuck');
  await ns.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'stuck' } });
  // Bound to a node no kubelet plays: nothing finishes its graceful delete.
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 2, containers: [{ name: 'c', image: 'nginx' }] } });
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unbound' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const cms = h.res('v1', 'ConfigMap', 'stuck');
  await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
  await ns.delete('stuck');
  const terminating = await eventually(async () => {
    const p = await pods.get('p');
    return p.metadata.deletionTimestamp ? p : undefined;
  }, 10_000, 'the pod Terminating');
  t.equal(terminating.metadata.deletionGracePeriodSeconds, 2, 'deleted with its own grace period');
  t.equal((await pods.list()).items.length, 1, 'the unbound pod went at once');
  const conditions = async () => ((await ns.get('stuck')).status as { conditions?: Condition[] }).conditions ?? [];
  const remaining = await eventually(async () => (await conditions()).find((c) => c.type === 'NamespaceContentRemaining' && c.status === 'True'), 10_000, 'NamespaceContentRemaining');
  t.equal(remaining.message, 'Some resources are remaining: pods. has 1 resource instances');
  // Past the 2 s estimate (looked at again 2/2 + 1 = 2 s later), the pod is unexplained.
  const failed = await eventually(async () => (await conditions()).find((c) => c.type === 'NamespaceDeletionContentFailure' && c.status === 'True'), 15_000, 'ContentDeletionFailed');
  t.match(failed, { reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: stuck for gvr: /v1, Resource=pods' });
  t.ok(await cms.get('c'), 'nothing but pods is deleted while a pod is left (OrderedNamespaceDeletion)');
  const forced = await h.kubectl('delete', 'pod', 'p', '-n', 'stuck', '--grace-period=0', '--force');
  t.equal(forced.code, 0, forced.stderr);
  await eventually(() => ns.get('stuck').then(() => undefined).catch((e: unknown) => /not found/.test(String(e))), 20_000, 'namespace gone');
});
