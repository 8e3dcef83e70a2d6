/**
 * The node lifecycle controller on the simulated cluster: one node's kubelet stops (its own
 * startNodes run is stopped), the node goes Unknown with kube's reason and the unreachable
 * taints, its pods go not Ready and, once their tolerationSeconds (the DefaultTolerationSeconds
 * admission's, shortened here) ran out, are evicted and replaced on the other node. Cordon adds
 * the unschedulable taint. Short grace periods keep it quick; the lease renews every 250 ms.
 */
import t from 'tap';
import { pino } from 'pino';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import type { ReplicaSet } from '@miniplane/controllers';
import { startNodes } from '@miniplane/nodes';
import { eventually, runControllers, startTestServer } from '../../controllers/test/harness.js';
import { startScheduler } from '../src/startScheduler.js';

const quiet = pino({ level: 'silent' });

t.test('a silent node: Unknown, tainted, its pods evicted and replaced; cordon taints', async (t) => {
  const h = await startTestServer(t, { podAdmission: { tolerationSeconds: { notReady: 3, unreachable: 3 } } });
  await runControllers(t, h, { controllers: 'nodeipam,replicaset,nodelifecycle', nodeMonitorGracePeriodMs: 2000, nodeMonitorPeriodMs: 200 });
  const one = await startNodes({ client: h.api, logger: quiet, nodes: 1, leaseRenewMs: 250 });
  t.teardown(() => one.stop());
  const two = await startNodes({ client: h.api, logger: quiet, nodes: 1, firstNode: 2, leaseRenewMs: 250 });
  t.teardown(() => two.stop());
  const sched = await startScheduler({ client: h.api, logger: quiet });
  t.teardown(() => sched.stop());
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  const nodes = h.res<NodeObject>('v1', 'Node');
  await h.res<ReplicaSet>('apps/v1', 'ReplicaSet', 'default').create({
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
    spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  } as ReplicaSet);
  const ready = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const live = async () => (await pods.list({ labelSelector: 'app=web' })).items.filter((p) => !p.metadata.deletionTimestamp);
  const before = await eventually(async () => { const l = await live(); return l.length === 4 && l.every(ready) ? l : undefined; }, 20_000, '4 ready pods');
  const onTwo = before.filter((p) => p.spec.nodeName === 'node-2').map((p) => p.metadata.name);
  t.ok(onTwo.length > 0, 'some pods run on node-2');
  t.same((await nodes.get('node-1')).spec?.taints ?? [], [], 'a healthy node has no taints');

  await two.stop();
  const lost = await eventually(async () => {
    const n = await nodes.get('node-2');
    return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown' ? n : undefined;
  }, 15_000, 'node-2 Unknown');
  t.match(lost.status!.conditions!.find((c) => c.type === 'Ready'), { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  t.ok(lost.status!.conditions!.every((c) => c.status === 'Unknown'), 'every condition Unknown');
  const tainted = await eventually(async () => { const n = await nodes.get('node-2'); return (n.spec?.taints?.length ?? 0) >= 2 ? n : undefined; }, 5000, 'taints');
  t.match(tainted.spec!.taints, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: /Z$/ }]);
  const get = await h.kubectl('get', 'node', 'node-2', '--no-headers');
  t.match(get.stdout, /^node-2\s+NotReady\s/, get.stderr);

  // Not Ready at once; evicted after the 3 s toleration; replaced on node-1.
  const first = await pods.get(onTwo[0]!);
  t.equal(first.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'False', 'a pod on the lost node is not Ready');
  const after = await eventually(async () => {
    const l = await live();
    return l.length === 4 && l.every((p) => p.spec.nodeName === 'node-1' && ready(p)) ? l : undefined;
  }, 30_000, '4 ready pods on node-1');
  t.notOk(after.some((p) => onTwo.includes(p.metadata.name)), 'the evicted pods were replaced');
  const evicted = await eventually(() => h.events('TaintManagerEviction'), 5000, 'TaintManagerEviction');
  t.match(evicted[0]!.message, /^Marking for deletion Pod default\/web-/);

  t.equal((await h.kubectl('cordon', 'node-1')).code, 0);
  const cordoned = await eventually(async () => (await nodes.get('node-1')).spec?.taints?.find((x) => x.key === 'node.kubernetes.io/unschedulable'), 5000, 'unschedulable taint');
  t.equal(cordoned.effect, 'NoSchedule');
  t.equal((await h.kubectl('uncordon', 'node-1')).code, 0);
  await eventually(async () => !(await nodes.get('node-1')).spec?.taints?.length, 5000, 'taint removed');
});
