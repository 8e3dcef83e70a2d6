/**
 * The pod garbage collector against a running server, with the real kubectl and a shortened
 * period and quarantine: `kubectl delete node` leaves its pods until the quarantine has run out,
 * then they are marked Failed with kube's DisruptionTarget condition and force-deleted; a
 * terminating pod that was never scheduled is marked Failed and force-deleted, and so is one on a
 * not-Ready node tainted node.kubernetes.io/out-of-service; terminated pods
 * over --terminated-pod-gc-threshold go oldest first. kube's pod_gc_collector metrics count them.
 */
import t from 'tap';
import type { NodeObject, Pod, PodCondition } from '@miniplane/api/pod/types';
import { controllerMetricsRegistry } from '../src/endpointSlice/metrics.js';
import { eventually, runControllers, sleep, startTestServer, type Harness } from './harness.js';

const podSpec = (nodeName?: string) => ({ ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] });
const gone = (e: unknown) => /not found/.test(String(e));

async function names(h: Harness): Promise<string[]> {
  return (await h.res<Pod>('v1', 'Pod', 'default').list()).items.map((p) => p.metadata.name!).sort();
}

t.test('kubectl delete node: its pods go after the quarantine', async (t) => {
  const h = await startTestServer(t);
  const registry = controllerMetricsRegistry();
  await h.res('v1', 'Node').create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'doomed' } });
  await h.res('v1', 'Node').create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'kept' } });
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: podSpec('doomed') } as Pod);
  // held by a finalizer so the status podgc writes before its delete can be read
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'held', finalizers: ['example.com/hold'] }, spec: podSpec('doomed') } as Pod);
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stays' }, spec: podSpec('kept') } as Pod);
  await runControllers(t, h, { controllers: 'podgc', podGcPeriodMs: 200, podGcQuarantineMs: 3000, metricsRegistry: registry });

  const del = await h.kubectl('delete', 'node', 'doomed');
  t.equal(del.stdout.trim(), 'node "doomed" deleted', del.stderr);
  const deletedAt = Date.now();
  await sleep(1000);
  t.same(await names(h), ['a', 'held', 'stays'], 'nothing goes inside the quarantine');

  const held = await eventually(async () => {
    const p = await pods.get('held');
    return p.metadata.deletionTimestamp ? p : undefined;
  }, 15_000, 'the orphans force-deleted');
  t.ok(Date.now() - deletedAt >= 2500, `after the quarantine (${Date.now() - deletedAt} ms)`);
  t.equal(held.metadata.deletionGracePeriodSeconds, 0, 'grace period 0');
  t.equal(held.status?.phase, 'Failed');
  const target = (held.status?.conditions ?? []).find((c: PodCondition) => c.type === 'DisruptionTarget');
  t.match(target, { status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
  await eventually(() => pods.get('a').then(() => undefined).catch(gone), 5000, 'pod a gone');
  const got = await h.kubectl('get', 'pods', '-o', 'name');
  t.equal(got.stdout, 'pod/held\npod/stays\n', 'the pod on the live node stays');
  await pods.patch('held', { metadata: { finalizers: null } }, 'merge');
  await eventually(() => pods.get('held').then(() => undefined).catch(gone), 5000, 'held gone once its finalizer is');

  const counts = Object.fromEntries((await registry.getSingleMetric('pod_gc_collector_force_delete_pods_total')!.get()).values.map((v) => [`${v.labels.namespace}/${v.labels.reason}`, v.value]));
  t.equal(counts['default/orphaned'], 2, 'two orphans counted');
  t.same((await registry.getSingleMetric('pod_gc_collector_force_delete_pod_errors_total')!.get()).values, [], 'no errors');
});

t.test('a terminating pod never scheduled is marked Failed and force-deleted', async (t) => {
  const h = await startTestServer(t);
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'u', finalizers: ['example.com/hold'] }, spec: podSpec() } as Pod);
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending' }, spec: podSpec() } as Pod);
  const del = await h.kubectl('delete', 'pod', 'u', '--wait=false');
  t.equal(del.code, 0, del.stderr);
  t.equal((await pods.get('u')).status?.phase, 'Pending', 'Pending before podgc runs');
  await runControllers(t, h, { controllers: 'pod-garbage-collector', podGcPeriodMs: 200 });
  const failed = await eventually(async () => {
    const p = await pods.get('u');
    return p.status?.phase === 'Failed' ? p : undefined;
  }, 10_000, 'u Failed');
  t.notOk((failed.status?.conditions ?? []).some((c: PodCondition) => c.type === 'DisruptionTarget'), 'no DisruptionTarget for this reason');
  await pods.patch('u', { metadata: { finalizers: null } }, 'merge');
  await eventually(() => pods.get('u').then(() => undefined).catch(gone), 5000, 'u gone');
  t.equal((await pods.get('pending')).status?.phase, 'Pending', 'a pending pod not deleted is left alone');
});

t.test('terminating pods on a not-Ready out-of-service node are force-deleted', async (t) => {
  const h = await startTestServer(t);
  const nodes = h.res<NodeObject>('v1', 'Node');
  const n = await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'shut' } } as NodeObject);
  const ready = (status: 'True' | 'False') => ({ conditions: [{ type: 'Ready', status, reason: 'KubeletReady', message: 'x', lastHeartbeatTime: '2026-12-04T00:00:00Z', lastTransitionTime: '2026-12-04T00:00:00Z' }] });
  await nodes.updateStatus({ ...n, status: ready('True') });
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'leaving' }, spec: podSpec('shut') } as Pod);
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'running' }, spec: podSpec('shut') } as Pod);
  await pods.delete('leaving'); // graceful: no kubelet ever finishes it
  t.equal((await pods.get('leaving')).metadata.deletionGracePeriodSeconds, 30, 'Terminating with kube\'s 30 s');
  const taint = await h.kubectl('taint', 'node', 'shut', 'node.kubernetes.io/out-of-service=nodeshutdown:NoExecute');
  t.equal(taint.code, 0, taint.stderr);
  await runControllers(t, h, { controllers: 'podgc', podGcPeriodMs: 200 });
  await sleep(1000);
  t.same(await names(h), ['leaving', 'running'], 'tainted but Ready: kept');
  await nodes.updateStatus({ ...(await nodes.get('shut')), status: ready('False') });
  await eventually(() => pods.get('leaving').then(() => undefined).catch(gone), 10_000, 'leaving force-deleted');
  t.same(await names(h), ['running'], 'a pod not terminating stays');
});

t.test('--terminated-pod-gc-threshold: the oldest terminated pods go', async (t) => {
  const h = await startTestServer(t);
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  for (const [name, phase] of [['done-1', 'Succeeded'], ['done-2', 'Failed'], ['done-3', 'Succeeded'], ['done-4', 'Failed'], ['running', 'Running']] as const) {
    const p = await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: podSpec() } as Pod);
    await pods.updateStatus({ ...p, status: { ...p.status, phase } });
    if (name === 'done-2') await sleep(1100); // a later creationTimestamp (seconds) for done-3 and done-4
  }
  await runControllers(t, h, { controllers: 'podgc', podGcPeriodMs: 200, terminatedPodGcThreshold: 2 });
  await eventually(async () => ((await names(h)).length === 3 ? true : undefined), 10_000, 'two pods deleted');
  await sleep(600);
  t.same(await names(h), ['done-3', 'done-4', 'running'], 'the two oldest went; the threshold keeps two');
});
