/**
 * kubectl cordon and drain on the simulated cluster: the ReplicaSet's pods are evicted from the
 * drained node (pods/eviction, by kubectl and by kubectl-lite) and replaced on the others; a
 * cordoned node gets no new pods.
 */
import t from 'tap';
import { pino } from 'pino';
import type { Pod } from '@miniplane/api/pod/types';
import { startNodes } from '@miniplane/nodes';
import { eventually, runControllers, startTestServer } from '../../controllers/test/harness.js';
import { startScheduler } from '../src/startScheduler.js';
import { liteBin, runProcess } from '../../kubectl-lite/test/harness.js';

const quiet = pino({ level: 'silent' });

/** A server with the given controllers, the simulated nodes and the scheduler. */
async function startCluster(t: Parameters<typeof startTestServer>[0], controllers: string) {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers });
  const nodes = await startNodes({ client: h.api, logger: quiet });
  t.teardown(() => nodes.stop());
  const sched = await startScheduler({ client: h.api, logger: quiet });
  t.teardown(() => sched.stop());
  return h;
}

t.test('kubectl drain moves a ReplicaSet\'s pods off a node', async (t) => {
  const h = await startCluster(t, 'nodeipam,replicaset');
  await h.res('apps/v1', 'ReplicaSet', 'default').create({
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
    spec: { replicas: 6, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
  });
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  const running = (pred: (ps: Pod[]) => boolean) => eventually(async () => {
    const ps = (await pods.list()).items.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
    return ps.length === 6 && pred(ps) ? ps : undefined;
  }, 20_000, 'six running pods');
  const before = await running((ps) => ps.some((p) => p.spec.nodeName === 'node-1'));
  t.ok(before.some((p) => p.spec.nodeName === 'node-1'), 'node-1 has pods before the drain');

  const drain = await h.kubectl('drain', 'node-1', '--ignore-daemonsets', '--timeout=30s');
  t.equal(drain.code, 0, drain.stderr);
  t.match(drain.stdout, /node\/node-1 cordoned[\s\S]*node\/node-1 drained/);
  // kubectl evicts through pods/eviction when discovery lists it (else it deletes, printing "deleted").
  t.match(drain.stderr + drain.stdout, /evicting pod default\/web-/, 'kubectl uses the eviction subresource');
  t.match(drain.stdout, /pod\/web-\S+ evicted/);
  const after = await running((ps) => ps.every((p) => p.spec.nodeName !== 'node-1'));
  t.same(after.filter((p) => p.spec.nodeName === 'node-1'), [], 'no pod left on node-1');
  const get = await h.kubectl('get', 'node', 'node-1', '--no-headers');
  t.match(get.stdout, /^node-1\s+Ready,SchedulingDisabled\s/);

  t.equal((await h.kubectl('scale', 'rs', 'web', '--replicas=9')).code, 0);
  const nine = await eventually(async () => {
    const ps = (await pods.list()).items.filter((p) => !p.metadata.deletionTimestamp && p.spec.nodeName);
    return ps.length === 9 ? ps : undefined;
  }, 20_000, 'nine bound pods');
  t.notOk(nine.some((p) => p.spec.nodeName === 'node-1'), 'the cordoned node gets none of the new pods');
  t.equal((await h.kubectl('uncordon', 'node-1')).code, 0);

  // kubectl-lite's drain takes the same eviction path.
  const lite = await runProcess(process.execPath, [liteBin, '--kubeconfig', h.server.kubeconfigPath!, 'drain', 'node-2', '--ignore-daemonsets', '--timeout=30s']);
  t.equal(lite.code, 0, lite.stderr);
  t.match(lite.stdout, /evicting pod default\/web-[\s\S]*pod\/web-\S+ evicted[\s\S]*node\/node-2 drained/);
  const left = await eventually(async () => {
    const ps = (await pods.list()).items.filter((p) => !p.metadata.deletionTimestamp && p.spec.nodeName);
    return ps.length === 9 && ps.every((p) => p.spec.nodeName !== 'node-2') ? ps : undefined;
  }, 20_000, 'nine pods off node-2');
  t.equal(left.length, 9, 'the evicted pods are replaced on the other nodes');
});

t.test("draining a StatefulSet's node: the pod recreated under its own name counts as evicted", async (t) => {
  const h = await startCluster(t, 'nodeipam,statefulset');
  await h.res('apps/v1', 'StatefulSet', 'default').create({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
    spec: { serviceName: 'db', replicas: 3, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'nginx:1.26' }] } } },
  });
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  const ready = await eventually(async () => {
    const ps = (await pods.list()).items.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
    return ps.length === 3 ? ps : undefined;
  }, 20_000, 'three running pods');
  const node = ready[0]!.spec.nodeName!;
  const before = ready.filter((p) => p.spec.nodeName === node).map((p) => p.metadata.uid);
  const lite = await runProcess(process.execPath, [liteBin, '--kubeconfig', h.server.kubeconfigPath!, 'drain', node, '--ignore-daemonsets', '--timeout=30s']);
  t.equal(lite.code, 0, lite.stderr);
  t.match(lite.stdout, new RegExp(`node/${node} drained`));
  const after = await eventually(async () => {
    const ps = (await pods.list()).items.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
    return ps.length === 3 && ps.every((p) => p.spec.nodeName !== node) ? ps : undefined;
  }, 20_000, 'three pods off the drained node');
  t.notOk(after.some((p) => before.includes(p.metadata.uid)), 'the drained pods were replaced by new ones');
});
